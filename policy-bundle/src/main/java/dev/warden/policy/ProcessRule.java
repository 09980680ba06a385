package dev.warden.policy;

import java.util.List;

/**
 * One {@code processes:} entry: an exact argv that may be started.
 *
 * @param id {@code processes[N]}
 * @param line the line the rule starts on
 * @param command the program and its arguments, never empty
 */
public record ProcessRule(String id, int line, List<String> command) {

    public ProcessRule {
        command = List.copyOf(command);
    }
}
