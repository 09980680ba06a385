package dev.warden.instrumentation.jdk.process;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.EnvironmentBridge;
import dev.warden.bootstrap.ProcessBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Processes: {@code ProcessBuilder.start()}, each stage of {@code ProcessBuilder.startPipeline} and
 * every {@code Runtime.exec} reach the private {@code ProcessBuilder.start(Redirect[])}, which alone
 * calls {@code ProcessImpl.start}. The decision is made on entry, before any child or redirect file
 * exists, and above the JDK's own wrapping of launch failures ("Cannot run program ..."), so the
 * app sees the denial's own message.
 */
public final class ProcessInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.lang.ProcessBuilder");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("start").and(isPrivate()).and(takesArguments(1)), StartAdvice.class.getName());
    }

    public static final class StartAdvice {
        private StartAdvice() {
        }

        /**
         * {@code environment} is null until the app asks for it: then the child inherits the JVM's, unless variables
         * are hidden from the app (credentials): then it gets the app's copy, {@code environment()}, without them.
         */
        @Advice.OnMethodEnter
        static void enter(@Advice.This ProcessBuilder builder, @Advice.FieldValue("command") List<String> command,
                @Advice.FieldValue("directory") File directory, @Advice.FieldValue("environment") Map<String, String> environment)
                throws IOException {
            Map<String, String> childEnvironment = environment == null && EnvironmentBridge.childNeedsCopy()
                    ? builder.environment() : environment;
            ProcessBridge.beforeStart(command.toArray(new String[0]), directory == null ? null : directory.getPath(),
                    childEnvironment);
        }
    }
}
