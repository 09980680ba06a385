package dev.warden.agent.intercept;

import static dev.warden.instrumentation.api.EntryPoint.at;
import static dev.warden.instrumentation.api.EntryPoint.inImplementationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.instrumentation.api.EntryPoint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Weaves each {@link dev.warden.instrumentation.api.Weave} shape into a real class, loads it (so
 * the JVM's verifier checks the frames and stack the weaver wrote) and calls it.
 */
class EntryPointWeaverTest {

    private static final String TARGET = Target.class.getName();
    private static final String HOOKS = Hooks.class.getName();

    /** The woven class: one method per weave shape, with primitive, wide and reference parameters. */
    public static class Target {
        public String read(String path, long offset) {
            return "read " + path + "@" + offset;
        }

        public boolean delete(String path) {
            return true;
        }

        public long size(long base, int extra) {
            return base + extra;
        }

        public static String name(String prefix) {
            return prefix + "name";
        }

        public String label(boolean upper) {
            if (upper) {
                return "LABEL";
            }
            return "label";
        }

        public void run(Runnable task) {
            task.run();
        }

        public void close() {
        }

        public int written(int bytes) {
            return bytes;
        }

        public long gathered(long bytes) {
            return bytes * 2;
        }

        /** Locals of both widths after the parameters, a handler of its own, a loop: frames the around entry must extend. */
        public Object fetch(String key, long stamp) throws IOException {
            double scale = 1.5;
            long doubled = stamp * 2;
            try {
                if (key.equals("inner")) {
                    throw new IllegalStateException("inner");
                }
            } catch (IllegalStateException handled) {
                return "handled " + doubled;
            }
            if (key.equals("fail")) {
                throw new IOException("failed " + scale);
            }
            for (int i = 0; i < 2; i++) {
                doubled += i;
            }
            return key + doubled;
        }

        public static int tick(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("negative");
            }
            return count + 1;
        }
    }

    /** The bridge the woven calls reach: records what it was given, answers as the test says. */
    public static final class Hooks {
        static final List<String> CALLS = new ArrayList<>();
        static boolean skip;
        static Object substitute;

        public static void checkRead(String path, long offset, int mode) throws IOException {
            CALLS.add("read " + path + " " + offset + " " + mode);
            if (path.equals("denied")) {
                throw new IOException("denied by policy");
            }
        }

        public static boolean deniesDelete(Object self, String path) {
            CALLS.add("delete " + self.getClass().getName().substring(self.getClass().getName().lastIndexOf('$') + 1) + " " + path);
            return skip;
        }

        public static Long size(long base, int extra) {
            CALLS.add("size " + base + " " + extra);
            return (Long) substitute;
        }

        public static String name(String prefix) {
            CALLS.add("name " + prefix);
            return (String) substitute;
        }

        public static Runnable wrap(Runnable task) {
            return () -> {
                CALLS.add("wrapped");
                task.run();
            };
        }

        public static void labelled(String result, Object self, boolean upper) {
            CALLS.add("label " + result + " " + upper);
        }

        public static void closed(Object self) {
            CALLS.add("closed");
        }

        public static void wrote(int written, Object self) {
            CALLS.add("wrote " + written);
        }

        public static void gathered(long written, Object self, long asked) {
            CALLS.add("gathered " + written + " of " + asked);
        }

        public static Object fetching(Object self, String key) {
            CALLS.add("fetching " + key);
            return "denied".equals(key) ? "denied by policy" : new StringBuilder("handle-").append(key);
        }

        public static void fetched(Object handle, Object result, Throwable thrown) {
            CALLS.add("fetched " + handle + " " + result + " " + thrown);
        }

        public static Object ticking(int count) {
            CALLS.add("ticking " + count);
            return "tick-" + count;
        }

        public static void ticked(Object handle, Throwable thrown) {
            CALLS.add("ticked " + handle + " " + thrown);
        }
    }

    private Class<?> woven;
    private Object target;
    private final List<EntryPoint> missing = new ArrayList<>();

    @BeforeEach
    void weave() throws Exception {
        Hooks.CALLS.clear();
        Hooks.skip = false;
        Hooks.substitute = null;
        woven = wovenTarget(List.of(
                at(TARGET, "read(java.lang.String, long)").arguments(0, 1).constants(7).access("test read", "throws IOException")
                        .before(HOOKS, "checkRead"),
                at(TARGET, "delete(java.lang.String)").self().arguments(0).access("test delete", "returns false")
                        .skipIf(HOOKS, "deniesDelete"),
                at(TARGET, "size(long, int)").arguments(0, 1).access("test size", "substituted").substitute(HOOKS, "size"),
                at(TARGET, "name(java.lang.String)").arguments(0).access("test name", "substituted").substitute(HOOKS, "name"),
                at(TARGET, "run(java.lang.Runnable)").arguments(0).access("test hand-off", "none").replaceArgument(HOOKS, "wrap"),
                at(TARGET, "label(boolean)").self().arguments(0).access("test label", "none").afterResult(HOOKS, "labelled"),
                at(TARGET, "close()").self().access("test close", "none").after(HOOKS, "closed"),
                at(TARGET, "written(int)").self().access("test write", "none").afterResult(HOOKS, "wrote"),
                at(TARGET, "gathered(long)").self().arguments(0).access("test write", "none").afterResult(HOOKS, "gathered"),
                at(TARGET, "fetch(java.lang.String, long)").self().arguments(0).access("test fetch", "throws SQLException")
                        .resultToExit().deniedWith("java.sql.SQLException", "42501").around(HOOKS, "fetching", "fetched"),
                at(TARGET, "tick(int)").arguments(0).access("test tick", "none").around(HOOKS, "ticking", "ticked"),
                inImplementationsOf(TARGET, "inherited(int)").access("test inherited", "none").before(HOOKS, "closed"),
                at(TARGET, "absent(int)").access("test absent", "none").before(HOOKS, "closed")), missing);
        target = woven.getConstructor().newInstance();
    }

    @Test
    void beforePassesArgumentsOfEveryWidthAndConstantsAndLetsTheHookFailTheCall() throws Exception {
        assertThat(call("read", "notes.txt", 42L)).isEqualTo("read notes.txt@42");
        assertThatThrownBy(() -> call("read", "denied", 1L)).isInstanceOf(IOException.class).hasMessage("denied by policy");
        assertThat(Hooks.CALLS).containsExactly("read notes.txt 42 7", "read denied 1 7");
    }

    @Test
    void skipIfReturnsTheFailureValueWithoutRunningTheMethod() throws Exception {
        assertThat(call("delete", "a")).isEqualTo(true);
        Hooks.skip = true;
        assertThat(call("delete", "b")).isEqualTo(false);
        assertThat(Hooks.CALLS).containsExactly("delete Target a", "delete Target b");
    }

    @Test
    void substituteReturnsTheHooksValueUnboxedOrLetsTheMethodRun() throws Exception {
        assertThat(call("size", 40L, 2)).isEqualTo(42L);
        Hooks.substitute = 7L;
        assertThat(call("size", 40L, 2)).isEqualTo(7L);
        Hooks.substitute = "given";
        assertThat(woven.getMethod("name", String.class).invoke(null, "my ")).isEqualTo("given");
        Hooks.substitute = null;
        assertThat(woven.getMethod("name", String.class).invoke(null, "my ")).isEqualTo("my name");
    }

    @Test
    void replaceArgumentMakesTheMethodWorkWithWhatTheHookReturns() throws Exception {
        List<String> ran = new ArrayList<>();
        call("run", (Runnable) () -> ran.add("task"));
        assertThat(ran).containsExactly("task");
        assertThat(Hooks.CALLS).containsExactly("wrapped");
    }

    @Test
    void afterHooksRunAtEveryReturnWithTheResult() throws Exception {
        assertThat(call("label", true)).isEqualTo("LABEL");
        assertThat(call("label", false)).isEqualTo("label");
        call("close");
        assertThat(Hooks.CALLS).containsExactly("label LABEL true", "label label false", "closed");
    }

    @Test
    void afterResultHooksGetPrimitiveResultsOfEitherWidthAndLeaveThemToTheCaller() throws Exception {
        assertThat(call("written", 7)).isEqualTo(7);
        assertThat(call("gathered", 5L)).isEqualTo(10L);
        assertThat(Hooks.CALLS).containsExactly("wrote 7", "gathered 10 of 5");
    }

    @Test
    void aroundHandsTheEntryValueToTheExitWithTheResultWhenTheMethodReturns() throws Exception {
        assertThat(call("fetch", "a", 1L)).isEqualTo("a3");
        assertThat(call("fetch", "inner", 5L)).isEqualTo("handled 10");
        assertThat(Hooks.CALLS).containsExactly("fetching a", "fetched handle-a a3 null",
                "fetching inner", "fetched handle-inner handled 10 null");
    }

    @Test
    void aroundHandsTheThrowableToTheExitAndTheCallerGetsItUnchanged() {
        assertThatThrownBy(() -> call("fetch", "fail", 1L)).isInstanceOf(IOException.class).hasMessage("failed 1.5");
        assertThatThrownBy(() -> woven.getMethod("tick", int.class).invoke(null, -1))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("negative");
        assertThat(Hooks.CALLS).containsExactly("fetching fail", "fetched handle-fail null java.io.IOException: failed 1.5",
                "ticking -1", "ticked tick--1 java.lang.IllegalArgumentException: negative");
    }

    @Test
    void aroundWithoutResultWrapsAStaticMethod() throws Exception {
        assertThat(woven.getMethod("tick", int.class).invoke(null, 41)).isEqualTo(42);
        assertThat(Hooks.CALLS).containsExactly("ticking 41", "ticked tick-41 null");
    }

    @Test
    void aDenyingEntryValueThrowsTheNamedExceptionWithoutRunningTheMethodOrTheExit() {
        assertThatThrownBy(() -> call("fetch", "denied", 1L)).isInstanceOf(SQLException.class)
                .hasMessage("denied by policy").extracting(thrown -> ((SQLException) thrown).getSQLState()).isEqualTo("42501");
        assertThat(Hooks.CALLS).containsExactly("fetching denied");
    }

    /** Legacy drivers still ship Java 5 class files: no stack map frames, the old verifier. */
    @Test
    void aroundWeavesAJava5ClassFile() throws Exception {
        String name = "dev.warden.agent.intercept.LegacyTarget";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
        MethodVisitor constructor = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        // fetch(key, stamp): key == null ? "none" : key
        MethodVisitor fetch = writer.visitMethod(Opcodes.ACC_PUBLIC, "fetch", "(Ljava/lang/String;J)Ljava/lang/Object;", null, null);
        fetch.visitCode();
        Label present = new Label();
        fetch.visitVarInsn(Opcodes.ALOAD, 1);
        fetch.visitJumpInsn(Opcodes.IFNONNULL, present);
        fetch.visitLdcInsn("none");
        fetch.visitInsn(Opcodes.ARETURN);
        fetch.visitLabel(present);
        fetch.visitVarInsn(Opcodes.ALOAD, 1);
        fetch.visitInsn(Opcodes.ARETURN);
        fetch.visitMaxs(0, 0);
        fetch.visitEnd();
        writer.visitEnd();
        EntryPoint around = at(name, "fetch(java.lang.String, long)").self().arguments(0).access("test fetch", "throws SQLException")
                .resultToExit().deniedWith("java.sql.SQLException", "42501").around(HOOKS, "fetching", "fetched");
        byte[] woven = new EntryPointWeaver().weave(writer.toByteArray(), List.of(around), missing);
        Class<?> legacy = new ClassLoader(EntryPointWeaverTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, woven, 0, woven.length);
            }
        }.define();
        Method legacyFetch = legacy.getMethod("fetch", String.class, long.class);
        Object instance = legacy.getConstructor().newInstance();

        assertThat(legacyFetch.invoke(instance, "a", 1L)).isEqualTo("a");
        assertThat(legacyFetch.invoke(instance, null, 1L)).isEqualTo("none");
        assertThatThrownBy(() -> legacyFetch.invoke(instance, "denied", 1L)).cause().isInstanceOf(SQLException.class);
        assertThat(Hooks.CALLS).containsExactly("fetching a", "fetched handle-a a null", "fetching null",
                "fetched handle-null none null", "fetching denied");
    }

    @Test
    void anEntryWhoseMethodIsAbsentIsReportedAndTheRestStillWoven() {
        // an implementation need not declare the method: its absence is no gap
        assertThat(missing).extracting(EntryPoint::method).containsExactly("absent(int)");
    }

    private Object call(String name, Object... arguments) throws Exception {
        for (Method method : woven.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
                try {
                    return method.invoke(target, arguments);
                } catch (InvocationTargetException failure) {
                    throw (Exception) failure.getCause();
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    /** {@link Target} woven and defined in a loader of its own; the hooks stay the test's. */
    private static Class<?> wovenTarget(List<EntryPoint> entries, List<EntryPoint> missing) throws Exception {
        byte[] original;
        try (InputStream in = Target.class.getResourceAsStream("EntryPointWeaverTest$Target.class")) {
            original = in.readAllBytes();
        }
        byte[] wovenFile = new EntryPointWeaver().weave(original, entries, missing);
        return new ClassLoader(EntryPointWeaverTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(TARGET)) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> loaded = findLoadedClass(name);
                        return loaded != null ? loaded : defineClass(name, wovenFile, 0, wovenFile.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        }.loadClass(TARGET);
    }
}
