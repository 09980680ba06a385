package dev.warden.instrumentation.jdk.files;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.FileBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.File;
import java.io.IOException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * {@code File.createTempFile}: the random name is only known once {@code TempDirectory.generateFile}
 * returns it, and the file is created right after; the create is decided in between.
 */
public final class TempFileInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.io.File$TempDirectory");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("generateFile").and(takesArguments(3)), GenerateFileAdvice.class.getName());
    }

    public static final class GenerateFileAdvice {
        private GenerateFileAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return File generated) throws IOException {
            FileBridge.checkCreate(generated.getPath());
        }
    }
}
