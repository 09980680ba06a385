package dev.warden.policy.learn;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/** Processes: the exact argvs seen (targets are argvs as JSON arrays), in the order first seen. */
public final class ProcessLearner implements RuleLearner {

    private final Load json = new Load(LoadSettings.builder().setSchema(new JsonSchema()).build());
    private final Set<List<String>> argvs = new LinkedHashSet<>();

    @Override
    public void observe(String action, String target, String detail) {
        if (json.loadFromString(target) instanceof List<?> argv) {
            argvs.add(argv.stream().map(String::valueOf).toList());
        }
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        if (argvs.isEmpty()) {
            return;
        }
        yaml.append(indent).append("processes:\n");
        for (List<String> argv : argvs) {
            yaml.append(indent).append("  - command: ").append(RuleLearner.quotedList(argv)).append('\n');
        }
    }
}
