package dev.warden.agent.config;

import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.policy.decide.PathVariables;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The values of the policy's path variables in this JVM ({@link PathVariables#NAMES}): {@code ${java.io.tmpdir}},
 * {@code ${user.home}} and {@code ${user.dir}} from its system properties, {@code ${app.home}} from its class path
 * (or module path); canonicalised like every path Warden decides (so a {@code /tmp} that is a link still
 * matches). Taken once: the policy means the directories the JVM started with.
 */
public final class JvmPathVariables {

    private static final String APP_HOME = "app.home";

    private static volatile PathVariables current;

    private JvmPathVariables() {
    }

    public static PathVariables current() {
        PathVariables values = current;
        if (values == null) {
            values = of(System.getProperties(), CanonicalPaths.ofProcess());
            current = values;
        }
        return values;
    }

    /**
     * This JVM's values but {@code app.home}, which is {@code directory} (null: none): for {@code check} on the
     * command line, whose own class path is Warden's jar, not the app's.
     */
    public static PathVariables withAppHome(String directory) {
        Properties properties = new Properties();
        properties.putAll(System.getProperties());
        properties.remove("jdk.module.path");
        if (directory == null) {
            properties.remove("java.class.path");
        } else {
            properties.setProperty("java.class.path", directory);
        }
        return of(properties, CanonicalPaths.ofProcess());
    }

    static PathVariables of(Properties systemProperties, CanonicalPaths canonical) {
        Map<String, String> values = new HashMap<>();
        for (String name : PathVariables.NAMES) {
            String value = name.equals(APP_HOME) ? appHome(systemProperties, canonical) : systemProperties.getProperty(name);
            if (value != null && !value.isEmpty()) {
                try {
                    values.put(name, canonical.canonical(value));
                } catch (IOException loop) {
                    // a variable whose directory loops stays without value: its rules match nothing
                }
            }
        }
        return PathVariables.of(values);
    }

    /**
     * The directory of the app's code: the first entry of the class path ({@code java -jar app.jar} makes it the
     * jar), else of the module path; a jar's directory, a directory itself. Null when both are empty.
     */
    private static String appHome(Properties systemProperties, CanonicalPaths canonical) {
        String entry = firstEntry(systemProperties.getProperty("java.class.path"));
        if (entry == null) {
            entry = firstEntry(systemProperties.getProperty("jdk.module.path"));
        }
        if (entry == null) {
            return null;
        }
        File path = new File(canonical.absolute(entry));
        return path.isFile() ? path.getParent() : path.getPath();
    }

    private static String firstEntry(String path) {
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                return entry;
            }
        }
        return null;
    }
}
