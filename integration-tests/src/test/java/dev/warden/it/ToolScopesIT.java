package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.LangChain4jToolsApp;
import dev.warden.it.apps.SpringAiToolsApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.ScriptedLlmServer;
import dev.warden.it.harness.ScriptedLlmServer.ToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tool scopes with a real LangChain4j AI service: the scripted "LLM" asks for tool calls; each tool
 * is held to its segment (and the global rules), on its own thread and on the threads it hands
 * work to, while the app's own code doing the same is held to the global rules only.
 */
class ToolScopesIT extends AgentTestSupport {

    /**
     * An AI app loads thousands of classes from a long class path, each read by the supertype
     * matcher: on 2 loaded cores its start takes longer than the harness's default allows.
     */
    static final java.time.Duration AI_APP_TIMEOUT = java.time.Duration.ofSeconds(120);

    static final String LANGCHAIN4J = "langchain4j";
    static final String SPRING_AI = "spring-ai";

    /** The AccessDeniedException NIO file denials throw (docs/files.md). */
    static final String FILE_DENIED = "dev.warden.bootstrap.FileDenied";

    /** Handing work to other threads, per JDK. */
    static List<String> handOffs(Jdk jdk) {
        List<String> hows = new ArrayList<>(List.of("executor", "completable", "forkjoin", "thread", "fixed-rate", "fixed-delay",
                "timer", "cleaner", "fork"));
        if (jdk.hasVirtualThreads()) {
            hows.addAll(List.of("virtual", "virtual-executor"));
        }
        return hows;
    }

