package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.FileProbeApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.WardenAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Probes (existence, type, size, times, attributes, link targets, real paths) through every java.io and
 * NIO API: truthful where a rule grants the path any access or lists its parent, "not there" or
 * {@code FileDenied} elsewhere; and learn mode's suggestion covers a path that was only probed.
 */
class FileProbeIT extends AgentTestSupport {

    private static final String CONTENT = "original content";
    /** Probes of a regular file. */
    private static final List<String> FILE_PROBES = List.of("exists", "is-file", "is-hidden", "can-read", "can-write",
            "can-execute", "length", "last-modified", "total-space", "nio-exists", "nio-exists-nofollow", "nio-not-exists",
            "nio-is-regular", "nio-is-readable", "nio-is-writable", "size", "mtime", "read-attributes", "posix-attributes",
            "get-attribute", "check-access", "same-file", "real-path", "file-store");
    /** What a denied probe answers when it answers by its result; the others throw FileDenied. */
    private static final Map<String, String> DENIED_ANSWERS = Map.ofEntries(
            Map.entry("exists", "false"), Map.entry("is-file", "false"), Map.entry("is-directory", "false"),
            Map.entry("is-hidden", "false"), Map.entry("can-read", "false"), Map.entry("can-write", "false"),
            Map.entry("can-execute", "false"), Map.entry("length", "0"), Map.entry("last-modified", "0"),
            Map.entry("total-space", "false"), Map.entry("nio-exists", "false"), Map.entry("nio-exists-nofollow", "false"),
            Map.entry("nio-not-exists", "false"), Map.entry("nio-is-regular", "false"), Map.entry("nio-is-directory", "false"),
            Map.entry("nio-is-readable", "false"), Map.entry("nio-is-writable", "false"));

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());
    private Path root;

    private void sandbox() throws IOException {
        root = Files.createDirectories(tmp.resolve("sandbox")).toRealPath();
        for (String dir : List.of("allowed", "listed", "secret")) {
            Path d = Files.createDirectories(root.resolve(dir));
            Files.writeString(d.resolve("a.txt"), CONTENT);
            Files.createDirectories(d.resolve("sub"));
            Files.createSymbolicLink(d.resolve("link"), Path.of("a.txt"));
        }
    }

    private List<String> probesIn(String dir) {
        List<String> ops = new ArrayList<>();
        for (String probe : FILE_PROBES) {
            ops.add(probe + ":" + root.resolve(dir).resolve("a.txt"));
        }
        ops.add("is-directory:" + root.resolve(dir).resolve("sub"));
        ops.add("nio-is-directory:" + root.resolve(dir).resolve("sub"));
        ops.add("read-link:" + root.resolve(dir).resolve("link"));
        return ops;
    }

    private static List<AppResult> run(ForkedJvm.Builder builder, List<String> ops) {
        ForkedJvm.Result r = builder.main(FileProbeApp.class, ops.toArray(new String[0])).timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(ops.size());
        return r.results();
    }

    @BothJdks
    void probesAnswerTruthfullyWhereAllowedAndAsForAnUnseenFileElsewhere(Jdk jdk) throws Exception {
        sandbox();
        Path policy = policy("policy: " + POLICY + "\nmode: enforce\nfiles:\n"
                + "  - path: \"" + root + "/allowed/**\"\n    allow: [read]\n"
                + "  - path: \"" + root + "/listed\"\n    allow: [list]\n");
        List<String> allowed = new ArrayList<>(probesIn("allowed"));
        // the listing of listed/ already shows its names: its entries may be probed
        allowed.addAll(probesIn("listed").stream().filter(op -> !op.startsWith("is-directory") && !op.startsWith("nio-is-directory")
                && !op.startsWith("read-link")).toList());
        List<String> denied = probesIn("secret");
        List<String> ops = new ArrayList<>(allowed);
        ops.addAll(denied);

        List<AppResult> truth = run(plain(jdk), ops);
        List<AppResult> results = run(ForkedJvm.on(jdk).agentPolicy(policy), ops);

        for (int i = 0; i < allowed.size(); i++) {
            assertThat(results.get(i).outcome()).as("%s: %s", ops.get(i), results.get(i)).isEqualTo("ok");
            assertThat(results.get(i).get("value")).as(ops.get(i)).isEqualTo(truth.get(i).get("value"));
        }
        assertThat(results.get(ops.indexOf("length:" + root.resolve("allowed/a.txt"))).get("value"))
                .isEqualTo(String.valueOf(CONTENT.length()));
        assertThat(results.get(ops.indexOf("exists:" + root.resolve("listed/a.txt"))).get("value")).isEqualTo("true");
        assertThat(results.get(ops.indexOf("mtime:" + root.resolve("allowed/a.txt"))).get("value"))
                .isEqualTo(String.valueOf(Files.getLastModifiedTime(root.resolve("allowed/a.txt")).toMillis()));

        for (int i = allowed.size(); i < ops.size(); i++) {
            AppResult r = results.get(i);
            String probe = r.get("op");
            assertThat(truth.get(i).outcome()).as("without the agent %s answers", ops.get(i)).isEqualTo("ok");
            if (DENIED_ANSWERS.containsKey(probe)) {
                assertThat(r.outcome()).as("%s: %s", ops.get(i), r).isEqualTo("ok");
                assertThat(r.get("value")).as(ops.get(i)).isEqualTo(DENIED_ANSWERS.get(probe));
            } else {
                assertThat(r.outcome()).as("%s: %s", ops.get(i), r).isEqualTo("denied");
                assertThat(r.get("is")).as(ops.get(i)).isEqualTo("java.nio.file.AccessDeniedException");
                assertThat(r.msg()).as(ops.get(i)).startsWith(DENIED_PREFIX + " stat of " + root.resolve("secret"));
            }
        }
    }

    @BothJdks
    void aPathOnlyProbedInLearnModeIsAllowedByTheSuggestedPolicy(Jdk jdk) throws Exception {
        Path marker = Files.writeString(Files.createDirectories(tmp.resolve("probed")).toRealPath().resolve("marker"), CONTENT);
        Path log = tmp.resolve("learn-audit.log");
        List<String> ops = List.of("exists:" + marker, "size:" + marker);

        List<AppResult> learned = run(ForkedJvm.on(jdk).agentPolicy(policy("policy: learning\nmode: learn\n"), "audit=" + log), ops);
        assertThat(learned).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("ok"));

        Path suggested = tmp.resolve("suggested.yaml");
        cli.run("policy", "suggest", log.toString(), "--name", "learned", "--out", suggested.toString());
        assertThat(Files.readString(suggested)).contains("/probed/marker\"").contains("allow: [stat]");

        ForkedJvm.Result enforced = ForkedJvm.on(jdk).agentPolicy(suggested)
                .main(FileProbeApp.class, "exists:" + marker, "size:" + marker, "can-read:" + tmp.resolve("probed/other")).run();
        assertThat(enforced.results()).extracting(r -> r.get("value")).containsExactly("true", String.valueOf(CONTENT.length()), "false");
        assertThat(enforced.wardenLines()).as(enforced.describe())
                .filteredOn(line -> line.contains("denied")).singleElement().asString().contains("stat of").contains("other");
    }
}
