package dev.warden.instrumentation.api;

/**
 * How Warden's entry-point weaver puts a hook into a method: at its entry, before each of its
 * normal returns, or around it. The hook is a public static method of a bridge class on the boot class path;
 * its parameters are, in order, the result ({@link #AFTER_RESULT} only), the receiver (when the
 * entry passes it, typed {@code Object}), the chosen arguments (typed as the method declares them)
 * and the entry's {@code int} constants.
 */
public enum Weave {
    /** At entry; the hook returns nothing and fails the call by throwing the exception the method declares. */
    BEFORE,
    /**
     * At entry; the hook returns {@code boolean}, and {@code true} makes the method return at once
     * without running: {@code false}, {@code null} or 0 as its result (nothing for a void method).
     * For methods that report failure by their result, and for calls the hook has carried out itself.
     */
    SKIP_IF,
    /**
     * At entry; the hook returns the method's result type (boxed for a primitive), or null to let
     * the method run: a non-null value is returned in place of running the method.
     */
    SUBSTITUTE,
    /** At entry; the hook takes the entry's single argument and returns what the method works with instead. */
    REPLACE_ARGUMENT,
    /** Before each normal return; the hook returns nothing and may throw what the method declares. */
    AFTER,
    /**
     * Before each normal return; the hook gets the result first (typed as the method returns it),
     * returns nothing, and may throw what the method declares.
     */
    AFTER_RESULT,
    /**
     * At entry, the hook returns a value (typed {@code Object}) that the exit hook gets when the
     * method returns or throws: {@code exit(value, [result,] thrown)}, thrown null on a normal
     * return; a throwable goes on to the caller unchanged. Neither may throw. For calls a span or a
     * scope must close around, whatever their outcome.
     */
    AROUND
}
