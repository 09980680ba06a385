package dev.warden.agent.record.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * Reads the records of a log and its rotated predecessors, oldest first, as field maps, for the
 * tools that work on what was recorded ({@code policy suggest}, {@code audit report}). It does not
 * judge integrity: that is {@code audit verify}'s job; a line that is not a record (a cut tail)
 * is skipped.
 */
public final class AuditReader {

    private AuditReader() {
    }

    public static void forEach(Path log, Consumer<Map<String, Object>> records) throws IOException {
        Load json = new Load(LoadSettings.builder().setSchema(new JsonSchema()).setLabel(log.toString()).build());
        for (Path file : AuditFiles.chain(log)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (AuditLine.parse(line) == null) {
                        continue;
                    }
                    try {
                        if (json.loadFromString(line) instanceof Map<?, ?> record) {
                            Map<String, Object> fields = new LinkedHashMap<>();
                            record.forEach((name, value) -> fields.put(String.valueOf(name), value));
                            records.accept(fields);
                        }
                    } catch (YamlEngineException notJson) {
                        // a damaged line: skipped, as the class comment says
                    }
                }
            }
        }
    }
}
