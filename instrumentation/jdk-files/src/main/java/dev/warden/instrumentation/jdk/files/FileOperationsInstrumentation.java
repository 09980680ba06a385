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
 * The {@code java.io.File} operations that change or list the file system: {@code delete},
 * {@code mkdir} ({@code mkdirs} calls it per level), {@code renameTo}, {@code createNewFile}, and
 * {@code normalizedList} (behind {@code list} and every {@code listFiles}). Hooked on {@code File}
 * rather than on {@code java.io.UnixFileSystem}, whose methods are native on JDK 17. A denied
 * call fails the way the method already fails: {@code false}, {@code null}, or an IOException.
 */
public final class FileOperationsInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.io.File");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("delete").and(takesArguments(0)), DeleteAdvice.class.getName());
        target.applyAdvice(named("mkdir").and(takesArguments(0)), MkdirAdvice.class.getName());
        target.applyAdvice(named("renameTo").and(takesArguments(1)), RenameAdvice.class.getName());
        target.applyAdvice(named("createNewFile").and(takesArguments(0)), CreateNewFileAdvice.class.getName());
        target.applyAdvice(named("normalizedList").and(takesArguments(0)), ListAdvice.class.getName());
    }

    public static final class DeleteAdvice {
        private DeleteAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This File self) {
            return !FileBridge.permits(self.getPath(), FileBridge.DELETE | FileBridge.NOFOLLOW);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean denied, @Advice.Return(readOnly = false) boolean deleted) {
            if (denied) {
                deleted = false;
            }
        }
    }

    public static final class MkdirAdvice {
        private MkdirAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This File self) {
            return !FileBridge.permits(self.getPath(), FileBridge.CREATE | FileBridge.NOFOLLOW);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean denied, @Advice.Return(readOnly = false) boolean created) {
            if (denied) {
                created = false;
            }
        }
    }

    /** A rename takes the source away (delete) and makes its content readable at the destination. */
    public static final class RenameAdvice {
        private RenameAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This File self, @Advice.Argument(0) File destination) {
            return destination != null
                    && !(FileBridge.permits(self.getPath(), FileBridge.READ | FileBridge.DELETE | FileBridge.NOFOLLOW)
                            && FileBridge.permits(destination.getPath(), FileBridge.WRITE_OR_CREATE | FileBridge.RAW_WRITE));
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean denied, @Advice.Return(readOnly = false) boolean renamed) {
            if (denied) {
                renamed = false;
            }
        }
    }

    public static final class CreateNewFileAdvice {
        private CreateNewFileAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This File self) throws IOException {
            FileBridge.checkCreate(self.getPath());
        }
    }

    public static final class ListAdvice {
        private ListAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This File self) {
            return !FileBridge.permits(self.getPath(), FileBridge.LIST);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean denied, @Advice.Return(readOnly = false) String[] names) {
            if (denied) {
                names = null;
            }
        }
    }
}
