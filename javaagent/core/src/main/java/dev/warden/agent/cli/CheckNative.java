package dev.warden.agent.cli;

import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.policy.decide.NativeAccess;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Verdict;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code check native --library PATH | --ffm | --unsafe}: would the policy's {@code native:} section allow it? */
@Command(name = "native", mixinStandardHelpOptions = true,
        description = {"Would loading the native library PATH (by its canonical path), using the FFM API's restricted",
            "methods, or obtaining sun.misc.Unsafe be allowed? The JDK's own libraries are always allowed to the JDK."})
final class CheckNative implements Callable<Integer> {

    static final class What {
        @Option(names = "--library", paramLabel = "PATH", required = true, description = "a JNI library, e.g. /tmp/libfoo.so")
        String library;

        @Option(names = "--ffm", required = true, description = "FFM restricted methods (Linker.downcallHandle, ...)")
        boolean ffm;

        @Option(names = "--unsafe", required = true, description = "sun.misc.Unsafe obtained by application code")
        boolean unsafe;
    }

    @ParentCommand
    CheckCommand check;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Override
    public Integer call() throws Exception {
        PolicyEngine engine = check.compiled();
        if (engine == null) {
            return WardenCli.BAD_INPUT;
        }
        String canonical = what.library == null ? null : CanonicalPaths.ofProcess().canonical(what.library);
        NativeAccess access = canonical != null ? NativeAccess.library(canonical)
                : what.ffm ? NativeAccess.FFM : NativeAccess.UNSAFE;
        Verdict verdict = engine.decideNative(access, check.toolScope(engine));
        String subject = switch (access.kind()) {
            case LIBRARY -> "load of native library " + what.library + (canonical.equals(what.library) ? "" : " (" + canonical + ")");
            case FFM -> "FFM restricted methods";
            case UNSAFE -> "sun.misc.Unsafe";
        };
        System.out.println((verdict.allowed() ? "allowed" : "denied") + ": " + subject);
        check.printScope();
        System.out.println("  rule:   " + (verdict.rule() == null ? "default-deny" : verdict.rule()
                + (verdict.ruleTarget() == null ? "" : " (" + verdict.ruleTarget() + ")")));
        System.out.println("  reason: " + verdict.reason());
        return verdict.allowed() ? WardenCli.OK : WardenCli.DENIED;
    }
}
