package dev.warden.it.apps;

import dev.warden.it.apps.unweavable.PlainBase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Driver;
import java.util.Properties;

/**
 * Loads a JDBC driver whose superclass's class file, as its loader serves it, is broken, as a class
 * another tool generated can be: Warden cannot weave the driver. Then calls its {@code connect}.
 * Prints {@code RESULT ok connect-ran=true|false} or the failure.
 */
public final class UnweavableDriverApp {

    private static final String PACKAGE = PlainBase.class.getPackageName();

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

    /** The driver, through a new loader that serves a broken class file for its superclass. */
    static Class<?> loadDriverClass() throws ClassNotFoundException {
        return Class.forName(PACKAGE + ".LocalDriver", true, new BrokenResourceLoader());
    }

    /** Defines the package's classes itself (from the real bytes), but serves a broken class file for PlainBase. */
    private static final class BrokenResourceLoader extends ClassLoader {
        private static final byte[] BROKEN = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0x7F};

        BrokenResourceLoader() {
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
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (IOException unreadable) {
                    throw new ClassNotFoundException(name, unreadable);
                }
            }
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return name.equals(PACKAGE.replace('.', '/') + "/PlainBase.class") ? new ByteArrayInputStream(BROKEN)
                    : super.getResourceAsStream(name);
        }
    }
}
