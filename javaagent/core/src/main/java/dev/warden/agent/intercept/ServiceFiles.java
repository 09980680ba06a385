package dev.warden.agent.intercept;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers a {@code META-INF/services} file of Warden's class loader names, in its order: what
 * {@link java.util.ServiceLoader} finds there, without the URL connections, iterators and readers it
 * loads (some thirty classes at start). The agent jar holds one file per interface (packaging merges
 * the modules' files).
 */
final class ServiceFiles {

    private ServiceFiles() {
    }

    static <T> List<T> load(Class<T> type, ClassLoader loader) {
        String file = "META-INF/services/" + type.getName();
        String text;
        try (InputStream in = loader.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the agent");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new IllegalStateException("cannot read " + file + ": " + unreadable, unreadable);
        }
        List<T> providers = new ArrayList<>();
        for (int start = 0; start < text.length(); ) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (!name.isEmpty()) {
                providers.add(instantiate(type, name, loader));
            }
            start = end + 1;
        }
        return providers;
    }

    private static <T> T instantiate(Class<T> type, String name, ClassLoader loader) {
        try {
            return type.cast(Class.forName(name, true, loader).getConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException broken) {
            throw new IllegalStateException("cannot create " + name + " (listed as a " + type.getName() + "): " + broken, broken);
        }
    }
}
