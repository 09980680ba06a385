package dev.warden.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.AsyncMcpToolCallback;
import org.springframework.ai.mcp.SyncMcpToolCallback;

class SpringAiMcpToolInstrumentationTest {

    private static final List<String> BOTH_CALLS = List.of("call(Ljava/lang/String;)Ljava/lang/String;",
            "call(Ljava/lang/String;Lorg/springframework/ai/chat/model/ToolContext;)Ljava/lang/String;");

    private static List<String> selectedIn(Class<?> type, String advice) {
        return AdviceCoverage.onType(new SpringAiMcpToolInstrumentation(), type).stream()
                .filter(selection -> selection.adviceClassName().endsWith(advice))
                .flatMap(selection -> selection.methods().stream()).sorted().toList();
    }

    @Test
    void bothMcpCallbacksGetTheCallbackAdviceOnBothCalls() {
        assertThat(selectedIn(SyncMcpToolCallback.class, "$CallbackAdvice")).containsExactlyElementsOf(BOTH_CALLS);
        assertThat(selectedIn(AsyncMcpToolCallback.class, "$CallbackAdvice")).containsExactlyElementsOf(BOTH_CALLS);
    }

    @Test
    void theGeneralToolCallbackAdviceLeavesTheMcpCallbacksAlone() {
        for (Class<?> mcp : List.of(SyncMcpToolCallback.class, AsyncMcpToolCallback.class)) {
            assertThat(AdviceCoverage.onType(new SpringAiToolInstrumentation(), mcp).stream()
                    .flatMap(selection -> selection.methods().stream())).as(mcp.getName()).isEmpty();
        }
    }

    @Test
    void noVersionIsSkipped() {
        // the general tool advice leaves MCP calls to this one: skipping a version would leave them undecided
        assertThat(new SpringAiMcpToolInstrumentation().supportsVersionIn(ClassLoader.getPlatformClassLoader())).isTrue();
    }
}
