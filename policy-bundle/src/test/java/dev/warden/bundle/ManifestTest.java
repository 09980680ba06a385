package dev.warden.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.bundle.BundleException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final String DIGEST = "sha256:" + "0".repeat(64);

    private static String manifest(String created) {
        return "format: 1\nname: support-bot\nrevision: 5\ncreated: \"" + created + "\"\npolicy: policy.yaml\n"
                + "files:\n  policy.yaml: \"" + DIGEST + "\"\n";
    }

    @Test
    void aTimeReadsAsInstantParseReadsItAndOneItRefusesIsRefusedWithTheSameReason() throws Exception {
        String[] times = {"2025-06-01T10:00:00Z", "2025-06-01T10:00:00.5Z", "2025-06-01T10:00:00.123456789Z",
            "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z",
            "2025-06-01T10:00:00+02:00", "2025-02-30T10:00:00Z", "2025-13-01T10:00:00Z", "2025-06-01T24:00:00Z",
            "2025-06-01T10:00:60Z", "2025-06-01 10:00:00Z", "2025-06-01T10:00:00", "1900-02-29T00:00:00Z",
            "2000-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "0000-02-29T12:00:00Z", "2025-04-31T10:00:00Z",
            "2025-00-10T10:00:00Z", "2025-06-00T10:00:00Z", "2025-06-01T10:60:00Z"};
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(times));
        for (int year : new int[] {1600, 1899, 1900, 1901, 1969, 1999, 2000, 2001, 2099, 2100, 2400}) {
            for (int month = 1; month <= 12; month++) {
                for (int day : new int[] {1, 28, 29, 30, 31}) {
                    all.add(String.format("%04d-%02d-%02dT23:59:59.999999999Z", year, month, day));
                }
            }
        }
        for (String time : all) {
            byte[] text = manifest(time).getBytes(StandardCharsets.UTF_8);
            Instant expected;
            try {
                expected = Instant.parse(time);
            } catch (DateTimeParseException refused) {
                BundleException e = catchThrowableOfType(BundleException.class, () -> Manifest.parse(text, "m.yaml"));
                assertThat(e).as(time).isNotNull();
                assertThat(e.problem()).isEqualTo(Problem.BAD_MANIFEST);
                assertThat(e.reason()).isEqualTo("created must be an ISO-8601 UTC time such as 2025-06-01T10:00:00Z, found '" + time + "'");
                continue;
            }
            assertThat(Manifest.parse(text, "m.yaml").created()).as(time).isEqualTo(expected);
        }
    }

    @Test
    void theTimeBundleBuildWritesReadsBack() throws Exception {
        Instant created = Instant.parse("2026-12-08T04:30:12.345678Z");
        byte[] yaml = new Manifest(1, "support-bot", 5, created, created.plusSeconds(86_400), "policy.yaml",
                new TreeMap<>(Map.of("policy.yaml", DIGEST))).toYaml();

        Manifest read = Manifest.parse(yaml, "m.yaml");

        assertThat(read.created()).isEqualTo(created);
        assertThat(read.expires()).isEqualTo(created.plusSeconds(86_400));
    }
}
