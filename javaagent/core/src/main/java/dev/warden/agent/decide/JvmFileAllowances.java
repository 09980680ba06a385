package dev.warden.agent.decide;

import dev.warden.policy.FileAccess;
import dev.warden.policy.Glob;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The reads (and directory listings) the JVM itself must make for an app to run under a policy whose {@code files} section
 * is empty: class loading from the class path and the JDK, and the JDK's own data (trust store,
 * time zones, security and logging configuration); and the files of the JDK Flight Recorder the operator
 * turned on (its repository, the recordings named on the command line), which it writes, and the settings it reads. Each allowance
 * covers only its accesses (reads, or every access for the recorder), only of its
 * paths, and only when the code that asked for the file is the JDK's own machinery for that
 * purpose: the first caller above the file APIs on the stack (the jars of {@code -javaagent} arguments: any caller). App code that reads the very same
 * files itself is decided by the policy. A path asked for with {@code ..} in it is never served. The stack is walked only for a read the policy denies.
 * The {@code strict} option turns all of them off.
 */
public final class JvmFileAllowances {

    /** Frames of the file APIs themselves (and of Warden): the caller is the first frame past them. */
    private static final String[] FILE_API = {
        "java.io.", "java.nio.", "sun.nio.", "java.util.zip.", "java.util.jar.", "java.util.Scanner", "sun.net.www.protocol.file.",
        "sun.net.www.protocol.jar.", "java.net.URL", "java.net.JarURLConnection", "java.security.AccessController",
        "jdk.internal.reflect.", "java.lang.invoke.", "java.lang.reflect."
    };
    /** Warden's own classes (its hooks, its libraries) are passed over too; the bridge's are the boot loader's. */
    private static final String WARDEN = "dev.warden.";
    private static final ClassLoader WARDEN_LOADER = JvmFileAllowances.class.getClassLoader();

    /**
     * The system properties by which the operator names files the JDK itself reads: stores, logging,
     * security (JAAS, Kerberos), the name service's hosts file, and the management agent's (JMX) configuration.
     */
    private static final String[] JDK_CONFIGURATION_FILES = {
        "javax.net.ssl.trustStore", "javax.net.ssl.keyStore", "java.util.logging.config.file", "java.security.properties",
        "jdk.net.hosts.file", "java.security.auth.login.config", "java.security.krb5.conf", "com.sun.management.config.file",
        "com.sun.management.jmxremote.password.file", "com.sun.management.jmxremote.access.file",
        "com.sun.management.jmxremote.ssl.config.file"
    };

    /** The accesses an allowance serves. */
    public enum Serves {
        READS, PROBES, EVERY_ACCESS;

        boolean access(FileAccess access) {
            return switch (this) {
                case READS -> access == FileAccess.READ || access == FileAccess.LIST || access == FileAccess.STAT;
                case PROBES -> access == FileAccess.STAT;
                case EVERY_ACCESS -> true;
            };
        }
    }

    /** One built-in allowance: a name for logs and spans, its paths, the callers it serves, and the accesses. */
    public record Allowance(String name, List<String> paths, List<String> callers, String why, Serves serves) {

        public Allowance(String name, List<String> paths, List<String> callers, String why) {
            this(name, paths, callers, why, Serves.READS);
        }

