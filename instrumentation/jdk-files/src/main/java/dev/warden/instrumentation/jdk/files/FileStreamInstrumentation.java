package dev.warden.instrumentation.jdk.files;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.FileBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.FileNotFoundException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * The java.io opens: the private {@code open} method that every constructor of
 * {@code FileInputStream}, {@code FileOutputStream} and {@code RandomAccessFile} calls right before
 * the native open. {@code FileReader}, {@code FileWriter}, {@code Scanner(File)}, {@code file:} URLs
 * ({@code FileURLConnection}), {@code ZipFile} and {@code JarFile} all open through these.
 */
public final class FileStreamInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.io.FileInputStream", "java.io.FileOutputStream", "java.io.RandomAccessFile");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("open").and(takesArguments(1)).and(takesArgument(0, named("java.lang.String"))),
                ReadOpenAdvice.class.getName());
        target.applyAdvice(named("open").and(takesArguments(2)).and(takesArgument(0, named("java.lang.String")))
                .and(takesArgument(1, named("boolean"))), WriteOpenAdvice.class.getName());
        target.applyAdvice(named("open").and(takesArguments(2)).and(takesArgument(0, named("java.lang.String")))
                .and(takesArgument(1, named("int"))), RandomAccessOpenAdvice.class.getName());
    }

    /** {@code FileInputStream.open(String)}. */
    public static final class ReadOpenAdvice {
        private ReadOpenAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) String name) throws FileNotFoundException {
            FileBridge.checkStream(name, FileBridge.READ);
        }
    }

    /** {@code FileOutputStream.open(String, boolean append)}: writes an existing file, or creates it. */
    public static final class WriteOpenAdvice {
        private WriteOpenAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) String name) throws FileNotFoundException {
            FileBridge.checkStream(name, FileBridge.WRITE_OR_CREATE);
        }
    }

    /** {@code RandomAccessFile.open(String, int mode)}. */
    public static final class RandomAccessOpenAdvice {
        private RandomAccessOpenAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) String name, @Advice.Argument(1) int mode) throws FileNotFoundException {
            FileBridge.checkRandomAccess(name, mode);
        }
    }
}
