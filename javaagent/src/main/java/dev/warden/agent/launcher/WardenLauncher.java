package dev.warden.agent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The only Warden classes the app's class loader can see: {@code premain} for
 * {@code -javaagent:warden-agent.jar=...} and {@code main} for {@code java -jar warden-agent.jar}.
 * It puts the tiny bootstrap bridge on the boot class path and hands over to the agent core in
 * Warden's own class loader, where ByteBuddy, OpenTelemetry and the rest live apart from the app's
 * copies.
 */
public final class WardenLauncher {

    private static final String BOOTSTRAP_JAR = "boot/warden-bootstrap.jar";
    private static final int REFUSED = 78;

    private WardenLauncher() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        try {
            Path agentJar = agentJar();
            JarFile jar = new JarFile(agentJar.toFile());
            Path bootstrapJar = extractBootstrap(jar);
            instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar.toFile()));
            WardenClassLoader loader = new WardenClassLoader(jar, agentJar.toUri().toURL());
            loader.loadClass("dev.warden.agent.AgentStarter")
                    .getMethod("start", String.class, Instrumentation.class, ClassLoader.class, String.class, Path.class)
                    .invoke(null, agentArgs, instrumentation, loader, version(), bootstrapJar);
        } catch (Throwable cannotLoad) {
            System.err.println("[warden] FATAL Warden refuses to start the JVM: cannot load the agent: " + cannotLoad);
            System.exit(REFUSED);
        }
    }

    public static void main(String[] args) throws Throwable {
        Path agentJar = agentJar();
        WardenClassLoader loader = new WardenClassLoader(new JarFile(agentJar.toFile()), agentJar.toUri().toURL());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass("dev.warden.agent.cli.WardenCli").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException failed) {
            throw failed.getCause();
        }
    }

    private static Path agentJar() throws URISyntaxException {
        return Path.of(WardenLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * The boot class path takes files only: the bridge goes to a fresh private directory, which the
     * agent core removes at exit on a thread of its own (a deleteOnExit here would run on the app's
     * exiting thread, where Warden decides file deletes by the app's policy).
     */
    private static Path extractBootstrap(JarFile jar) throws IOException {
        JarEntry entry = jar.getJarEntry(BOOTSTRAP_JAR);
        if (entry == null) {
            throw new IOException(BOOTSTRAP_JAR + " is missing from the agent jar");
        }
        Path target = privateDirectory().resolve("warden-bootstrap.jar");
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, target);
        }
        return target;
    }

    /**
     * A new directory under {@code java.io.tmpdir} that only this user can enter. Named by the clock
     * and a counter rather than by {@code Files.createTempDirectory}, whose SecureRandom loads the
     * JDK's whole provider framework (about 60 classes) at every start: the name need not be
     * unguessable, because mkdir fails on any name that exists, a planted link included.
     */
    private static Path privateDirectory() throws IOException {
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        String prefix = "warden-boot-" + Long.toHexString(System.nanoTime()) + "-";
        for (int attempt = 0;; attempt++) {
            try {
                return Files.createDirectory(parent.resolve(prefix + attempt), ownerOnly);
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 99) {
                    throw taken;
                }
            }
        }
    }

    private static String version() {
        String version = WardenLauncher.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
