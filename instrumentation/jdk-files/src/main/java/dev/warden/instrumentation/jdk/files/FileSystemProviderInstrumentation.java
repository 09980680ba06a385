package dev.warden.instrumentation.jdk.files;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.FileBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * The default file system provider of Linux ({@code LinuxFileSystemProvider} inherits these from
 * {@code sun.nio.fs.UnixFileSystemProvider}): every NIO way to open a file ({@code Files.newByteChannel},
 * {@code newInputStream}, {@code newOutputStream}, {@code readAllBytes}, {@code lines}, {@code write},
 * {@code FileChannel.open}, {@code AsynchronousFileChannel.open}), to delete, copy, move, make a
 * directory or a link, and to list a directory ({@code newDirectoryStream}, behind {@code list},
 * {@code walk} and {@code find}) ends in one of these methods, whichever public API led there.
 */
public final class FileSystemProviderInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.nio.fs.UnixFileSystemProvider");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(namedOneOf("newByteChannel", "newFileChannel", "newAsynchronousFileChannel")
                .and(takesArgument(0, named("java.nio.file.Path"))).and(takesArgument(1, named("java.util.Set"))),
                OpenAdvice.class.getName());
        target.applyAdvice(named("implDelete").and(takesArguments(2)), DeleteAdvice.class.getName());
        target.applyAdvice(named("createDirectory").and(takesArguments(2)), CreateAdvice.class.getName());
        target.applyAdvice(named("createSymbolicLink").and(takesArguments(3)), CreateAdvice.class.getName());
        target.applyAdvice(named("newDirectoryStream").and(takesArguments(2)), ListAdvice.class.getName());
        target.applyAdvice(named("copy").and(takesArguments(3)).and(takesArgument(0, named("java.nio.file.Path"))),
                CopyAdvice.class.getName());
        target.applyAdvice(named("move").and(takesArguments(3)).and(takesArgument(0, named("java.nio.file.Path"))),
                MoveAdvice.class.getName());
        target.applyAdvice(named("createLink").and(takesArguments(2)), HardLinkAdvice.class.getName());
    }

    public static final class OpenAdvice {
        private OpenAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path path, @Advice.Argument(1) Set<?> options) throws IOException {
            FileBridge.checkOpen(path, options);
        }
    }

    public static final class DeleteAdvice {
        private DeleteAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path path) throws IOException {
            FileBridge.checkPath(path, FileBridge.DELETE | FileBridge.NOFOLLOW);
        }
    }

    /** A new directory, or a new symbolic link (which is itself resolved at every later access). */
    public static final class CreateAdvice {
        private CreateAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path path) throws IOException {
            FileBridge.checkPath(path, FileBridge.CREATE | FileBridge.NOFOLLOW);
        }
    }

    public static final class ListAdvice {
        private ListAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path directory) throws IOException {
            FileBridge.checkPath(directory, FileBridge.LIST);
        }
    }

    public static final class CopyAdvice {
        private CopyAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path source, @Advice.Argument(1) Path target) throws IOException {
            FileBridge.checkPath(source, FileBridge.READ);
            FileBridge.checkPath(target, FileBridge.WRITE_OR_CREATE | FileBridge.RAW_WRITE);
        }
    }

    /** A move takes the source away and makes its content readable at the target. */
    public static final class MoveAdvice {
        private MoveAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path source, @Advice.Argument(1) Path target) throws IOException {
            FileBridge.checkPath(source, FileBridge.READ | FileBridge.DELETE | FileBridge.NOFOLLOW);
            FileBridge.checkPath(target, FileBridge.WRITE_OR_CREATE | FileBridge.RAW_WRITE);
        }
    }

    /**
     * {@code createLink(link, existing)}: a hard link cannot be told from the original afterwards,
     * so the existing file must allow what the new name could be used for.
     */
    public static final class HardLinkAdvice {
        private HardLinkAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Path link, @Advice.Argument(1) Path existing) throws IOException {
            FileBridge.checkPath(link, FileBridge.CREATE | FileBridge.NOFOLLOW);
            FileBridge.checkPath(existing, FileBridge.READ | FileBridge.WRITE | FileBridge.DELETE);
        }
    }
}
