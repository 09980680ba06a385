package dev.warden.it;

import static dev.warden.it.ToolScopesIT.AI_APP_TIMEOUT;
import static dev.warden.it.ToolScopesIT.LANGCHAIN4J;
import static dev.warden.it.ToolScopesIT.SPRING_AI;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.ToolScopesIT.Steps;
import dev.warden.it.apps.LangChain4jToolsApp;
import dev.warden.it.apps.SpringAiToolsApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.ScriptedLlmServer;
import dev.warden.it.harness.ScriptedLlmServer.Reply;
import dev.warden.it.harness.ScriptedLlmServer.ToolCall;
import dev.warden.it.harness.WardenAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code tools:} section with a real LangChain4j AI service and a real Spring AI chat client: a listed
 * tool whose arguments match runs unchanged; a tool not listed, or one whose arguments do not match, never
 * runs, and the LLM's next request carries Warden's denial as that tool's result; the execute_tool spans
 * and the audit log say which rule decided.
 */
class ToolsSectionIT extends AgentTestSupport {

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());

    static Stream<Arguments> libraries() {
        return onBothJdks(List.of(LANGCHAIN4J, SPRING_AI));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void onlyListedToolsWithMatchingArgumentsRunAndTheLlmReadsWhyTheOthersDidNot(Jdk jdk, String library) throws Exception {
        Class<?> app = library.equals(LANGCHAIN4J) ? LangChain4jToolsApp.class : SpringAiToolsApp.class;
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "data text");
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret text");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path written = out.resolve("ok.txt");
        Path refusedWrite = tmp.resolve("elsewhere.txt");
        Path audit = tmp.resolve("audit.log");
        try (RecordingHttpServer http = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            List<ToolCall> script = List.of(
                    new ToolCall("read_file", "{\"path\":\"" + data.resolve("a.txt") + "\"}"),
                    new ToolCall("read_file", "{\"path\":\"" + secret + "\"}"),
                    new ToolCall("write_file", "{\"path\":\"" + written + "\",\"text\":\"fine\"}"),
                    new ToolCall("write_file", "{\"path\":\"" + refusedWrite + "\",\"text\":\"nope\"}"),
                    new ToolCall("fetch_url", "{\"url\":\"" + http.url("/never") + "\"}"));
            List<String> toolResults = new CopyOnWriteArrayList<>();
            try (ScriptedLlmServer llm = ScriptedLlmServer.start(conversation -> {
                if (conversation.toolResults().isEmpty()) {
                    return new Reply(script, null);
                }
                toolResults.addAll(conversation.toolResults());
                return Reply.answer("done with " + conversation.toolResults().size() + " tool results");
            })) {
                Path policy = policy("""
                        policy: it-tools-section
                        mode: enforce
                        egress:
                          - to: "127.0.0.1:%1$d"
                          - to: "127.0.0.1:%2$d"
                        files:
                          - path: "%3$s/**"
                            allow: [read, write, create, list]
                        databases:
                          - url: "jdbc:h2:mem:crm"
                            allow: [any]
                        tools:
                          - name: read_file
                            arguments: { path: "%3$s/data/**" }
                          - name: "write_*"
                            arguments: { path: "%3$s/out/*.txt" }
                        """.formatted(llm.port(), http.port(), tmp));

                Steps with = ToolScopesIT.steps(withAgent(jdk, policy, otlp, "audit=" + audit).timeout(AI_APP_TIMEOUT)
                        .main(app, llm.baseUrl()));

                // the allowed tools ran unchanged, the refused ones never ran
                assertThat(with.get("read_file").get("content")).isEqualTo("data text");
                assertOk(with.get("write_file"));
                assertThat(written).hasContent("fine");
                assertThat(with.byStep()).doesNotContainKeys("read_file#2", "write_file#2", "fetch_url");
                assertThat(refusedWrite).doesNotExist();
                assertThat(http.requests()).as("requests the refused fetch_url would have sent").isEmpty();
                assertThat(with.get("answer").get("text")).isEqualTo("done with 5 tool results");

                // the LLM reads each refusal as the tool's result
                assertThat(toolResults).hasSize(5);
                assertThat(toolResults.get(0)).contains("data text");
                assertThat(toolResults.get(1)).contains("warden: denied tool call read_file: tools[0] (read_file) allows"
                        + " this tool, but argument 'path' does not match " + tmp + "/data/** [rule tools[0]]");
                assertThat(toolResults.get(3)).contains("warden: denied tool call write_file: tools[1] (write_*) allows"
                        + " this tool, but argument 'path' does not match " + tmp + "/out/*.txt [rule tools[1]]");
                assertThat(toolResults.get(4))
                        .contains("warden: denied tool call fetch_url: no tools rule allows this tool [rule default-deny]");

                assertSpans(otlp, script);
                assertThat(Files.readAllLines(audit)).filteredOn(line -> line.contains("\"kind\":\"tool\""))
                        .satisfiesExactly(
                                line -> assertThat(line).contains("\"target\":\"read_file\"", "\"decision\":\"allow\",\"rule\":\"tools[0]\""),
                                line -> assertThat(line).contains("\"target\":\"read_file\"", "\"decision\":\"deny\",\"rule\":\"tools[0]\""),
                                line -> assertThat(line).contains("\"target\":\"write_file\"", "\"decision\":\"allow\",\"rule\":\"tools[1]\""),
                                line -> assertThat(line).contains("\"target\":\"write_file\"", "\"decision\":\"deny\",\"rule\":\"tools[1]\""),
                                line -> assertThat(line).contains("\"action\":\"execute\",\"target\":\"fetch_url\"",
                                        "\"decision\":\"deny\",\"rule\":\"default-deny\""));
                AgentJarCommands.Outcome verify = cli.exec("audit", "verify", audit.toString());
                assertThat(verify.exitCode()).as(verify.output()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void auditModeRunsEveryToolAndLearnModeSuggestsTheToolsThatRan(Jdk jdk, String library) throws Exception {
        Class<?> app = library.equals(LANGCHAIN4J) ? LangChain4jToolsApp.class : SpringAiToolsApp.class;
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret text");
        Path audit = tmp.resolve("audit.log");
        try (RecordingHttpServer http = RecordingHttpServer.http()) {
            List<ToolCall> script = List.of(new ToolCall("read_file", "{\"path\":\"" + secret + "\"}"),
                    new ToolCall("fetch_url", "{\"url\":\"" + http.url("/audited") + "\"}"));
            try (ScriptedLlmServer llm = ScriptedLlmServer.start(script)) {
                String rules = """
                        egress:
                          - to: "127.0.0.1:%1$d"
                          - to: "127.0.0.1:%2$d"
                        files:
                          - path: "%3$s/**"
                            allow: [read, list]
                        databases:
                          - url: "jdbc:h2:mem:crm"
                            allow: [any]
                        """.formatted(llm.port(), http.port(), tmp);
                Path audited = policy("policy: it-tools-audit\nmode: audit\n" + rules
                        + "tools:\n  - name: read_file\n    arguments: { path: \"" + tmp + "/data/**\" }\n");

                Steps auditRun = ToolScopesIT.steps(ForkedJvm.on(jdk).agentPolicy(audited).env("OTEL_TRACES_EXPORTER", "none")
                        .timeout(AI_APP_TIMEOUT).main(app, llm.baseUrl()));
                assertThat(auditRun.get("read_file").get("content")).isEqualTo("secret text");
                assertOk(auditRun.get("fetch_url"));
                assertThat(http.requests()).hasSize(1);
                assertThat(auditRun.run()).contains("audit-deny (not blocked, mode audit) tool call read_file: tools[0]"
                        + " (read_file) allows this tool, but argument 'path' does not match " + tmp + "/data/** [rule tools[0]]",
                        "audit-deny (not blocked, mode audit) tool call fetch_url: no tools rule allows this tool [rule default-deny]");

                Path learning = policy("policy: it-tools-learn\nmode: learn\n" + rules);
                ToolScopesIT.steps(ForkedJvm.on(jdk).agentPolicy(learning, "audit=" + audit).env("OTEL_TRACES_EXPORTER", "none")
                        .timeout(AI_APP_TIMEOUT).main(app, llm.baseUrl()));
                Path suggested = tmp.resolve("suggested.yaml");
                cli.run("policy", "suggest", audit.toString(), "--name", "learned", "--out", suggested.toString());
                assertThat(Files.readString(suggested)).contains("tools:\n  - name: \"fetch_url\"\n  - name: \"read_file\"\n");
                assertThat(cli.exec("check", "--policy", suggested.toString(), "tool", "read_file").exitCode()).isZero();
                assertThat(cli.exec("check", "--policy", suggested.toString(), "tool", "write_file").exitCode()).isEqualTo(1);
            }
        }
    }

    /** One execute_tool span per call, in order, each with the tools: decision; a refused one has ERROR status. */
    private static void assertSpans(OtlpReceiver otlp, List<ToolCall> script) {
        List<ReceivedSpan> tools = otlp.awaitSpans("an execute_tool span per tool call",
                s -> s.name().startsWith("execute_tool "), script.size(), OtlpReceiver.DEFAULT_WAIT).stream()
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
        String[][] expected = {{"allow", "tools[0]"}, {"deny", "tools[0]"}, {"allow", "tools[1]"}, {"deny", "tools[1]"},
                {"deny", "default-deny"}};
        for (int i = 0; i < expected.length; i++) {
            ReceivedSpan tool = tools.get(i);
            assertThat(tool.name()).isEqualTo("execute_tool " + script.get(i).name());
            assertThat(tool.str("warden.decision")).as("warden.decision of %s", tool).isEqualTo(expected[i][0]);
            assertThat(tool.str("warden.rule")).as("warden.rule of %s", tool).isEqualTo(expected[i][1]);
            assertThat(tool.str("warden.policy")).isEqualTo("it-tools-section");
            if (expected[i][0].equals("deny")) {
                assertThat(tool.statusCode()).as("status of %s", tool).isEqualTo("ERROR");
                assertThat(tool.statusMessage()).startsWith("warden: denied tool call " + script.get(i).name() + ": ");
                assertThat(tool.str("error.type")).isEqualTo("dev.warden.bootstrap.ToolDenied");
                assertThat(tool.str("warden.reason")).isNotBlank();
            } else {
                assertThat(tool.statusCode()).as("status of %s", tool).isNotEqualTo("ERROR");
            }
        }
    }
}
