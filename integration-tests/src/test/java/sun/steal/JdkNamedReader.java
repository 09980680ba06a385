package sun.steal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * App code in a package named like the JDK's ({@code sun.} is open to any class loader; only
 * {@code java.} is kept to the JDK): what it reads is the app's read, not the JDK's.
 */
public final class JdkNamedReader {

    private JdkNamedReader() {
    }

    public static int read(Path file) throws Exception {
        return Files.readAllBytes(file).length;
    }

    /** Runs {@code read} with this class as its caller. */
    public static int call(Callable<Integer> read) throws Exception {
        return read.call();
    }
}
