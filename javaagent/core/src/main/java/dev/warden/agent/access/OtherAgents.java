package dev.warden.agent.access;

import dev.warden.agent.decide.JdkClasses;
import dev.warden.agent.record.WardenLog;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells an egress denial of another {@code -javaagent}'s code (the OpenTelemetry agent's OTLP
 * exporter) and says so once per agent and destination, with the rule to add: that agent's export
 * is app traffic under the policy, and without this the operator sees only the other agent fail.
 * The signal is a frame on the denied call's stack whose class came from another agent's jar (its
 * code source is a jar of the JVM's {@code -javaagent} arguments) or lives under
 * {@code io.opentelemetry.javaagent.}. One line per agent and destination, whichever of its classes
 * made the call (a health check, then the export). Only denials pay for the stack walk.
 */
public final class OtherAgents {

    private static final String OTEL_AGENT_PACKAGE = "io.opentelemetry.javaagent.";
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Set<Path> agentJars;
    private final Set<String> hinted = ConcurrentHashMap.newKeySet();
    /** The last domain found to be an agent's own: one per agent loader, asked for each of its classes. */
    private volatile ProtectionDomain lastAgentDomain;

    /** {@code agentJars}: the JVM's {@code -javaagent} jars as written; Warden's own is told by its classes. */
    public OtherAgents(List<String> agentJars) {
        Set<Path> jars = new HashSet<>();
        for (String jar : agentJars) {
            jars.add(Path.of(jar).toAbsolutePath().normalize());
        }
        this.agentJars = Set.copyOf(jars);
    }

    public static OtherAgents none() {
        return new OtherAgents(List.of());
    }

    /** A frame of another agent's code: the agent (its jar, or the OpenTelemetry agent) and the class. */
    private record AgentFrame(String agent, String className) {
    }

    /** After an egress denial (or audit-deny) of {@code target} ({@code host:port}). */
    void denied(String target) {
        Optional<AgentFrame> frame = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .map(this::otherAgent).filter(found -> found != null).findFirst());
        if (frame.isPresent() && hinted.add(frame.get().agent() + " " + target)) {
            WardenLog.info("another agent's export to " + target + " is denied by the policy (" + frame.get().agent()
                    + ", " + frame.get().className() + "); to allow it, add to egress: - to: \"" + target + "\"");
        }
    }

    /** The other agent whose code is on the current thread's stack ({@code -javaagent NAME.jar}), or null. */
    public String onStack() {
        return WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass).map(this::otherAgent)
                .filter(found -> found != null).map(AgentFrame::agent).findFirst().orElse(null));
    }

    /** The other agent whose code the class is, else null. */
    private AgentFrame otherAgent(Class<?> type) {
        if (type.getName().startsWith("dev.warden.")) {
            return null;
        }
        if (type.getName().startsWith(OTEL_AGENT_PACKAGE)) {
            return new AgentFrame("the OpenTelemetry Java agent", type.getName());
        }
        if (agentJars.isEmpty() || type.getClassLoader() == null) {
            return null;
        }
        Path jar = agentJarOf(type.getProtectionDomain());
        return jar == null ? null : new AgentFrame("-javaagent " + jar.getFileName(), type.getName());
    }

    /**
     * Is this a class another agent defines for itself, in a class loader of its own (the OpenTelemetry agent's
     * {@code AgentClassLoader}, where its exporters' OkHttp lives)? Its loader's class was put on the boot class path
     * by an agent (defined by the boot loader, not one of the JDK's), which the app cannot do, and the class comes
     * from one of the JVM's {@code -javaagent} jars. Such code runs as that agent, which holds an
     * {@code Instrumentation} of its own anyway: weaving it would guard nothing and costs the start a weaver.
     */
    public boolean definesForItself(ClassLoader loader, ProtectionDomain domain) {
        return isAnAgentsOwnLoader(loader) && isAnAgentsOwnDomain(domain);
    }

    /** As {@link #definesForItself(ClassLoader, ProtectionDomain)}, for a class already loaded. */
    public boolean definesForItself(Class<?> type) {
        return isAnAgentsOwnLoader(type.getClassLoader()) && isAnAgentsOwnDomain(type.getProtectionDomain());
    }

    private boolean isAnAgentsOwnLoader(ClassLoader loader) {
        if (agentJars.isEmpty() || loader == null) {
            return false;
        }
        Class<?> loaderClass = loader.getClass();
        return loaderClass.getClassLoader() == null && !JdkClasses.isJdks(loaderClass);
    }

    private boolean isAnAgentsOwnDomain(ProtectionDomain domain) {
        if (domain == null) {
            return false;
        }
        if (domain == lastAgentDomain) {
            return true;
        }
        if (agentJarOf(domain) == null) {
            return false;
        }
        lastAgentDomain = domain;
        return true;
    }

    /** The {@code -javaagent} jar a protection domain's code comes from, or null. */
    private Path agentJarOf(ProtectionDomain domain) {
        CodeSource source = domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            Path jar = Path.of(location.toURI()).toAbsolutePath().normalize();
            return agentJars.contains(jar) ? jar : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException notAPath) {
            return null;
        }
    }
}
