package dev.warden.policy;

import java.util.List;

/**
 * The {@code http:} part of an egress rule, applied by URL-level clients only.
 *
 * @param methods allowed methods in upper case; empty = any method
 * @param paths allowed path globs ({@link Glob} with separator {@code /}); empty = any path
 */
public record HttpRules(List<String> methods, List<Glob> paths) {

    /** No {@code http:} given: every method and path. */
    public static final HttpRules ANY = new HttpRules(List.of(), List.of());

    public HttpRules {
        methods = List.copyOf(methods);
        paths = List.copyOf(paths);
    }
}
