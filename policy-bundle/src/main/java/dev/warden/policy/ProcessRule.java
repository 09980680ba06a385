package dev.warden.policy;

import java.util.List;

/**
 * One {@code processes:} entry: an exact argv that may be started, where, and with what the app
 * may put into its environment.
 *
 * @param id {@code processes[N]}
 * @param line the line the rule starts on
 * @param command the program and its arguments, never empty
 * @param dir the canonical directory glob (with {@code ${...}} variables) the child may start in;
 *     null: only the JVM's own working directory
 * @param env globs of the environment variables the app may set or change for the child; null:
 *     any but those that inject code into the child ({@code InjectingVariables})
 */
public record ProcessRule(String id, int line, List<String> command, String dir, List<String> env) {

    public ProcessRule {
        command = List.copyOf(command);
        env = env == null ? null : List.copyOf(env);
    }

    /** A rule that pins nothing beyond the argv. */
    public ProcessRule(String id, int line, List<String> command) {
        this(id, line, command, null, null);
    }
}
