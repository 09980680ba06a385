package dev.warden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckFileCliTest extends ConsoleCapture {

    @TempDir
    Path directory;

    private Path policy(String yaml) throws Exception {
        return Files.writeString(directory.resolve("policy.yaml"), yaml);
    }

    @Test
    void anAllowedAccessExitsZeroAndNamesTheRule() throws Exception {
        Path data = Files.createDirectories(directory.resolve("data")).toRealPath();
        Path policy = policy("policy: cli\nfiles:\n  - path: \"" + data + "/**\"\n    allow: [read, list]\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "file", data + "/report.csv", "read");

        assertThat(exit).isZero();
        assertThat(out()).contains("allowed: read " + data + "/report.csv")
                .contains("rule:   files[0] (" + data + "/**)");
    }

    @Test
    void aProbeIsAnsweredAsStat() throws Exception {
        Path data = Files.createDirectories(directory.resolve("data")).toRealPath();
        Path policy = policy("policy: cli\nfiles:\n  - path: \"" + data + "\"\n    allow: [list]\n");

        assertThat(WardenCli.run("check", "--policy", policy.toString(), "file", data + "/report.csv", "stat")).isZero();
        assertThat(out()).contains("allowed: stat " + data + "/report.csv").contains("rule:   files[0] (" + data + ")");
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "file", data + "/sub/report.csv", "stat"))
                .isEqualTo(1);
    }

    @Test
    void aDeniedAccessExitsOneAndShowsTheCanonicalPath() throws Exception {
        Path data = Files.createDirectories(directory.resolve("data")).toRealPath();
        Path secret = Files.createDirectories(directory.resolve("secret")).toRealPath();
        Files.createSymbolicLink(data.resolve("link"), secret);
        Path policy = policy("policy: cli\nfiles:\n  - path: \"" + data + "/**\"\n    allow: [read, write]\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "file", data + "/link/key.pem", "read");

        assertThat(exit).isEqualTo(1);
        assertThat(out()).contains("denied: read " + data + "/link/key.pem (" + secret + "/key.pem)")
                .contains("rule:   default-deny");
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "file", data + "/x", "delete")).isEqualTo(1);
        assertThat(out()).contains("files[0] (" + data + "/**) does not allow delete");
    }

    @Test
    void appHomeIsTheDirectoryAppHomeGivesSinceTheCommandLinesOwnClassPathIsWardensJar() throws Exception {
        Path app = Files.createDirectories(directory.resolve("app")).toRealPath();
        Files.writeString(app.resolve("clinic.jar"), "a jar");
        Path policy = policy("policy: cli\nfiles:\n  - path: \"${app.home}/config/**\"\n    allow: [read]\n");

        assertThat(WardenCli.run("check", "--policy", policy.toString(), "--app-home", app.resolve("clinic.jar").toString(),
                "file", app + "/config/app.yaml", "read")).isZero();
        assertThat(out()).contains("rule:   files[0] (${app.home}/config/**)");
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "file", app + "/config/app.yaml", "read"))
                .isEqualTo(1);
    }

    @Test
    void theBuiltInAllowancesAreNamedWhereTheyApply() throws Exception {
        Path policy = policy("policy: cli\nfiles: []\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "file",
                System.getProperty("java.home") + "/lib/security/cacerts", "read");

        assertThat(exit).isEqualTo(1);
        assertThat(out()).contains("built-in jvm:runtime-data").contains("app code is decided as above");
    }

    @Test
    void aBadModeExitsTwo() throws Exception {
        Path policy = policy("policy: cli\nfiles: []\n");

        assertThat(WardenCli.run("check", "--policy", policy.toString(), "file", "/x", "execute")).isEqualTo(2);
        assertThat(err()).contains("not a file access mode: execute");
    }
}
