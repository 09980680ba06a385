package dev.warden.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jMcpToolInstrumentationTest {

    @Test
    void bothWaysAnMcpToolExecutorRunsAToolAreToolCalls() throws Exception {
        LangChain4jMcpToolInstrumentation instrumentation = new LangChain4jMcpToolInstrumentation();
        List<String> selected = AdviceCoverage.onType(instrumentation,
                        Class.forName(LangChain4jMcpToolInstrumentation.MCP_TOOL_EXECUTOR)).stream()
                .flatMap(selection -> selection.methods().stream()).sorted().toList();

        assertThat(selected).containsExactly(
                "execute(Ldev/langchain4j/agent/tool/ToolExecutionRequest;Ljava/lang/Object;)Ljava/lang/String;",
                "executeWithContext(Ldev/langchain4j/agent/tool/ToolExecutionRequest;"
                        + "Ldev/langchain4j/invocation/InvocationContext;)Ldev/langchain4j/service/tool/ToolExecutionResult;");
    }

    @Test
    void noVersionIsSkipped() {
        // the general tool advice leaves MCP calls to this one: skipping a version would leave them undecided
        assertThat(new LangChain4jMcpToolInstrumentation().supportsVersionIn(ClassLoader.getPlatformClassLoader())).isTrue();
    }
}
