package dev.warden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WardenCliTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private Path policy(String yaml) throws Exception {
        return Files.writeString(directory.resolve("policy.yaml"), yaml);
    }

    @Test
    void anAllowedRequestExitsZeroAndNamesTheRule() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"api.openai.com:443\"\n    http: { methods: [POST] }\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/v1/chat/completions", "post");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("allowed: POST https://api.openai.com/v1/chat/completions")
                .contains("rule:   egress[0] (api.openai.com:443)");
    }

    @Test
    void aDeniedRequestExitsOne() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"api.openai.com:443\"\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://evil.example.com/");

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("denied: GET https://evil.example.com/").contains("default-deny");
    }

    @Test
    void anInvalidPolicyExitsTwoWithTheLineNumberedReason() throws Exception {
        Path policy = policy("policy: cli\negres: []\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("warden: " + policy + ":2:");
    }

    @Test
    void aMissingArgumentExitsTwo() {
        assertThat(WardenCli.run("check", "egress")).isEqualTo(2);
        assertThat(WardenCli.run("check", "--policy", "p.yaml", "egress", "not a url")).isEqualTo(2);
    }
}