    static Stream<Arguments> libraries() {
        return onBothJdks(List.of(LANGCHAIN4J, SPRING_AI));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void eachToolIsHeldToItsSegmentOnEveryThreadItUsesWhileTheAppsOwnCodeIsNot(Jdk jdk, String library) throws Exception {
        Class<?> app = library.equals(LANGCHAIN4J) ? LangChain4jToolsApp.class : SpringAiToolsApp.class;
        Path publicFile = Files.createDirectories(tmp.resolve("public")).resolve("p.txt");
        Files.writeString(publicFile, "public text");
        Path secretFile = Files.writeString(tmp.resolve("secret.txt"), "secret text");
        try (RecordingHttpServer http = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            String allowed = http.url("/allowed/a");
            String other = http.url("/other/b");
            List<ToolCall> script = new ArrayList<>(List.of(
                    new ToolCall("fetch_url", "{\"url\":\"" + allowed + "\"}"),
                    new ToolCall("fetch_url", "{\"url\":\"" + other + "\"}"),
                    new ToolCall("read_file", "{\"path\":\"" + publicFile + "\"}"),
                    new ToolCall("read_file", "{\"path\":\"" + secretFile + "\"}"),
                    new ToolCall("query_db", "{\"sql\":\"SELECT * FROM notes\"}"),
                    new ToolCall("query_db", "{\"sql\":\"SELECT * FROM secrets\"}")));
            for (String how : handOffs(jdk)) {
                script.add(new ToolCall("fetch_on", "{\"how\":\"" + how + "\",\"url\":\"" + other + "\"}"));
            }
            script.add(new ToolCall("fetch_on", "{\"how\":\"executor\",\"url\":\"" + allowed + "\"}"));
            try (ScriptedLlmServer llm = ScriptedLlmServer.start(script)) {
                Path policy = policy("""
                        policy: it-tools
                        mode: enforce
                        egress:
                          - to: "127.0.0.1:%1$d"
                          - to: "127.0.0.1:%2$d"
                        files:
                          - path: "%3$s/**"
                            allow: [read, list]
                        databases:
                          - url: "jdbc:h2:mem:crm"
                            allow: [any]
                        segments:
                          - tool: fetch_url
                            egress: [ { to: "127.0.0.1:%2$d", http: { paths: ["/allowed/**"] } } ]
                            files: []
                          - tool: fetch_on
                            egress: [ { to: "127.0.0.1:%2$d", http: { paths: ["/allowed/**"] } } ]
                          - tool: read_file
                            files: [ { path: "%3$s/public/**", allow: [read] } ]
                          - tool: query_db
                            databases: [ { url: "jdbc:h2:mem:crm", allow: [select], tables: [notes] } ]
                        """.formatted(llm.port(), http.port(), tmp));
                String[] args = {llm.baseUrl(), "outside:fetch_url:" + other, "outside:read_file:" + secretFile,
                        "outside:query_db:SELECT * FROM secrets", "later:" + other};

                Steps without = steps(ForkedJvm.on(jdk).timeout(AI_APP_TIMEOUT).main(app, args));
                without.values().forEach(AgentTestSupport::assertOk);

                Steps with = steps(withAgent(jdk, policy, otlp).timeout(AI_APP_TIMEOUT).main(app, args));
                // the app's own code: global rules only
                assertThat(with.get("outside:fetch_url").line()).isEqualTo(without.get("outside:fetch_url").line());
                assertThat(with.get("outside:read_file").line()).isEqualTo(without.get("outside:read_file").line());
                assertThat(with.get("outside:query_db").line()).isEqualTo(without.get("outside:query_db").line());
                // the tools: what their segments allow works, the rest is denied naming the tool
                assertOk(with.get("fetch_url#1"));
                assertToolDenied(with.get("fetch_url#2"), CONNECT_EXCEPTION, other, "segments[0].egress[0]", "fetch_url");
                assertThat(with.get("read_file#1").get("content")).isEqualTo("public text");
                assertToolDenied(with.get("read_file#2"), FILE_DENIED, secretFile.toString(),
                        "segments[2].files default-deny", "read_file");
                assertThat(with.get("query_db#1").get("rows")).isEqualTo("buy milk;");
                assertToolDenied(with.get("query_db#2"), "java.sql.SQLException", "secrets",
                        "segments[3].databases[0]", "query_db");
                // work handed to other threads stays in the tool's scope
                for (String how : handOffs(jdk)) {
                    AppResult handedOff = handOff(with, how);
                    assertToolDenied(handedOff, CONNECT_EXCEPTION, other, "segments[1].egress[0]", "fetch_on");
                }
                // the work really ran on the other thread (a hand-off run by the tool's own thread would pass alone)
                for (Map.Entry<String, String> ranOn : Map.of("fixed-rate", "pool", "fixed-delay", "pool", "timer", "pool",
                        "cleaner", "pool", "fork", "forkjoin").entrySet()) {
                    assertThat(with.byStep()).as(ranOn.getKey()).containsKey("fetch_on:" + ranOn.getKey() + ":" + ranOn.getValue());
                }
                assertOk(with.get("fetch_on:executor:pool#2"));
                // once the tools are done, the pool thread a tool started works for nobody
                assertThat(with.get("later:pool").line()).isEqualTo(without.get("later:pool").line());
                assertThat(with.get("answer").get("text")).contains(String.valueOf(script.size()));

                assertSpans(otlp, script, library.equals(LANGCHAIN4J), allowed);
            }
        }
    }

    /**
     * The spans: an execute_tool span per tool call, with the tool's accesses as its children.
     * LangChain4j hands the tool call's id to the executor ({@code gen_ai.tool.call.id}); Spring AI
     * does not, so there the calls are told apart by their order.
     */
    private static void assertSpans(OtlpReceiver otlp, List<ToolCall> script, boolean withCallIds, String allowed) {
        List<ReceivedSpan> tools = otlp.awaitSpans("an execute_tool span per tool call",
                s -> s.name().startsWith("execute_tool "), script.size(), OtlpReceiver.DEFAULT_WAIT);
        tools = tools.stream().sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
        for (int i = 0; i < script.size(); i++) {
            ReceivedSpan tool = tools.get(i);
            assertThat(tool.name()).isEqualTo("execute_tool " + script.get(i).name());
            assertThat(tool.kind()).isEqualTo("INTERNAL");
            assertThat(tool.attributes()).containsEntry("gen_ai.operation.name", "execute_tool")
                    .containsEntry("gen_ai.tool.name", script.get(i).name());
            if (withCallIds) {
                assertThat(tool.str("gen_ai.tool.call.id")).isEqualTo("call_" + (i + 1));
            }
        }
        ReceivedSpan allowedGet = childOf(otlp, tools.get(0), "GET");
        assertDecision(allowedGet, "allow", "egress[1]");
        assertThat(allowedGet.str("url.full")).isEqualTo(allowed);
        assertThat(allowedGet.str("warden.scope")).isEqualTo("tool fetch_url");

        ReceivedSpan deniedGet = childOf(otlp, tools.get(1), "GET");
        assertDecision(deniedGet, "deny", "segments[0].egress[0]");
        assertThat(deniedGet.str("warden.scope")).isEqualTo("tool fetch_url");

        assertThat(childOf(otlp, tools.get(3), "file read").str("warden.rule")).isEqualTo("segments[2].files default-deny");
        assertDecision(childOf(otlp, tools.get(5), "SELECT secrets"), "deny", "segments[3].databases[0]");
        // every hand-off: the access on the other thread is a child of the tool that handed it off
        for (int i = 6; i < script.size() - 1; i++) {
            assertDecision(childOf(otlp, tools.get(i), "GET"), "deny", "segments[1].egress[0]");
        }
        assertDecision(childOf(otlp, tools.get(script.size() - 1), "GET"), "allow", "egress[1]");
    }

    private static ReceivedSpan childOf(OtlpReceiver otlp, ReceivedSpan parent, String name) {
        return otlp.awaitSpan(name + " under " + parent,
                ReceivedSpan.named(name).and(s -> s.parentSpanId().equals(parent.spanId())));
    }

    private static void assertToolDenied(AppResult r, String type, String target, String rule, String tool) {
        assertDenied(r, type, target);
        assertThat(r.msg()).as("message of %s", r).endsWith("[rule " + rule + ", tool " + tool + "]");
    }

    /** The RESULT of the hand-off {@code how}: tagged {@code fetch_on:HOW:THREADKIND}. */
    private static AppResult handOff(Steps steps, String how) {
        return steps.byStep().entrySet().stream().filter(e -> e.getKey().startsWith("fetch_on:" + how + ":"))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no result of fetch_on " + how + "\n" + steps.run()));
    }

    /**
     * Runs the app; its RESULT lines by step, a repeated step numbered from its first
     * ({@code fetch_url#1}, {@code fetch_url#2}). The thread a hand-off ran on is in its step name.
     */
    static Steps steps(ForkedJvm.Builder jvm) {
        ForkedJvm.Result r = jvm.run();
        assertThat(r.timedOut()).as("timed out\n%s", r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r.describe()).isZero();
        Map<String, AppResult> byStep = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (AppResult result : r.results()) {
            String step = result.get("step");
            int n = seen.merge(step, 1, Integer::sum);
            byStep.put(step + "#" + n, result);
            if (n == 1) {
                byStep.put(step, result);
            }
        }
        return new Steps(byStep, r.describe());
    }

    /** The RESULT lines of one run by step; a missing step fails with the run's output. */
    record Steps(Map<String, AppResult> byStep, String run) {
        AppResult get(String step) {
            AppResult result = byStep.get(step);
            if (result == null) {
                throw new AssertionError("no RESULT of step " + step + "\n" + run);
            }
            return result;
        }

        java.util.Collection<AppResult> values() {
            return byStep.values();
        }
    }
}
