package dev.warden.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code tools:} entry: the tools it lets run, by name, and what their arguments must look like.
 *
 * @param id {@code tools[N]}
 * @param line the line the rule starts on
 * @param name a glob (every character matches itself, {@code *} any run of characters) on the tool's name
 *     as the app's AI service sees it and, for a tool an MCP server runs, on {@code SERVER.TOOL}
 * @param arguments a glob ({@link Glob} with separator {@code /}) per top-level JSON argument, in file order;
 *     empty: any arguments
 */
public record ToolRule(String id, int line, String name, Map<String, String> arguments) {

    public ToolRule {
        arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }
}
