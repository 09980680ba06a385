package dev.warden.agent.intercept;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What an open {@code FileInputStream}, {@code RandomAccessFile} or file channel holds: its
 * descriptor's identity (the JDK's own {@code fstat}, {@code sun.nio.fs.UnixFileAttributes}) and
 * the path the kernel knows it by ({@code /proc/self/fd/N}). Read through reflection: {@code java.io},
 * {@code sun.nio.ch} and {@code sun.nio.fs} are opened to Warden's module at the first use, not at
 * start. On a JDK whose classes differ, the first use throws and {@link #available()} turns false.
 */
final class OpenedFiles {

    /** A file as the kernel tells it apart: device, inode and the time its inode last changed (a rename, link, write or chmod). */
    static final class Identity {
        private final long device;
        private final long inode;
        private final long changedSeconds;
        private final long changedNanos;

        Identity(long device, long inode, long changedSeconds, long changedNanos) {
            this.device = device;
            this.inode = inode;
            this.changedSeconds = changedSeconds;
            this.changedNanos = changedNanos;
        }

        boolean sameAs(Identity other) {
            return other != null && device == other.device && inode == other.inode && changedSeconds == other.changedSeconds
                    && changedNanos == other.changedNanos;
        }
    }

    private final Instrumentation instrumentation;
    private final ClassValue<Field> descriptorFields = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
                try {
                    Field fd = declaring.getDeclaredField("fd");
                    if (fd.getType() == FileDescriptor.class) {
                        fd.setAccessible(true);
                        return fd;
                    }
                } catch (NoSuchFieldException notHere) {
                    // declared higher up
                }
            }
            return null;
        }
    };
    private volatile Internals internals;
    private volatile boolean unavailable;

    OpenedFiles(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** False once this JDK's classes or this system's {@code /proc} proved not to be what is read here. */
    boolean available() {
        return !unavailable;
    }

    void stopLooking() {
        unavailable = true;
    }

    /** The identity of the file {@code opened} holds. */
    Identity identityOf(Object opened) throws IOException {
        Internals jdk = internals();
        try {
            Object attributes = jdk.fstat.invoke(null, descriptorOf(opened, jdk));
            return new Identity(jdk.device.getLong(attributes), jdk.inode.getLong(attributes),
                    jdk.changedSeconds.getLong(attributes), jdk.changedNanos.getLong(attributes));
        } catch (InvocationTargetException failed) {
            throw new IOException("fstat of an opened file failed: " + failed.getCause(), failed.getCause());
        } catch (IllegalAccessException notOpened) {
            throw new IllegalStateException(notOpened);
        }
    }

    /** The path the kernel gives the file {@code opened} holds ({@code pipe:[N]} and the like for what is no file). */
    String pathOf(Object opened) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + descriptorOf(opened, internals()))).toString();
    }

    private int descriptorOf(Object opened, Internals jdk) {
        Field field = descriptorFields.get(opened.getClass());
        if (field == null) {
            throw new IllegalStateException(opened.getClass().getName() + " has no file descriptor field");
        }
        try {
            return jdk.descriptor.getInt(field.get(opened));
        } catch (IllegalAccessException notOpened) {
            throw new IllegalStateException(notOpened);
        }
    }

    private Internals internals() {
        Internals jdk = internals;
        if (jdk == null) {
            synchronized (this) {
                jdk = internals;
                if (jdk == null) {
                    try {
                        jdk = new Internals(instrumentation);
                    } catch (ReflectiveOperationException | RuntimeException differentJdk) {
                        unavailable = true;
                        throw new IllegalStateException("this JDK's file classes are not the ones Warden reads: " + differentJdk,
                                differentJdk);
                    }
                    internals = jdk;
                }
            }
        }
        return jdk;
    }

    /** The JDK members read, found once. */
    private static final class Internals {
        final Field descriptor;
        final Method fstat;
        final Field device;
        final Field inode;
        final Field changedSeconds;
        final Field changedNanos;

        Internals(Instrumentation instrumentation) throws ReflectiveOperationException {
            Module warden = OpenedFiles.class.getModule();
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.io", Set.of(warden), "sun.nio.ch", Set.of(warden), "sun.nio.fs", Set.of(warden)), Set.of(),
                    Map.of());
            descriptor = accessible(FileDescriptor.class.getDeclaredField("fd"));
            Class<?> attributes = Class.forName("sun.nio.fs.UnixFileAttributes", false, null);
            fstat = attributes.getDeclaredMethod("get", int.class);
            fstat.setAccessible(true);
            device = accessible(attributes.getDeclaredField("st_dev"));
            inode = accessible(attributes.getDeclaredField("st_ino"));
            changedSeconds = accessible(attributes.getDeclaredField("st_ctime_sec"));
            changedNanos = accessible(attributes.getDeclaredField("st_ctime_nsec"));
        }

        private static Field accessible(Field field) {
            field.setAccessible(true);
            return field;
        }
    }
}
