package dev.warden.policy;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.EnumSet;
import java.util.Objects;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a policy file (format 1) into a validated {@link Policy}. Unknown keys, wrong types and
 * invalid values are errors naming the 1-based line they are on.
 */
public final class PolicyParser {

    private static final List<String> KEYS_BEFORE_SECTIONS = List.of("policy", "mode", "mode_override", "detectors");
    private static final List<String> KEYS_AFTER_SECTIONS = List.of("segments", "credentials", "tls_min_version", "telemetry");

    private PolicyParser() {
    }

    /** Parses a policy file, read as UTF-8. */
    public static Policy parse(Path file) throws PolicyException {
        String text;
        try {
            text = read(file);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, "cannot read " + file + ": " + describe(e));
        }
        return parse(text, file.toString());
    }

    /**
     * The file as UTF-8, malformed input refused. Through a {@code FileInputStream}, which the JVM has
     * loaded already: {@code Files.readString} loads some forty channel classes before the app's main.
     */
    private static String read(Path file) throws IOException {
        byte[] bytes;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException unopened) {
            if (Files.notExists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (Files.exists(file) && !Files.isDirectory(file) && !Files.isReadable(file)) {
                throw new AccessDeniedException(file.toString());
            }
            throw unopened;
        }
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Parses policy text.
     *
     * @param sourceName where the text came from, used in error messages and kept in {@link Policy#source()}
     */
    public static Policy parse(String yamlText, String sourceName) throws PolicyException {
        return parse(yamlText, sourceName, PolicySections.FORMAT_1);
    }

    /** Parses policy text with {@code declared} as its sections. */
    public static Policy parse(String yamlText, String sourceName, PolicySections declared) throws PolicyException {
        Node root = compose(yamlText, sourceName);
        YamlReader yaml = new YamlReader(sourceName);
        YamlMapping top = yaml.mapping(root, "the policy",
                RuleSectionsReader.keys(KEYS_BEFORE_SECTIONS, declared, KEYS_AFTER_SECTIONS));
        if (!top.has("policy")) {
            throw yaml.error(root, "missing 'policy:' (the policy name)");
        }
        String name = top.requiredString("policy");
        if (hasControlCharacter(name)) {
            throw yaml.error(top.value("policy"), "the policy name must be a single line");
        }
        Node modeNode = top.value("mode");
        Mode mode = modeNode == null ? Mode.ENFORCE : yaml.choice(modeNode, "mode", Mode.class);

        Set<Mode> modeOverrides = modeOverrides(yaml, top.value("mode_override"), mode);

        Node detectorsNode = top.value("detectors");
        List<Detector> detectors = detectorsNode == null ? List.of() : new DetectorReader(yaml).read(detectorsNode);
        List<String> detectorNames = new ArrayList<>(Detector.BUILT_IN);
        for (Detector detector : detectors) {
            detectorNames.add(detector.name());
        }

        RuleSectionsReader sections = new RuleSectionsReader(declared, new SectionInput(yaml, detectorNames));
        List<Segment> segments = new ArrayList<>();
        Node segmentsNode = top.value("segments");
        if (segmentsNode != null) {
            SegmentReader segmentReader = new SegmentReader(yaml, declared, sections);
            for (Node entry : yaml.sequence(segmentsNode, "'segments'")) {
                segments.add(segmentReader.read(entry, "segments[" + segments.size() + "]"));
            }
        }
        Node credentialsNode = top.value("credentials");
        List<Credential> credentials = credentialsNode == null ? List.of() : new CredentialReader(yaml).read(credentialsNode);
        return new Policy(name, mode, sections.read(top, ""), segments, sourceName, detectors, modeOverrides,
                tlsMinVersion(yaml, top.value("tls_min_version")), recordsGenAiContent(yaml, top.value("telemetry")),
                credentials);
    }

    /** {@code telemetry: { genai_content: true }}: LLM call spans carry prompts and completions. */
    private static boolean recordsGenAiContent(YamlReader yaml, Node node) throws PolicyException {
        if (node == null) {
            return false;
        }
        YamlMapping telemetry = yaml.mapping(node, "'telemetry'", List.of("genai_content"));
        Node content = telemetry.value("genai_content");
        return content != null && yaml.bool(content, "'genai_content'");
    }

    /** {@code tls_min_version: "1.3"}: the oldest TLS version the app's connections may negotiate. */
    private static TlsVersion tlsMinVersion(YamlReader yaml, Node node) throws PolicyException {
        if (node == null) {
            return null;
        }
        String text = yaml.string(node, "'tls_min_version'");
        TlsVersion version = TlsVersion.ofNumber(text);
        if (version != TlsVersion.TLS_1_2 && version != TlsVersion.TLS_1_3) {
            throw yaml.error(node, "unknown tls_min_version '" + text + "' (allowed: \"1.2\", \"1.3\")");
        }
        return version;
    }

    /**
     * {@code mode_override: [audit]}: the weaker modes an operator may switch this policy to on one
     * host with the agent's {@code mode=} option. Absent means none.
     */
    private static Set<Mode> modeOverrides(YamlReader yaml, Node node, Mode mode) throws PolicyException {
        if (node == null) {
            return Set.of();
        }
        Set<Mode> modes = EnumSet.noneOf(Mode.class);
        for (Node entry : yaml.sequence(node, "'mode_override'")) {
            Mode override = yaml.choice(entry, "mode_override", Mode.class);
            if (override == Mode.ENFORCE) {
                throw yaml.error(entry, "mode_override lists the weaker modes a host may switch to (audit, learn);"
                        + " enforce needs no permission");
            }
            modes.add(override);
        }
        return modes;
    }

    private static Node compose(String yamlText, String sourceName) throws PolicyException {
        LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setSchema(new CoreSchema()).build();
        try {
            return new Compose(settings).composeString(yamlText)
                    .orElseThrow(() -> new PolicyException(sourceName, 0, "empty policy (no YAML content)"));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String reason = e.getContext() == null
                    ? e.getProblem()
                    : e.getContext() + ", " + e.getProblem();
            throw new PolicyException(sourceName, mark == null ? 0 : mark.getLine() + 1, "invalid YAML: " + reason);
        } catch (YamlEngineException e) {
            throw new PolicyException(sourceName, 0, "invalid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        String value = Objects.toString(text, "unknown error");
        int newline = value.indexOf('\n');
        return newline < 0 ? value : value.substring(0, newline);
    }
}
