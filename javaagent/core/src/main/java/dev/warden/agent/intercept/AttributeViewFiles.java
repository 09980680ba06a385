package dev.warden.agent.intercept;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;

/**
 * The file an NIO attribute view of the default file system stands for: its {@code file} field
 * (declared by {@code UnixFileAttributeViews$Basic} and by {@code UnixUserDefinedFileAttributeView}).
 * {@code sun.nio.fs} is opened to Warden's module at the first change, when the JDK has the class.
 */
final class AttributeViewFiles {

    private final Instrumentation instrumentation;
    private final ClassValue<Field> fileFields = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> view) {
            for (Class<?> type = view; type != null; type = type.getSuperclass()) {
                try {
                    Field file = type.getDeclaredField("file");
                    file.setAccessible(true);
                    return file;
                } catch (NoSuchFieldException notHere) {
                    // the field is declared higher up
                }
            }
            throw new IllegalStateException(view + " has no file field: this JDK's attribute views changed");
        }
    };
    private volatile boolean opened;

    AttributeViewFiles(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    String fileOf(Object view) {
        if (!opened) {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("sun.nio.fs", Set.of(AttributeViewFiles.class.getModule())), Set.of(), Map.of());
            opened = true;
        }
        try {
            return String.valueOf(fileFields.get(view.getClass()).get(view));
        } catch (IllegalAccessException notOpened) {
            throw new IllegalStateException("sun.nio.fs is not open to Warden", notOpened);
        }
    }
}
