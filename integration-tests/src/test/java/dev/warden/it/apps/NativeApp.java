package dev.warden.it.apps;

import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Native code, one way per run. Args: {@code load PATH} ({@code System.load}), {@code runtime-load PATH},
 * {@code load-library NAME} ({@code System.loadLibrary}, from {@code java.library.path}): then calls the
 * library's {@code answer()} and prints {@code RESULT ok answer=N}; {@code ffm-getpid} (JDK 22+: a
 * {@code Linker} downcall to libc's {@code getpid}, reflectively so this class builds for 17): {@code RESULT ok
 * same_pid=true}; {@code unsafe-field} ({@code theUnsafe} by {@code setAccessible}), {@code unsafe-get}
 * ({@code Unsafe.getUnsafe()}): {@code RESULT ok address_size=N}; {@code unsafe-clear-then-exec CLASS MARKER}: obtains
 * Unsafe, writes null into Warden's {@code CLASS.hooks}, then runs {@code touch MARKER};
 * {@code unsafe-clear-then-reflect CLASS}: the same write, then {@code setAccessible} on a field of Warden's.
 */
public final class NativeApp {

    /** Implemented by the test's JNI library: returns 42. */
    static native int answer();

    public static void main(String[] args) {
        Report.run(() -> switch (args[0]) {
            case "load" -> {
                System.load(args[1]);
                yield new String[] {"answer", String.valueOf(answer())};
            }
            case "runtime-load" -> {
                Runtime.getRuntime().load(args[1]);
                yield new String[] {"answer", String.valueOf(answer())};
            }
            case "load-library" -> {
                System.loadLibrary(args[1]);
                yield new String[] {"answer", String.valueOf(answer())};
            }
            case "ffm-getpid" -> new String[] {"same_pid", String.valueOf(ffmGetpid() == ProcessHandle.current().pid())};
            case "unsafe-field" -> new String[] {"address_size", String.valueOf(unsafeByField().addressSize())};
            case "unsafe-get" -> new String[] {"address_size", String.valueOf(sun.misc.Unsafe.getUnsafe().addressSize())};
            case "unsafe-clear-then-exec" -> {
                // made (and so woven) before the write, as in an app that has started processes before: one
                // loaded only after a cleared scope door fails to weave and is refused, closed as well
                ProcessBuilder touchMarker = new ProcessBuilder("touch", args[2]);
                sun.misc.Unsafe unsafe = unsafeByField();
                Field hooks = Class.forName(args[1]).getDeclaredField("hooks");
                unsafe.putObjectVolatile(unsafe.staticFieldBase(hooks), unsafe.staticFieldOffset(hooks), null);
                Process touch = touchMarker.start();
                yield new String[] {"exit", String.valueOf(touch.waitFor()), "created", String.valueOf(new File(args[2]).exists())};
            }
            case "unsafe-clear-then-reflect" -> {
                sun.misc.Unsafe unsafe = unsafeByField();
                Field hooks = Class.forName(args[1]).getDeclaredField("hooks");
                unsafe.putObjectVolatile(unsafe.staticFieldBase(hooks), unsafe.staticFieldOffset(hooks), null);
                Class.forName("dev.warden.bootstrap.BridgeGate").getDeclaredField("tampered").setAccessible(true);
                yield new String[] {"accessible", "true"};
            }
            default -> throw new IllegalArgumentException(args[0]);
        });
    }

    private static sun.misc.Unsafe unsafeByField() throws ReflectiveOperationException {
        Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        return (sun.misc.Unsafe) field.get(null);
    }

    /** {@code Linker.nativeLinker().downcallHandle(defaultLookup().find("getpid"), FunctionDescriptor.of(JAVA_INT))}. */
    private static long ffmGetpid() throws Throwable {
        Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
        Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
        Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
        Object linker = linkerType.getMethod("nativeLinker").invoke(null);
        Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
        Optional<?> getpid = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                .invoke(lookup, "getpid");
        Object javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
        Object descriptor = descriptorType.getMethod("of", layoutType, Array.newInstance(layoutType, 0).getClass())
                .invoke(null, javaInt, Array.newInstance(layoutType, 0));
        Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, Array.newInstance(optionType, 0).getClass());
        MethodHandle handle;
        try {
            handle = (MethodHandle) downcall.invoke(linker, getpid.orElseThrow(), descriptor, Array.newInstance(optionType, 0));
        } catch (InvocationTargetException e) {
            throw e.getCause(); // what downcallHandle itself threw
        }
        return ((Integer) handle.invokeWithArguments()).longValue();
    }
}
