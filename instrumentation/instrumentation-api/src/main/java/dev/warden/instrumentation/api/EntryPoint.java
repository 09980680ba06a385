package dev.warden.instrumentation.api;

import java.util.List;

/**
 * One JDK or library method Warden mediates, as a line of its area's {@link EntryPointCatalogue}:
 * the method, the kind of access it makes, how a denial surfaces to the caller, and the bridge hook
 * woven into it. Woven by Warden's own small ASM weaver, which needs no type resolution: weaving the
 * classes the JVM loads before {@code premain}, and the JDBC and socket classes every app loads,
 * must not cost the start a general bytecode toolkit.
 *
 * @param type      binary name of the declaring class ({@code java.io.FileInputStream}), or of the
 *                  interface or class whose implementations declare the method ({@link #implementations})
 * @param method    name and Java parameter types, as {@code open(java.lang.String)}; arrays as {@code byte[]}
 * @param access    the kind of access it makes, as operators read it ({@code file read})
 * @param denial    how a denied call fails, as its caller sees it ({@code throws FileNotFoundException})
 * @param weave     where and how the hook is woven
 * @param hookOwner binary name of the bridge class holding the hook
 * @param hookName  the hook's method name ({@link Weave#AROUND}: the one called at entry)
 * @param self      whether the receiver is passed (as {@code Object}) before the arguments
 * @param arguments indexes of the method's arguments passed to the hook, in order
 * @param constants {@code int} constants passed last (access modes)
 * @param sinceJdk  the first JDK feature release that has this method
 * @param untilJdk  the last JDK feature release that has it
 * @param implementations whether the entry is woven into every class (of any loader) that extends or
 *                  implements {@code type} and declares the method with a body, rather than into {@code type}
 * @param exitHookName {@link Weave#AROUND} only: the hook called when the method returns or throws
 * @param resultToExit {@link Weave#AROUND} only: whether the exit hook gets the method's (reference) result
 * @param deniedWith {@link Weave#AROUND} only, or null: the exception the woven code throws, with the
 *                  message the entry hook returned, when that hook returns a {@code String}: for an
 *                  exception type the bridge on the boot class path cannot see ({@code java.sql.SQLException})
 * @param deniedState the second constructor argument of {@code deniedWith} (an SQL state), or null for none
 */
