package dev.warden.instrumentation.api;

import java.util.List;

/**
 * One JDK method Warden mediates, as a line of its area's {@link EntryPointCatalogue}: the method,
 * the kind of access it makes, how a denial surfaces to the caller, and the bridge hook woven into
 * it. Woven by Warden's own small ASM weaver, which needs no type resolution: these are the classes
 * the JVM loads before {@code premain}, and weaving them must not cost Warden's start-up a general
 * bytecode toolkit.
 *
 * @param type      binary name of the declaring class ({@code java.io.FileInputStream})
 * @param method    name and Java parameter types, as {@code open(java.lang.String)}; arrays as {@code byte[]}
 * @param access    the kind of access it makes, as operators read it ({@code file read})
 * @param denial    how a denied call fails, as its caller sees it ({@code throws FileNotFoundException})
 * @param weave     where and how the hook is woven
 * @param hookOwner binary name of the bridge class holding the hook
 * @param hookName  the hook's method name
 * @param self      whether the receiver is passed (as {@code Object}) before the arguments
 * @param arguments indexes of the method's arguments passed to the hook, in order
 * @param constants {@code int} constants passed last (access modes)
 * @param sinceJdk  the first JDK feature release that has this method
 * @param untilJdk  the last JDK feature release that has it
 */
public record EntryPoint(String type, String method, String access, String denial, Weave weave, String hookOwner,
        String hookName, boolean self, List<Integer> arguments, List<Integer> constants, int sinceJdk,
        int untilJdk) {

    public EntryPoint {
        arguments = List.copyOf(arguments);
        constants = List.copyOf(constants);
        if (weave == Weave.REPLACE_ARGUMENT && (arguments.size() != 1 || self || !constants.isEmpty())) {
            throw new IllegalArgumentException(type + "." + method + ": a replaced argument is the hook's only parameter");
        }
    }

    /** Whether JDK feature release {@code feature} has this method. */
    public boolean inJdk(int feature) {
        return sinceJdk <= feature && feature <= untilJdk;
    }

    /** Starts an entry for {@code type}'s method {@code method}; {@link Line#access} and a hook complete it. */
    public static Line at(String type, String method) {
        return new Line(type, method);
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
        private String access;
        private String denial;
        private boolean self;
        private List<Integer> arguments = List.of();
        private List<Integer> constants = List.of();
        private int sinceJdk = 17;
        private int untilJdk = Integer.MAX_VALUE;

        private Line(String type, String method) {
            this.type = type;
            this.method = method;
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
            if (access == null) {
                throw new IllegalArgumentException(type + "." + method + ": say which access it makes and how a denial surfaces");
            }
            return new EntryPoint(type, method, access, denial, weave, owner, hook, self, arguments, constants, sinceJdk, untilJdk);
        }
    }
}
