package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.JdbcApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared parts of the JDBC tests: policies with databases rules, JdbcApp runs, the SQL denial contract. */
abstract class JdbcTestSupport extends AgentTestSupport {

    static final String SQL_EXCEPTION = "java.sql.SQLException";
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** An enforce-mode policy: {@code databases} rules as YAML list items (without "- "), and egress rules. */
    Path databases(List<String> egress, String... rules) {
        StringBuilder yaml = new StringBuilder("policy: " + POLICY + "\nmode: enforce\n");
        yaml.append(egress.isEmpty() ? "egress: []\n" : "egress:\n");
        egress.forEach(rule -> yaml.append("  - ").append(rule).append('\n'));
        // file databases (H2 file, SQLite) are files too, decided by the files rules; sqlite-jdbc also
        // unpacks its native library into the temporary directory and reads the OS release to pick it
        yaml.append("files:\n  - path: \"").append(tmp).append("/**\"\n    allow: [read, write, create, delete, list]\n");
        yaml.append("  - path: \"${java.io.tmpdir}/**\"\n    allow: [read, write, create, delete, list]\n");
        yaml.append("  - path: \"/usr/lib/os-release\"\n    allow: [read]\n");
        // the native library sqlite-jdbc unpacks (under a name with a UUID) and loads
        yaml.append("native:\n  libraries: [\"${java.io.tmpdir}/sqlite-*-libsqlitejdbc.so\"]\n");
        yaml.append("databases:\n");
        for (String rule : rules) {
            String[] lines = rule.split("\n");
            yaml.append("  - ").append(lines[0]).append('\n');
            for (int i = 1; i < lines.length; i++) {
                yaml.append("    ").append(lines[i]).append('\n');
            }
        }
        return policy(yaml.toString());
    }

    /** The app with the agent and no telemetry export. */
    static ForkedJvm.Builder agent(Jdk jdk, Path policy) {
        return ForkedJvm.on(jdk).agentPolicy(policy).env("OTEL_TRACES_EXPORTER", "none");
    }

    /** Runs JdbcApp and returns its RESULT lines (step 0 is the connection, unless HOW is tool). */
    static List<AppResult> steps(ForkedJvm.Builder jvm, String how, String url, String... steps) {
        List<String> args = new ArrayList<>(List.of(how, url));
        args.addAll(List.of(steps));
        ForkedJvm.Result r = jvm.main(JdbcApp.class, args.toArray(new String[0])).run();
        assertThat(r.timedOut()).as("timed out\n%s", r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r.describe()).isZero();
        return r.results();
    }

    /** The JDBC denial: SQLException, SQLState 42501, message "warden: denied ..." naming what was refused. */
    static void assertSqlDenied(AppResult r, String... named) {
        assertDenied(r, SQL_EXCEPTION, named[0]);
        assertThat(r.get("sqlstate")).as("SQLState of %s", r).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(r.msg()).as("message of %s", r).contains(named).containsPattern("\\[rule \\S+\\]$");
    }

    /** The same RESULT lines, step for step. */
    static void assertSameResults(List<AppResult> with, List<AppResult> without) {
        assertThat(without).as("run without agent").allSatisfy(AgentTestSupport::assertOk);
        assertThat(with.stream().map(AppResult::line).toList()).as("with agent vs without\n%s",
                with.isEmpty() ? "" : with.get(0).context()).isEqualTo(without.stream().map(AppResult::line).toList());
    }
}
