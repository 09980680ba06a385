package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The {@code manifest.yaml} of a bundle, format 1:
 * <pre>
 * format: 1
 * name: support-bot                 # [A-Za-z0-9][A-Za-z0-9._-]{0,63}
 * revision: 7                       # positive integer; only ever grows
 * created: 2025-06-01T10:00:00Z     # ISO-8601, UTC
 * expires: 2025-09-01T00:00:00Z     # optional
 * policy: policy.yaml               # the entry policy file
 * files:                            # every file but the manifest and the signatures
 *   policy.yaml: sha256:&lt;64 hex&gt;
 * </pre>
 * Signatures cover the exact bytes of this file, so it is never re-serialised after signing.
 *
 * @param expires {@code null} when the bundle never expires
 * @param files file name to {@code sha256:<hex>}, sorted by name
 */
public record Manifest(int format, String name, long revision, Instant created, Instant expires, String policy,
        Map<String, String> files) {

    /** The only format this version reads and writes. */
    public static final int FORMAT = 1;
    /** Name of the manifest entry in the archive. */
    public static final String ENTRY = "manifest.yaml";

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** An ISO-8601 UTC time as {@code Instant.toString} writes it: {@code 2025-06-01T10:00:00Z}, a fraction of up to nine digits. */
    private static final Pattern UTC_TIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?Z");
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final List<String> KEYS = List.of("format", "name", "revision", "created", "expires", "policy", "files");

    public Manifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(policy, "policy");
        files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The manifest text this version writes (block YAML, keys in a fixed order). */
    byte[] toYaml() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", format);
        document.put("name", name);
        document.put("revision", revision);
        document.put("created", created.toString());
        if (expires != null) {
            document.put("expires", expires.toString());
        }
        document.put("policy", policy);
        document.put("files", new LinkedHashMap<>(files));
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return new Dump(settings).dumpToString(document).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses manifest bytes; every error names the 1-based line ({@code SOURCE:LINE: reason}).
     *
     * @param source shown in messages, e.g. {@code app.wbundle!manifest.yaml}
     */
    static Manifest parse(byte[] bytes, String source) throws BundleException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw error(source, 0, "not valid UTF-8");
        }
        LoadSettings settings = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema())
                .setMaxAliasesForCollections(0).setAllowRecursiveKeys(false).build();
        Node root;
        try {
            root = new Compose(settings).composeString(text).orElseThrow(() -> error(source, 0, "empty manifest"));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String reason = e.getContext() == null ? e.getProblem() : e.getContext() + ", " + e.getProblem();
            throw error(source, mark == null ? 0 : mark.getLine() + 1, "invalid YAML: " + reason);
        } catch (YamlEngineException e) {
            throw error(source, 0, "invalid YAML: " + e.getMessage());
        }
        Map<String, Node> top = mapping(root, "the manifest", source, true);
        Node formatNode = required(top, "format", root, source);
        long format = number(formatNode, "format", source);
        if (format != FORMAT) {
            throw error(source, line(formatNode), "unsupported bundle format " + format + " (this version reads format " + FORMAT + ")");
        }
        Node nameNode = required(top, "name", root, source);
        String name = string(nameNode, "name", source);
        if (!NAME.matcher(name).matches()) {
            throw error(source, line(nameNode), "name '" + name + "' must match " + NAME.pattern());
        }
        Node revisionNode = required(top, "revision", root, source);
        long revision = number(revisionNode, "revision", source);
        if (revision < 1) {
            throw error(source, line(revisionNode), "revision must be a positive integer");
        }
        Instant created = instant(required(top, "created", root, source), "created", source);
        Instant expires = top.containsKey("expires") ? instant(top.get("expires"), "expires", source) : null;
        Node policyNode = required(top, "policy", root, source);
        String policy = string(policyNode, "policy", source);
        Node filesNode = required(top, "files", root, source);
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, Node> file : mapping(filesNode, "'files'", source, false).entrySet()) {
            if (!FILE_NAME.matcher(file.getKey()).matches() || file.getKey().equals(ENTRY)) {
                throw error(source, line(file.getValue()), "file name '" + file.getKey()
                        + "' is not allowed (a plain name matching " + FILE_NAME.pattern() + ", not " + ENTRY + ")");
            }
            String digest = string(file.getValue(), "the digest of " + file.getKey(), source);
            if (!DIGEST.matcher(digest).matches()) {
                throw error(source, line(file.getValue()), "the digest of " + file.getKey() + " must be sha256:<64 lower-case hex>");
            }
            files.put(file.getKey(), digest);
        }
        if (!files.containsKey(policy)) {
            throw error(source, line(policyNode), "the policy file '" + policy + "' is not listed under files");
        }
        return new Manifest((int) format, name, revision, created, expires, policy, files);
    }

    private static Map<String, Node> mapping(Node node, String what, String source, boolean checkKeys) throws BundleException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(source, line(node), what + " must be a mapping");
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(source, line(tuple.getKeyNode()), "keys of " + what + " must be plain names");
            }
            if (checkKeys && !KEYS.contains(key.getValue())) {
                throw error(source, line(key), "unknown key '" + key.getValue() + "' (expected one of " + String.join(", ", KEYS) + ")");
            }
            if (values.put(key.getValue(), tuple.getValueNode()) != null) {
                throw error(source, line(key), "duplicate key '" + key.getValue() + "'");
            }
        }
        return values;
    }

    private static Node required(Map<String, Node> top, String key, Node root, String source) throws BundleException {
        Node node = top.get(key);
        if (node == null) {
            throw error(source, line(root), "missing '" + key + ":'");
        }
        return node;
    }

    private static String string(Node node, String what, String source) throws BundleException {
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank()) {
            throw error(source, line(node), what + " must be a non-empty string");
        }
        return scalar.getValue();
    }

    private static long number(Node node, String what, String source) throws BundleException {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            throw error(source, line(node), what + " must be an integer");
        }
        try {
            return Long.parseLong(scalar.getValue());
        } catch (NumberFormatException e) {
            throw error(source, line(node), what + " must be a decimal integer");
        }
    }

    private static Instant instant(Node node, String what, String source) throws BundleException {
        String text = string(node, what, source);
        Matcher utc = UTC_TIME.matcher(text);
        if (utc.matches()) {
            // the form bundle build writes, read without java.time's fields and formatters (about seventy
            // classes at the agent's start: JDK 25 loads the formatters with LocalDate); anything else,
            // or a field out of range, is Instant.parse's to read or to refuse
            int year = Integer.parseInt(utc.group(1));
            int month = Integer.parseInt(utc.group(2));
            int day = Integer.parseInt(utc.group(3));
            int hour = Integer.parseInt(utc.group(4));
            int minute = Integer.parseInt(utc.group(5));
            int second = Integer.parseInt(utc.group(6));
            if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59
                    && second <= 59) {
                String fraction = utc.group(7) == null ? "" : utc.group(7);
                int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
                return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
            }
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(source, line(node), what + " must be an ISO-8601 UTC time such as 2025-06-01T10:00:00Z, found '" + text + "'");
        }
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private static BundleException error(String source, int line, String reason) {
        return new BundleException(Problem.BAD_MANIFEST, line > 0 ? source + ":" + line : source, reason);
    }
}
