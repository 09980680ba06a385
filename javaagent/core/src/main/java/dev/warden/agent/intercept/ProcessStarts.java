package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.ProcessStart;
import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.agent.decide.ProcessStartDecider;
import dev.warden.agent.record.ProcessSpans;
import dev.warden.bootstrap.ProcessHooks;
import dev.warden.policy.decide.ProcessLaunch;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Process starts: decide the exact argv, the directory and what the app put into the child's
 * environment, record it, and refuse before the child exists.
 */
public final class ProcessStarts implements ProcessHooks {

    private final ProcessStartDecider decider;
    private final AccessMediator mediator;
    private final AccessSpans<ProcessStart> spans;
    private final CanonicalPaths paths;
    /** The JVM's own environment, as it started: what a child inherits unless the app changes it. */
    private final Map<String, String> jvmEnvironment;
    private final String jvmDirectory;

    public ProcessStarts(ProcessStartDecider decider, ProcessSpans spans, AccessMediator mediator, CanonicalPaths paths,
            Map<String, String> jvmEnvironment) throws IOException {
        this.decider = decider;
        this.mediator = mediator;
        this.spans = spans::start;
        this.paths = paths;
        this.jvmEnvironment = Map.copyOf(jvmEnvironment);
        this.jvmDirectory = paths.canonical(".");
    }

    @Override
    public void beforeStart(String[] command, String directory, Map<String, String> environment) throws IOException {
        if (command.length == 0) {
            return; // the JDK refuses an empty command itself: nothing starts
        }
        ProcessLaunch launch = new ProcessLaunch(command.clone(), canonicalDirectory(directory), setByTheApp(environment));
        IOException denial = mediator.mediate(new ProcessStart(launch), start -> decider.start(start.launch()), spans);
        if (denial != null) {
            throw denial;
        }
    }

    /** Null for the JVM's own working directory, however the app named it. */
    private String canonicalDirectory(String directory) throws IOException {
        if (directory == null) {
            return null;
        }
        String canonical = paths.canonical(directory);
        return canonical.equals(jvmDirectory) ? null : canonical;
    }

    private Set<String> setByTheApp(Map<String, String> environment) {
        if (environment == null) {
            return Set.of();
        }
        Set<String> set = new TreeSet<>();
        environment.forEach((name, value) -> {
            if (!Objects.equals(jvmEnvironment.get(name), value)) {
                set.add(name);
            }
        });
        return set;
    }
}
