package dev.warden.bootstrap;

import java.util.Map;

/**
 * What the app's view of the process environment leaves out: the variables credentials are read from. Implemented
 * by the agent core, reached through {@link EnvironmentBridge}.
 */
public interface EnvironmentHooks {

    /** Whether {@code System.getenv(name)} returns null to the app. */
    boolean hides(String name);

    /** Whether the policy in force hides any variable (a child that would inherit the JVM's environment gets a copy). */
    boolean hidesAny();

    /** {@code System.getenv()} as the app sees it, or null when nothing is hidden. */
    Map<String, String> appEnvironment();

    /** The copy of the environment a {@code ProcessBuilder} starts from, without the hidden variables, or null. */
    Map<String, String> childEnvironment();
}
