package dev.warden.policy.decide;

import java.util.ArrayList;
import java.util.List;

import dev.warden.policy.Glob;
import dev.warden.policy.NativeRules;

/**
 * The {@code native:} section, compiled: the library globs with their variables expanded (a glob whose
 * variable has no value here matches nothing), and the allow verdicts of each glob, of {@code ffm: true}
 * and of {@code unsafe: true}, built once.
 */
public final class NativeMatcher {

    private record Library(Glob glob, Verdict allowed) {
    }

    private final NativeRules rules;
    private final List<Library> libraries;
    private final Verdict ffm;
    private final Verdict unsafe;

    private NativeMatcher(NativeRules rules, List<Library> libraries) {
        this.rules = rules;
        this.libraries = List.copyOf(libraries);
        this.ffm = rules.ffm() ? Verdict.allowedBy(rules.id() + ".ffm", "ffm: true") : null;
        this.unsafe = rules.unsafe() ? Verdict.allowedBy(rules.id() + ".unsafe", "unsafe: true") : null;
    }

    public static NativeMatcher compile(NativeRules rules, PathVariables variables) {
        List<Library> libraries = new ArrayList<>();
        for (int i = 0; i < rules.libraries().size(); i++) {
            String pattern = rules.libraries().get(i);
            String expanded = variables.expand(pattern);
            if (expanded != null) {
                libraries.add(new Library(Glob.compile(expanded, '/'), Verdict.allowedBy(rules.libraryId(i), pattern)));
            }
        }
        return new NativeMatcher(rules, libraries);
    }

    public Verdict decide(NativeAccess access) {
        switch (access.kind()) {
            case LIBRARY -> {
                for (Library library : libraries) {
                    if (library.glob().matches(access.library())) {
                        return library.allowed();
                    }
                }
                return Verdict.denied(null, null, rules.libraries().isEmpty()
                        ? "the policy allows no native library (" + rules.id() + ".libraries)"
                        : "no " + rules.id() + ".libraries glob matches " + access.library());
            }
            case FFM -> {
                return ffm != null ? ffm : Verdict.denied(null, null,
                        "the policy does not allow the FFM API's restricted methods (" + rules.id() + ".ffm)");
            }
            default -> {
                return unsafe != null ? unsafe : Verdict.denied(null, null,
                        "the policy does not allow application code to obtain sun.misc.Unsafe (" + rules.id() + ".unsafe)");
            }
        }
    }
}
