package dev.warden.instrumentation.jdk.process;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.ProcessBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Processes: {@code ProcessBuilder.start}, {@code ProcessBuilder.startPipeline} and every
 * {@code Runtime.exec} reach {@code java.lang.ProcessImpl.start(cmdarray, env, dir, redirects,
 * redirectErrorStream)} before anything is created: no child, and no redirect file opened.
 */
public final class ProcessInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.lang.ProcessImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("start").and(isStatic()).and(takesArguments(5)), StartAdvice.class.getName());
    }

    public static final class StartAdvice {
        private StartAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) String[] command) throws IOException {
            ProcessBridge.beforeStart(command);
        }
    }
}
