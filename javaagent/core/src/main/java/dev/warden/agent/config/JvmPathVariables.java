package dev.warden.agent.config;

import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.policy.decide.PathVariables;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The values of {@code ${java.io.tmpdir}}, {@code ${user.home}} and {@code ${user.dir}} in this JVM,
 * canonicalised like every path Warden decides (so a {@code /tmp} that is a link still matches).
 * Taken once: the policy means the directories the JVM started with.
 */
public final class JvmPathVariables {

    private static volatile PathVariables current;

    private JvmPathVariables() {
    }

    public static PathVariables current() {
        PathVariables values = current;
        if (values == null) {
            values = of(CanonicalPaths.ofProcess());
            current = values;
        }
        return values;
    }

    private static PathVariables of(CanonicalPaths canonical) {
        Map<String, String> values = new HashMap<>();
        for (String name : new String[] {"java.io.tmpdir", "user.home", "user.dir"}) {
            String value = System.getProperty(name);
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
}
