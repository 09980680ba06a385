package dev.warden.instrumentation.api;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * For catalogue tests: checks every {@link EntryPoint} of a catalogue against the JDK running the
 * test and the bridge on its class path. A JDK that renamed or re-signed a method, or a hook whose
 * parameters drifted from what the weaver passes, shows up here as a line instead of at start-up
 * as a warning (or a {@code NoSuchMethodError} in the app).
 */
public final class CatalogueCoverage {

    private CatalogueCoverage() {
    }

    /** What is wrong with the catalogue's entries on this JDK, one line each; empty when all weave. */
    public static List<String> problems(EntryPointCatalogue catalogue) {
        List<String> problems = new ArrayList<>();
        for (EntryPoint entry : catalogue.entryPoints()) {
            String where = entry.type() + "." + entry.method();
            if (!entry.inJdk(Runtime.version().feature())) {
                continue;
            }
            Method target;
            try {
                target = method(entry);
            } catch (ReflectiveOperationException | LinkageError absent) {
                problems.add(where + ": not on JDK " + Runtime.version().feature() + " (" + absent + ")");
                continue;
            }
            if (target == null) {
                problems.add(where + ": no such method on JDK " + Runtime.version().feature());
                continue;
            }
            if (entry.self() && Modifier.isStatic(target.getModifiers())) {
                problems.add(where + ": static, it has no receiver to pass");
            }
            String hookProblem = hookProblem(entry, target);
            if (hookProblem != null) {
                problems.add(where + ": " + hookProblem);
            }
        }
        return problems;
    }

    private static Method method(EntryPoint entry) throws ClassNotFoundException {
        Class<?> type = Class.forName(entry.type(), false, ClassLoader.getPlatformClassLoader());
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.getName().equals(entry.methodName()) && !candidate.isBridge()
                    && descriptor(candidate.getParameterTypes()).equals(entry.parameterDescriptor())) {
                return candidate;
            }
        }
        return null;
    }

    /** Written from the {@link Weave} contract, independently of the weaver: the two must agree. */
    private static String hookProblem(EntryPoint entry, Method target) {
        List<Class<?>> expected = new ArrayList<>();
        if (entry.weave() == Weave.AFTER_RESULT) {
            expected.add(target.getReturnType());
        }
        if (entry.self()) {
            expected.add(Object.class);
        }
        for (int index : entry.arguments()) {
            if (index >= target.getParameterCount()) {
                return "argument " + index + " does not exist";
            }
            expected.add(target.getParameterTypes()[index]);
        }
        entry.constants().forEach(constant -> expected.add(int.class));
        Class<?> expectedResult = switch (entry.weave()) {
            case BEFORE, AFTER, AFTER_RESULT -> void.class;
            case AROUND -> Object.class;
            case SKIP_IF -> boolean.class;
            case SUBSTITUTE -> boxed(target.getReturnType());
            case REPLACE_ARGUMENT -> target.getParameterTypes()[entry.arguments().get(0)];
        };
        Class<?> owner;
        try {
            owner = Class.forName(entry.hookOwner());
        } catch (ClassNotFoundException absent) {
            return "hook owner " + entry.hookOwner() + " not found";
        }
        Method hook;
        try {
            hook = owner.getMethod(entry.hookName(), expected.toArray(Class<?>[]::new));
        } catch (NoSuchMethodException absent) {
            return "no public hook " + entry.hookName() + expected.stream().map(Class::getName).toList()
                    + " on " + entry.hookOwner() + "; it has " + Arrays.stream(owner.getMethods())
                    .filter(m -> m.getName().equals(entry.hookName())).map(Method::toString).toList();
        }
        if (!Modifier.isStatic(hook.getModifiers())) {
            return "hook " + hook + " is not static";
        }
        if (hook.getReturnType() != expectedResult) {
            return "hook " + hook + " must return " + expectedResult.getName();
        }
        return entry.weave() == Weave.AROUND ? exitHookProblem(entry, owner) : null;
    }

    private static String exitHookProblem(EntryPoint entry, Class<?> owner) {
        Class<?>[] expected = entry.resultToExit()
                ? new Class<?>[] {Object.class, Object.class, Throwable.class}
                : new Class<?>[] {Object.class, Throwable.class};
        try {
            Method exit = owner.getMethod(entry.exitHookName(), expected);
            if (!Modifier.isStatic(exit.getModifiers()) || exit.getReturnType() != void.class) {
                return "exit hook " + exit + " must be static and return void";
            }
            return null;
        } catch (NoSuchMethodException absent) {
            return "no public exit hook " + entry.exitHookName() + Arrays.stream(expected).map(Class::getName).toList()
                    + " on " + entry.hookOwner();
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }

    private static String descriptor(Class<?>[] parameters) {
        return java.lang.invoke.MethodType.methodType(void.class, parameters).toMethodDescriptorString().replace(")V", ")");
    }
}
