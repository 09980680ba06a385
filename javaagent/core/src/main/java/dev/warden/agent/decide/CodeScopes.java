package dev.warden.agent.decide;

import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Scope;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which code segments a thread works in: every segment one of whose classes has a method on the
 * thread's stack (or handed the thread its work), as the SecurityManager intersected every protection
 * domain on the stack. The classes of code segments are woven to tell {@code ScopeBridge} when one of
 * their methods starts ({@link #entered}); a decision then reads the answer from the thread's scope
 * ({@link #scopeOf}) instead of walking the stack. Policies without code segments weave nothing.
 */
public final class CodeScopes {

    /**
     * The segments a thread entered, under the policy they were resolved for, and one class per
     * segment entered so that a replaced policy can resolve them again.
     */
    record InCode(PolicyEngine engine, Scope scope, Class<?>[] classes) {
    }

    private record PerPolicy(PolicyEngine engine, ClassValue<Optional<Scope>> scopes) {
    }

    private static volatile PerPolicy cache;

    private CodeScopes() {
    }

    /**
     * The thread's code segments ({@code code}: null or what this returned before) once a method of
     * {@code type} starts: {@code code} itself when {@code type} is in no segment or in none that
     * {@code code} lacks.
     */
    public static Object entered(Class<?> type, Object code, PolicyEngine engine) {
        if (!engine.hasCodeSegments()) {
            return code;
        }
        Scope added = scopeOf(type, engine);
        if (added == null) {
            return code;
        }
        InCode before = (InCode) code;
        Scope current = before == null ? null : scopeOf(before, engine);
        if (current == null) {
            return new InCode(engine, added, new Class<?>[] {type});
        }
        if (before.engine() == engine && current.includes(added)) {
            return code;
        }
        Class<?>[] classes = Arrays.copyOf(before.classes(), before.classes().length + 1);
        classes[classes.length - 1] = type;
        return new InCode(engine, current.and(added), classes);
    }

    /** The segments of {@code code} (null or what {@link #entered} returned) under {@code engine}; null when none. */
    public static Scope scopeOf(Object code, PolicyEngine engine) {
        InCode in = (InCode) code;
        if (in == null) {
            return null;
        }
        if (in.engine() == engine) {
            return in.scope();
        }
        Scope again = null; // a reload since: the same classes under the policy in force now
        for (Class<?> type : in.classes()) {
            Scope each = scopeOf(type, engine);
            again = again == null ? each : again.and(each);
        }
        return again;
    }

    private static Scope scopeOf(Class<?> type, PolicyEngine engine) {
        PerPolicy known = cache;
        if (known == null || known.engine() != engine) {
            known = new PerPolicy(engine, new ClassValue<>() {
                @Override
                protected Optional<Scope> computeValue(Class<?> each) {
                    return Optional.ofNullable(engine.codeScope(each.getName()));
                }
            });
            cache = known;
        }
        return known.scopes().get(type).orElse(null);
    }
}
