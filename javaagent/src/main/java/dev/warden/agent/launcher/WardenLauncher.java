package dev.warden.agent.launcher;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * The only Warden classes the app's class loader can see: {@code premain} for
 * {@code -javaagent:warden-agent.jar=...} and {@code main} for {@code java -jar warden-agent.jar}.
 * It has the tiny bootstrap bridge defined in the boot loader and hands over to the agent core in
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
            Map<String, byte[]> bridge = bridgeClassFiles(jar);
            WardenClassLoader loader = new WardenClassLoader(jar, agentJar.toUri().toURL(), bridge);
            // one reflective call, a constructor's: each reflective method call of its own shape spins classes
            @SuppressWarnings("unchecked")
            Consumer<Object[]> entry = (Consumer<Object[]>) loader.loadClass("dev.warden.agent.AgentEntry")
                    .getConstructor().newInstance();
            entry.accept(new Object[] {agentArgs, instrumentation, loader, version(), bridge});
        } catch (Throwable cannotLoad) {
            System.err.println("[warden] FATAL Warden refuses to start the JVM: cannot load the agent: " + cannotLoad);
            System.exit(REFUSED);
        }
    }

    public static void main(String[] args) throws Throwable {
        Path agentJar = agentJar();
        WardenClassLoader loader = new WardenClassLoader(new JarFile(agentJar.toFile()), agentJar.toUri().toURL(), Map.of());
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

    /** The bridge's class files, by binary name, read from the nested jar (they go to the boot loader). */
    private static Map<String, byte[]> bridgeClassFiles(JarFile jar) throws IOException {
        JarEntry entry = jar.getJarEntry(BOOTSTRAP_JAR);
        if (entry == null) {
            throw new IOException(BOOTSTRAP_JAR + " is missing from the agent jar");
        }
        Map<String, byte[]> classFiles = new LinkedHashMap<>();
        try (JarInputStream in = new JarInputStream(jar.getInputStream(entry))) {
            for (JarEntry classFile; (classFile = in.getNextJarEntry()) != null; ) {
                String name = classFile.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classFiles.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classFiles;
    }

    private static String version() {
        String version = WardenLauncher.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
