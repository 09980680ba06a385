package dev.warden.policy.decide;

import java.util.Set;

/**
 * A process about to start, as the decision sees it.
 *
 * @param argv the program and its arguments exactly as the child would receive them
 * @param directory the canonical directory it starts in; null: the JVM's own working directory
 * @param environmentSet the names of the variables the app set or changed for it (removals are not
 *     listed: taking a variable away injects nothing)
 */
public record ProcessLaunch(String[] argv, String directory, Set<String> environmentSet) {

    public ProcessLaunch {
        environmentSet = Set.copyOf(environmentSet);
    }

    /** This argv in the JVM's working directory with the JVM's environment. */
    public static ProcessLaunch of(String[] argv) {
        return new ProcessLaunch(argv, null, Set.of());
    }
}
