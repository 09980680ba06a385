package dev.warden.agent.config;

import dev.warden.agent.record.WardenLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM's own argument list, as the launcher and {@code JAVA_TOOL_OPTIONS} gave it (what
 * {@code RuntimeMXBean} reports, without loading JMX): read once at start, for the self-protection
 * warnings and for the agent jars the JVM must be able to read.
 */
public final class JvmArguments {

    private static final String JAVA_AGENT = "-javaagent:";

    private final List<String> arguments;

    public JvmArguments(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /** From {@code jdk.internal.misc.VM}, exported to Warden just for this; none when it cannot be read (with a warning). */
    public static JvmArguments of(Instrumentation instrumentation) {
        try {
            Module javaBase = Object.class.getModule();
            Module warden = JvmArguments.class.getModule();
            instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(warden)), Map.of(), Set.of(), Map.of());
            Object arguments = Class.forName("jdk.internal.misc.VM").getMethod("getRuntimeArguments").invoke(null);
            return new JvmArguments(List.of((String[]) arguments));
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            WardenLog.warn("could not read the JVM's arguments (no self-protection checks of them, no built-in read of"
                    + " other -javaagent jars): " + unavailable);
            return new JvmArguments(List.of());
        }
    }

    public List<String> all() {
        return arguments;
    }

    /** The jar of every {@code -javaagent:JAR[=options]}, as written (the JVM splits at the first {@code =}). */
    public List<String> agentJars() {
        List<String> jars = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith(JAVA_AGENT)) {
                String jarAndOptions = argument.substring(JAVA_AGENT.length());
                int options = jarAndOptions.indexOf('=');
                String jar = options < 0 ? jarAndOptions : jarAndOptions.substring(0, options);
                if (!jar.isEmpty()) {
                    jars.add(jar);
                }
            }
        }
        return jars;
    }

    /**
     * The files the operator named to the JDK Flight Recorder, as written: every {@code filename=} of a
     * {@code -XX:StartFlightRecording} argument (the recording it writes), and every {@code settings=}
     * (the configuration it reads, which it also looks for with {@code .jfc} appended).
     */
    public List<String> flightRecorderFiles() {
        List<String> files = new ArrayList<>();
        for (String option : flightRecorderOptions("-XX:StartFlightRecording")) {
            if (option.startsWith("filename=") && option.length() > "filename=".length()) {
                files.add(option.substring("filename=".length()));
            } else if (option.startsWith("settings=") && option.length() > "settings=".length()) {
                String settings = option.substring("settings=".length());
                files.add(settings);
                if (!settings.endsWith(".jfc")) {
                    files.add(settings + ".jfc");
                }
            }
        }
        return files;
    }

    /** The flight recorder's repository, {@code -XX:FlightRecorderOptions:repository=DIR}, or null for the default. */
    public String flightRecorderRepository() {
        String repository = null;
        for (String option : flightRecorderOptions("-XX:FlightRecorderOptions")) {
            if (option.startsWith("repository=") && option.length() > "repository=".length()) {
                repository = option.substring("repository=".length());
            }
        }
        return repository;
    }

    /** The comma-separated options of {@code FLAG}, {@code FLAG=...} and {@code FLAG:...} arguments. */
    private List<String> flightRecorderOptions(String flag) {
        List<String> options = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith(flag + "=") || argument.startsWith(flag + ":")) {
                options.addAll(List.of(argument.substring(flag.length() + 1).split(",")));
            }
        }
        return options;
    }
}