public record EntryPoint(String type, String method, String access, String denial, Weave weave, String hookOwner,
        String hookName, boolean self, List<Integer> arguments, List<Integer> constants, int sinceJdk,
        int untilJdk, boolean implementations, String exitHookName, boolean resultToExit, String deniedWith,
        String deniedState) {

    public EntryPoint {
        arguments = List.copyOf(arguments);
        constants = List.copyOf(constants);
        if (weave == Weave.REPLACE_ARGUMENT && (arguments.size() != 1 || self || !constants.isEmpty())) {
            throw new IllegalArgumentException(type + "." + method + ": a replaced argument is the hook's only parameter");
        }
        if ((weave == Weave.AROUND) != (exitHookName != null) || (weave != Weave.AROUND && (resultToExit || deniedWith != null))) {
            throw new IllegalArgumentException(type + "." + method + ": an exit hook, a result to it and a denial"
                    + " exception belong to AROUND entries, and every AROUND entry has an exit hook");
        }
    }

    /** Whether JDK feature release {@code feature} has this method. */
    public boolean inJdk(int feature) {
        return sinceJdk <= feature && feature <= untilJdk;
    }

    /** Starts an entry for {@code type}'s method {@code method}; {@link Line#access} and a hook complete it. */
    public static Line at(String type, String method) {
        return new Line(type, method, false);
    }

    /**
     * Starts an entry for {@code method} in every class that extends or implements {@code type} and
     * declares it with a body (a JDBC driver's {@code Connection}, a proxy wrapping it): found when the
     * class is defined, by its supertypes.
     */
    public static Line inImplementationsOf(String type, String method) {
        return new Line(type, method, true);
    }

    /** The method's name, without its parameters. */
    public String methodName() {
        return method.substring(0, method.indexOf('('));
    }

    /** The JVM descriptor of the method's parameters, as {@code (Ljava/lang/String;Z)}. */
    public String parameterDescriptor() {
        return JavaSignatures.parameterDescriptor(method);
    }

    /** One catalogue line being written: what is read off the method, then the hook that completes it. */
    public static final class Line {
        private final String type;
        private final String method;
        private final boolean implementations;
        private String access;
        private String denial;
        private boolean self;
        private List<Integer> arguments = List.of();
        private List<Integer> constants = List.of();
        private int sinceJdk = 17;
        private int untilJdk = Integer.MAX_VALUE;
        private boolean resultToExit;
        private String deniedWith;
        private String deniedState;

        private Line(String type, String method, boolean implementations) {
            this.type = type;
            this.method = method;
            this.implementations = implementations;
        }

        public Line access(String kind, String denialShape) {
            this.access = kind;
            this.denial = denialShape;
            return this;
        }

        /** The receiver is passed to the hook, as its first parameter after any result. */
        public Line self() {
            this.self = true;
            return this;
        }

        public Line arguments(Integer... indexes) {
            this.arguments = List.of(indexes);
            return this;
        }

        public Line constants(Integer... values) {
            this.constants = List.of(values);
            return this;
        }

        public Line since(int jdk) {
            this.sinceJdk = jdk;
            return this;
        }

        /** The method is gone after JDK {@code jdk} (replaced by another entry point). */
        public Line until(int jdk) {
            this.untilJdk = jdk;
            return this;
        }

        /** {@link Weave#AROUND}: the exit hook gets the method's result (null when it throws) after the entry hook's value. */
        public Line resultToExit() {
            this.resultToExit = true;
            return this;
        }

        /**
         * {@link Weave#AROUND}: an entry hook that returns a {@code String} denies the call, and the
         * woven code throws {@code new exception(thatString, state)} ({@code new exception(thatString)}
         * for a null state) without running the method or the exit hook.
         */
        public Line deniedWith(String exception, String state) {
            this.deniedWith = exception;
            this.deniedState = state;
            return this;
        }

        /**
         * At entry, {@code enter} returns a value (Object) the method's exit hands to {@code exit},
         * with the result ({@link #resultToExit}) and the throwable (null on a normal return).
         */
        public EntryPoint around(String owner, String enter, String exit) {
            return hook(Weave.AROUND, owner, enter, exit);
        }

        public EntryPoint before(String owner, String hook) {
            return hook(Weave.BEFORE, owner, hook);
        }

        public EntryPoint skipIf(String owner, String hook) {
            return hook(Weave.SKIP_IF, owner, hook);
        }

        public EntryPoint substitute(String owner, String hook) {
            return hook(Weave.SUBSTITUTE, owner, hook);
        }

        public EntryPoint replaceArgument(String owner, String hook) {
            return hook(Weave.REPLACE_ARGUMENT, owner, hook);
        }

        public EntryPoint after(String owner, String hook) {
            return hook(Weave.AFTER, owner, hook);
        }

        public EntryPoint afterResult(String owner, String hook) {
            return hook(Weave.AFTER_RESULT, owner, hook);
        }

        private EntryPoint hook(Weave weave, String owner, String hook) {
            return hook(weave, owner, hook, null);
        }

        private EntryPoint hook(Weave weave, String owner, String hook, String exitHook) {
            if (access == null) {
                throw new IllegalArgumentException(type + "." + method + ": say which access it makes and how a denial surfaces");
            }
            return new EntryPoint(type, method, access, denial, weave, owner, hook, self, arguments, constants, sinceJdk, untilJdk,
                    implementations, exitHook, resultToExit, deniedWith, deniedState);
        }
    }
}