        boolean coversPath(List<Glob> globs, String path) {
            for (Glob glob : globs) {
                if (glob.matches(path)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether {@code caller} (null: none outside the file API) is one this allowance serves: a
         * named prefix counts only for the JDK's own classes, since any class loader may define a
         * class in a package named {@code sun.} or {@code jdk.internal.} (only {@code java.} is kept
         * to the JDK), and the app's {@code sun.steal.Reader} must not read the key store the JDK may.
         */
        boolean servesCaller(Class<?> caller) {
            String className = caller == null ? "" : caller.getName();
            for (String prefix : callers) {
                if (className.startsWith(prefix) && (prefix.isEmpty() || JdkClasses.isJdks(caller))) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Allowance> allowances;
    private final List<List<Glob>> globs = new ArrayList<>();
    private final StackWalker walker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** One function, not a stream pipeline per walk: the walk runs on the first reads of the JVM's own files, before main. */
    private static final Function<Stream<StackWalker.StackFrame>, Class<?>> FIRST_CALLER_OUTSIDE_FILE_API = frames -> {
        for (Iterator<StackWalker.StackFrame> each = frames.iterator(); each.hasNext();) {
            Class<?> type = each.next().getDeclaringClass();
            if (!isFileApiOrWarden(type)) {
                return type;
            }
        }
        return null;
    };

    JvmFileAllowances(List<Allowance> allowances) {
        this.allowances = List.copyOf(allowances);
        for (Allowance allowance : allowances) {
            List<Glob> compiled = new ArrayList<>();
            for (String path : allowance.paths()) {
                compiled.add(Glob.compile(path, '/'));
            }
            globs.add(List.copyOf(compiled));
        }
    }

    /** No allowances: {@code strict}. */
    public static JvmFileAllowances none() {
        return new JvmFileAllowances(List.of());
    }

    /**
     * The allowances of this JVM: its {@code java.home}, class path, module path and agent jars, each canonicalised.
     *
     * @param systemProperty the JVM's system properties
     * @param agentJars the jars of the JVM's {@code -javaagent} arguments, as written
     */
    public static JvmFileAllowances of(Function<String, String> systemProperty, List<String> agentJars, CanonicalPaths canonical)
            throws IOException {
        return of(systemProperty, agentJars, List.of(), null, canonical);
    }

    /**
     * {@link #of(Function, List, CanonicalPaths)}, with the flight recorder's files as the JVM's arguments name them.
     *
     * @param flightRecordings the files each {@code -XX:StartFlightRecording} names, as written ({@code filename=}, {@code settings=})
     * @param flightRecorderRepository {@code -XX:FlightRecorderOptions:repository=}, or null for the temporary directory
     */
    public static JvmFileAllowances of(Function<String, String> systemProperty, List<String> agentJars,
            List<String> flightRecordings, String flightRecorderRepository, CanonicalPaths canonical) throws IOException {
        String javaHome = canonical.canonical(systemProperty.apply("java.home"));
        List<String> classPath = new ArrayList<>();
        List<String> classPathJars = new ArrayList<>();
        classPath.add(javaHome + "/**");
        for (String key : new String[] {"java.class.path", "jdk.module.path"}) {
            String value = systemProperty.apply(key);
            if (value == null || value.isEmpty()) {
                continue;
            }
            // an empty element (leading, trailing or "::") is the current directory to the JDK's class loaders
            for (String entry : value.split(File.pathSeparator, -1)) {
                String path = canonical.canonical(entry.isEmpty() ? "." : entry);
                boolean directory = new File(path).isDirectory();
                classPath.add(directory ? path + "/**" : path);
                if (!directory) {
                    classPathJars.add(path);
                }
            }
        }
        List<String> runtimeData = new ArrayList<>();
        runtimeData.add(javaHome + "/**");
        // distributions link the JDK's configuration to /etc (Debian: conf/net.properties, lib/security/cacerts),
        // and the JDK opens some of it by its canonical path (NetProperties)
        String asInstalled = systemProperty.apply("java.home");
        for (String data : new String[] {"conf", "lib/security"}) {
            addLinkedTargets(new File(asInstalled, data), javaHome, canonical, runtimeData);
        }
        // the JDK's entropy: SecureRandom reads the kernel's random devices, and its seed generator lists
        // the temporary directory (the listing only, none of the files in it)
        runtimeData.add("/dev/random");
        runtimeData.add("/dev/urandom");
        // the JDK's container support (jdk.internal.platform: the heap and CPU defaults, the OperatingSystemMXBean,
        // the flight recorder's container events) reads the process's cgroups
        runtimeData.add("/proc/cgroups");
        runtimeData.add("/proc/self/cgroup");
        runtimeData.add("/proc/self/mountinfo");
        runtimeData.add("/sys/fs/cgroup/**");
        String temporary = systemProperty.apply("java.io.tmpdir");
        if (temporary != null && !temporary.isEmpty()) {
            runtimeData.add(canonical.canonical(temporary));
        }
        // files the operator named on the command line for the JDK itself to read
        for (String key : JDK_CONFIGURATION_FILES) {
            String value = systemProperty.apply(key);
            if (value != null && !value.isEmpty() && !value.equals("NONE")) {
                String path = value.startsWith("=") ? value.substring(1) : value;
                runtimeData.add(canonical.canonical(path.startsWith("file:") ? path.substring("file:".length()) : path));
            }
        }
        List<String> agents = new ArrayList<>();
        for (String jar : agentJars) {
            agents.add(canonical.canonical(jar));
        }
        List<Allowance> allowances = new ArrayList<>(List.of(
                new Allowance("jvm:class-loading", classPath,
                        List.of("jdk.internal.loader.", "jdk.internal.module.", "jdk.internal.jimage.", "java.lang.ClassLoader",
                                "java.lang.Class", "java.lang.Module", "java.net.URLClassLoader", "java.util.ServiceLoader"),
                        "class loaders read classes and resources from the class path, module path and the JDK"),
                new Allowance("jvm:runtime-data", runtimeData,
                        List.of("sun.", "jdk.internal.", "java.security.", "javax.security.", "javax.crypto.", "javax.net.ssl.",
                                "java.time.zone.", "java.util.logging.", "java.util.Currency", "java.util.TimeZone",
                                "java.lang.System", "java.lang.Runtime", "java.net.InetAddress", "jdk.jfr.",
                                // the JMX agent's password and access files
                                "com.sun.jmx.",
                                // conf/jaxp.properties and conf/jndi.properties, read by the JDK's XML and JNDI
                                // (Tomcat and Hibernate start both)
                                "jdk.xml.internal.", "javax.xml.", "com.sun.org.apache.", "com.sun.naming.internal.",
                                "javax.naming."),
                        "the JDK reads its own data under java.home and what a distribution links it to (trust store, time"
                                + " zones, security, logging, XML and JNDI configuration), the kernel's random devices, the process's"
                                + " cgroups (container limits), the listing of the"
                                + " temporary directory (entropy), and the stores and configuration files named by"
                                + " " + String.join(", ", JDK_CONFIGURATION_FILES))));
        if (!classPathJars.isEmpty()) {
            // any caller, as for agent jars: a launcher of its own reads the app's jar (Spring Boot's JarLauncher opens
            // the nested jars of an executable jar itself), and a jar's bytes are code this JVM runs anyway. Only jars:
            // a directory on the class path (even ".") is served to class loaders alone.
            allowances.add(new Allowance("jvm:class-path-jars", classPathJars, List.of(""),
                    "the jar files of the class path and module path, read by class loaders and by launchers of their own"));
        }
        if (!agents.isEmpty()) {
            // any caller: the JVM loads an agent from its jar, and the agent itself often reads the jar in premain (the
            // OpenTelemetry agent extracts its bootstrap classes from it); the operator named it, and its bytes are code
            // this JVM runs anyway
            allowances.add(new Allowance("jvm:agent-jars", agents, List.of(""),
                    "the jars of the JVM's -javaagent arguments, read by the JVM and by the agents themselves"));
        }
        // System.load and loadLibrary look whether the library file is there before the native open, which the
        // native section decides (the JVM's own probe; the load itself is no file read)
        allowances.add(new Allowance("jvm:native-library-probes", List.of("/**"),
                List.of("jdk.internal.loader.NativeLibraries", "jdk.internal.loader.NativeLibrary",
                        "jdk.internal.loader.ClassLoaderHelper", "java.lang.ClassLoader"),
                "the JDK's native-library loader looks whether a library file exists before loading it (the load is decided by"
                        + " the native section)", Serves.PROBES));
        allowances.add(flightRecorder(systemProperty, flightRecordings, flightRecorderRepository, canonical));
        return new JvmFileAllowances(allowances);
    }

    /**
     * The JDK Flight Recorder writes its chunks into a repository directory of this process
     * ({@code DATE_PID}, or {@code DATE_PID_N} when that exists, in the temporary directory or the one
     * {@code repository=} names) and the recordings to the files the operator named, or to
     * {@code hotspot-pid-PID-...jfr} in the working directory. A recording the app dumps elsewhere
     * through the {@code jdk.jfr} API is decided by the policy.
     */
    private static Allowance flightRecorder(Function<String, String> systemProperty, List<String> recordings, String repository,
            CanonicalPaths canonical) throws IOException {
        String pid = canonical.processId();
        List<String> paths = new ArrayList<>();
        String base = repository != null ? repository : systemProperty.apply("java.io.tmpdir");
        if (base != null && !base.isEmpty()) {
            String directory = canonical.canonical(base);
            for (String name : new String[] {"/*_" + pid, "/*_" + pid + "_*"}) {
                paths.add(directory + name);
                paths.add(directory + name + "/**");
            }
        }
        for (String recording : recordings) {
            String file = canonical.canonical(recording);
            paths.add(file);
            paths.add(file + "/**"); // filename= may name a directory
        }
        String workingDirectory = systemProperty.apply("user.dir");
        if (workingDirectory != null && !workingDirectory.isEmpty()) {
            paths.add(canonical.canonical(workingDirectory) + "/hotspot-pid-" + pid + "-*.jfr");
        }
        return new Allowance("jvm:flight-recorder", paths, List.of("jdk.jfr."),
                "the JDK Flight Recorder the operator turned on writes its repository (DATE_PID in the temporary directory or"
                        + " repository=) and the recordings named by -XX:StartFlightRecording filename= or its default"
                        + " hotspot-pid-PID-*.jfr, and reads the settings= it names", Serves.EVERY_ACCESS);
    }

    /** The canonical paths outside {@code java.home} that files under {@code directory} link to. */
    private static void addLinkedTargets(File directory, String javaHome, CanonicalPaths canonical, List<String> paths)
            throws IOException {
        File[] entries = directory.listFiles();
        if (entries == null) {
            return;
        }
        for (File entry : entries) {
            String target = canonical.canonical(entry.getPath());
            if (target.startsWith(javaHome + "/")) {
                if (entry.isDirectory()) {
                    addLinkedTargets(entry, javaHome, canonical, paths);
                }
            } else {
                paths.add(new File(target).isDirectory() ? target + "/**" : target);
            }
        }
    }

    public List<Allowance> allowances() {
        return allowances;
    }

    /**
     * The allowance that lets the JVM read or list this path on this call, if any. The path the JDK
     * asked for counts as well as the canonical one: distributions link parts of {@code java.home}
     * elsewhere ({@code conf/security} to {@code /etc}, {@code cacerts} to the system's trust store).
     *
     * @param absolutePath the path as asked for, made absolute but not resolved
     */
    Optional<Allowance> forRead(String absolutePath, String canonicalPath) {
        return forAccess(absolutePath, canonicalPath, FileAccess.READ);
    }

    /** {@link #forRead(String, String)}, for any access. */
    Optional<Allowance> forAccess(String absolutePath, String canonicalPath, FileAccess access) {
        Class<?> caller = null;
        boolean walked = false;
        for (int i = 0; i < allowances.size(); i++) {
            Allowance allowance = allowances.get(i);
            if (!allowance.serves().access(access)) {
                continue;
            }
            if (!allowance.coversPath(globs.get(i), canonicalPath) && !allowance.coversPath(globs.get(i), absolutePath)) {
                continue;
            }
            if (!walked) {
                caller = walker.walk(FIRST_CALLER_OUTSIDE_FILE_API);
                walked = true;
            }
            if (allowance.servesCaller(caller)) {
                return Optional.of(allowance);
            }
        }
        return Optional.empty();
    }

    /** The allowances (probe-only ones aside, they cover every path) whose paths cover this one, whoever asks (for {@code check}). */
    public List<Allowance> covering(String absolutePath, String canonicalPath) {
        List<Allowance> covering = new ArrayList<>();
        for (int i = 0; i < allowances.size(); i++) {
            if (allowances.get(i).serves() == Serves.PROBES) {
                continue;
            }
            if (allowances.get(i).coversPath(globs.get(i), canonicalPath) || allowances.get(i).coversPath(globs.get(i), absolutePath)) {
                covering.add(allowances.get(i));
            }
        }
        return covering;
    }

    /** A frame to pass over on the way to the caller: the JDK's file API, or Warden's own code; a class only named so is the caller. */
    private static boolean isFileApiOrWarden(Class<?> type) {
        String className = type.getName();
        if (className.startsWith(WARDEN)) {
            ClassLoader loader = type.getClassLoader();
            return loader == WARDEN_LOADER || loader == null;
        }
        for (String prefix : FILE_API) {
            if (className.startsWith(prefix)) {
                return JdkClasses.isJdks(type);
            }
        }
        return false;
    }
}
