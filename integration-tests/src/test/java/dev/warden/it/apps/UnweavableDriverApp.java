package dev.warden.it.apps;

import dev.warden.it.apps.unweavable.PlainBase;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Driver;
import java.util.Properties;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Loads a JDBC driver whose {@code connect} is as long as the JVM allows a method to be (64 KB of
 * code, as generated code can be): Warden's hooks do not fit in it, so Warden cannot weave the
 * driver. Then calls its {@code connect}. Prints {@code RESULT ok connect-ran=true|false} or the failure.
 */
public final class UnweavableDriverApp {

    private static final String PACKAGE = PlainBase.class.getPackageName();
    private static final String DRIVER = PACKAGE + ".LocalDriver";
    /** Two-byte instructions put before {@code connect}'s own six bytes: 65,526 of the 65,535 a method may have. */
    private static final int PADDING = 32_760;

    private UnweavableDriverApp() {
    }

    public static void main(String[] args) throws Exception {
        Report.run(() -> {
            Class<?> type = loadDriverClass();
            Driver driver = (Driver) type.getConstructor().newInstance();
            driver.connect("jdbc:local:x", new Properties());
            return new String[] {"connect-ran", String.valueOf(type.getField("connectRan").getBoolean(null))};
        });
    }

    /** The driver, through a new loader that defines it with its {@code connect} padded to the limit. */
    static Class<?> loadDriverClass() throws ClassNotFoundException {
        return Class.forName(DRIVER, true, new PaddingLoader());
    }

    /** Defines the package's classes itself, from the real bytes; the driver's with its {@code connect} padded. */
    private static final class PaddingLoader extends ClassLoader {
        PaddingLoader() {
            super(UnweavableDriverApp.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE + ".")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> known = findLoadedClass(name);
                if (known != null) {
                    return known;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    if (name.equals(DRIVER)) {
                        bytes = withPaddedConnect(bytes);
                    }
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException unreadable) {
                    throw new ClassNotFoundException(name, unreadable);
                }
            }
        }
    }

    private static byte[] withPaddedConnect(byte[] classFile) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals("connect")) {
                    return method;
                }
                return new MethodVisitor(Opcodes.ASM9, method) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        for (int i = 0; i < PADDING; i++) {
                            super.visitInsn(Opcodes.ICONST_0);
                            super.visitInsn(Opcodes.POP);
                        }
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
