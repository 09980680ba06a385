package dev.warden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, bundle build/sign/verify/inspect, policy lint and check --bundle, through {@link WardenCli#run}. */
class BundleCliTest extends ConsoleCapture {

    private static final String POLICY = "policy: cli-bot\negress:\n  - to: \"api.openai.com:443\"\n    http: { methods: [POST] }\n";

    @TempDir
    Path tmp;

    private int run(Object... args) {
        clearOutput();
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i].toString();
        }
        return WardenCli.run(strings);
    }

    private Path policyDir(String policy) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(dir.resolve("policy.yaml"), policy);
        return dir;
    }

    /** keygen into keys/NAME and copy the public key into trust/. Returns the key id. */
    private String key(String name) throws Exception {
        Files.createDirectories(tmp.resolve("keys"));
        Files.createDirectories(tmp.resolve("trust"));
        assertThat(run("keygen", "--out", tmp.resolve("keys/" + name))).isZero();
        String keyId = out().substring("key id ".length(), "key id ".length() + 16);
        Files.copy(tmp.resolve("keys/" + name + ".pub"), tmp.resolve("trust/" + name + ".pub"));
        return keyId;
    }

    private Path signedBundle(int revision) throws Exception {
        Path bundle = tmp.resolve("app-" + revision + ".wbundle");
        assertThat(run("bundle", "build", policyDir(POLICY), "--name", "cli-bot", "--revision", revision, "--out", bundle)).isZero();
        assertThat(run("bundle", "sign", bundle, "--key", tmp.resolve("keys/ops.key"))).isZero();
        return bundle;
    }

    @Test
    void keygenWritesThePairAndPrintsTheKeyId() throws Exception {
        String keyId = key("ops");

        assertThat(keyId).matches("[0-9a-f]{16}");
        assertThat(tmp.resolve("keys/ops.key")).exists();
        assertThat(run("keygen", "--out", tmp.resolve("keys/ops"))).isEqualTo(2);
        assertThat(err()).isEqualTo("warden: " + tmp.resolve("keys/ops.key") + ": already exists; not overwriting a key\n");
        assertThat(run("keygen", "--data", "--out", tmp.resolve("data.keys"))).isEqualTo(0);
        assertThat(run("keygen", "--data", "--out", tmp.resolve("keys/ops.key"))).isEqualTo(2);
        assertThat(err()).startsWith("warden: keygen --data: " + tmp.resolve("keys/ops.key") + " is not a data-key file, left unchanged");
    }

    @Test
    void theOperatorsLoopBuildSignVerifyInspect() throws Exception {
        String keyId = key("ops");
        Path bundle = tmp.resolve("app.wbundle");

        assertThat(run("bundle", "build", policyDir(POLICY), "--name", "cli-bot", "--revision", "3",
                "--expires", "2999-01-01T00:00:00Z", "--out", bundle)).isZero();
        assertThat(out()).startsWith("built " + bundle + ": cli-bot revision 3, 1 file(s), unsigned");

        assertThat(run("bundle", "verify", bundle, "--trust", tmp.resolve("trust"))).isEqualTo(1);
        assertThat(err()).isEqualTo("warden: refused: " + bundle + ": the bundle is not signed (no signatures/<keyid>.sig entry)\n");

        assertThat(run("bundle", "sign", bundle, "--key", tmp.resolve("keys/ops.key"))).isZero();
        assertThat(out()).isEqualTo("signed " + bundle + " with key " + keyId + " (1 signature(s))\n");

        assertThat(run("bundle", "verify", bundle, "--trust", tmp.resolve("trust"))).isZero();
        assertThat(out()).startsWith("valid: " + bundle + ": cli-bot revision 3, created ")
                .contains("expires 2999-01-01T00:00:00Z, signed by " + keyId);

        assertThat(run("bundle", "inspect", bundle)).isZero();
        assertThat(out()).contains("name:      cli-bot\n", "revision:  3\n", "policy.yaml  sha256:", "  ok\n", "  key " + keyId + "\n");

        assertThat(run("bundle", "inspect", bundle, "--json")).isZero();
        assertThat(out()).startsWith("{\"bundle\":\"" + bundle + "\",\"format\":1,\"name\":\"cli-bot\",\"revision\":3,\"created\":\"")
                .contains(",\"expires\":\"2999-01-01T00:00:00Z\",\"policy\":\"policy.yaml\",\"manifest_sha256\":\"")
                .contains("\"files\":[{\"path\":\"policy.yaml\",\"sha256\":\"")
                .contains("\"status\":\"ok\"}],\"signatures\":[{\"key_id\":\"" + keyId + "\"}],\"signatures_verified\":false}");
    }

    @Test
    void verifyWithStateRefusesARollback() throws Exception {
        key("ops");
        Path two = signedBundle(2);
        Path one = signedBundle(1);
        Path state = tmp.resolve("state");

        assertThat(run("bundle", "verify", two, "--trust", tmp.resolve("trust"), "--state", state)).isZero();
        assertThat(out()).endsWith("; revision recorded in " + state + "\n");
        assertThat(run("bundle", "verify", one, "--trust", tmp.resolve("trust"), "--state", state)).isEqualTo(1);
        assertThat(err()).isEqualTo("warden: refused: " + one + ": bundle cli-bot revision 1 is older than the accepted revision 2\n");
        // without --state, no anti-rollback: the older bundle itself is valid
        assertThat(run("bundle", "verify", one, "--trust", tmp.resolve("trust"))).isZero();
    }

    @Test
    void verifyRefusesATamperedBundleAndAnEmptyTrustDirectory() throws Exception {
        key("ops");
        Path bundle = signedBundle(1);
        Path empty = Files.createDirectory(tmp.resolve("empty"));

        assertThat(run("bundle", "verify", bundle, "--trust", empty)).isEqualTo(1);
        assertThat(err()).isEqualTo("warden: refused: " + bundle + ": nothing is trusted: the trust directory " + empty + " holds no *.pub key\n");

        Map<String, byte[]> entries = entries(bundle);
        entries.put("policy.yaml", (POLICY + "  - to: \"evil.example.com:443\"\n").getBytes(StandardCharsets.UTF_8));
        writeZip(bundle, entries);
        assertThat(run("bundle", "verify", bundle, "--trust", tmp.resolve("trust"))).isEqualTo(1);
        assertThat(err()).startsWith("warden: refused: " + bundle + ": file 'policy.yaml' does not match the manifest").doesNotContain("\tat ");
        assertThat(err().lines()).hasSize(1);

        assertThat(run("bundle", "inspect", bundle)).isZero();
        assertThat(out()).contains("  MISMATCH\n");
    }

    @Test
    void badInputExitsTwo() throws Exception {
        key("ops");
        Path dir = policyDir(POLICY);

        assertThat(run("bundle", "verify", tmp.resolve("none.wbundle"), "--trust", tmp.resolve("trust"))).isEqualTo(2);
        assertThat(err()).isEqualTo("warden: " + tmp.resolve("none.wbundle") + ": no such file\n");
        assertThat(run("bundle", "build", dir, "--name", "x", "--revision", "1", "--expires", "tomorrow", "--out", tmp.resolve("x.wbundle"))).isEqualTo(2);
        assertThat(err()).startsWith("warden: --expires: 'tomorrow' is not an ISO-8601 UTC time");
        assertThat(run("bundle", "build", dir, "--name", "x", "--out", tmp.resolve("x.wbundle"))).isEqualTo(2);
        assertThat(err()).startsWith("warden: Missing required option: '--revision=N'");
        assertThat(run("bundle", "sign", tmp.resolve("none.wbundle"), "--key", tmp.resolve("keys/ops.key"))).isEqualTo(2);
        Path bundle = signedBundle(1);
        assertThat(run("bundle", "sign", bundle, "--key", tmp.resolve("keys/ops.pub"))).isEqualTo(2);
        assertThat(err()).isEqualTo("warden: " + tmp.resolve("keys/ops.pub") + ": holds a PUBLIC KEY, expected a PRIVATE KEY\n");
        Files.writeString(dir.resolve("policy.yaml"), "policy: x\negres: []\n");
        assertThat(run("bundle", "build", dir, "--name", "x", "--revision", "1", "--out", tmp.resolve("x.wbundle"))).isEqualTo(2);
        assertThat(err()).startsWith("warden: " + dir.resolve("policy.yaml") + ":2: ");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"keygen"}, {"bundle"}, {"bundle", "build"}, {"bundle", "sign"}, {"bundle", "verify"},
                {"bundle", "inspect"}, {"policy"}, {"policy", "lint"}, {"check"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            assertThat(run((Object[]) args)).as(String.join(" ", args)).isZero();
            assertThat(out()).as(String.join(" ", args)).startsWith("Usage: warden-agent.jar " + String.join(" ", command));
        }
    }

    @Test
    void policyLintPrintsTheLineNumberedError() throws Exception {
        Path good = Files.writeString(tmp.resolve("good.yaml"), POLICY);
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "policy: x\nmode: enforce\negress:\n  - to: \"api.openai.com:99999\"\n");

        assertThat(run("policy", "lint", good)).isZero();
        assertThat(out()).isEqualTo("ok: " + good + " (policy \"cli-bot\", mode enforce, 1 egress rule(s))\n");
        assertThat(run("policy", "lint", bad)).isEqualTo(2);
        assertThat(err()).startsWith("warden: " + bad + ":4: ");
        assertThat(run("policy", "lint", tmp.resolve("none.yaml"))).isEqualTo(2);
    }

    @Test
    void checkUsesAVerifiedBundleOnly() throws Exception {
        key("ops");
        Path bundle = signedBundle(1);

        assertThat(run("check", "--bundle", bundle, "--trust", tmp.resolve("trust"), "egress", "https://api.openai.com/v1/chat", "POST")).isZero();
        assertThat(out()).contains("allowed: POST https://api.openai.com/v1/chat").contains("rule:   egress[0] (api.openai.com:443)");
        assertThat(run("check", "--bundle", bundle, "--trust", tmp.resolve("trust"), "egress", "https://evil.example.com/")).isEqualTo(1);

        assertThat(run("check", "--bundle", bundle, "egress", "https://api.openai.com/")).isEqualTo(2);
        assertThat(err()).isEqualTo("warden: --bundle needs --trust DIR: a bundle is used only after its signatures are verified\n");

        Path unsigned = tmp.resolve("unsigned.wbundle");
        assertThat(run("bundle", "build", tmp.resolve("src"), "--name", "cli-bot", "--revision", "1", "--out", unsigned)).isZero();
        assertThat(run("check", "--bundle", unsigned, "--trust", tmp.resolve("trust"), "egress", "https://api.openai.com/")).isEqualTo(2);
        assertThat(err()).isEqualTo("warden: bundle refused: " + unsigned + ": the bundle is not signed (no signatures/<keyid>.sig entry)\n");
    }

    private static Map<String, byte[]> entries(Path zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream stream = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = stream.getNextEntry()) != null) {
                entries.put(entry.getName(), stream.readAllBytes());
            }
        }
        return entries;
    }

    private static void writeZip(Path zip, Map<String, byte[]> entries) throws Exception {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream stream = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                stream.putNextEntry(new ZipEntry(entry.getKey()));
                stream.write(entry.getValue());
                stream.closeEntry();
            }
        }
    }
}
