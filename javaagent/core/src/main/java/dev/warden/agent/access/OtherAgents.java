package dev.warden.agent.access;

import dev.warden.agent.record.WardenLog;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
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
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return null;
        }
        try {
            Path jar = Path.of(location.toURI()).toAbsolutePath().normalize();
            return agentJars.contains(jar) ? new AgentFrame("-javaagent " + jar.getFileName(), type.getName()) : null;
        } catch (java.net.URISyntaxException | IllegalArgumentException notAPath) {
            return null;
        }
    }
}
