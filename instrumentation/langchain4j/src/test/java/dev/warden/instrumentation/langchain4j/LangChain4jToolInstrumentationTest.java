package dev.warden.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jToolInstrumentationTest {

    private static List<String> selectedIn(String type) throws Exception {
        LangChain4jToolInstrumentation instrumentation = new LangChain4jToolInstrumentation();
        return AdviceCoverage.onType(instrumentation, Class.forName(type)).stream()
                .flatMap(selection -> selection.methods().stream()).sorted().toList();
    }

    @Test
    void everyToolAnAiServiceRunsPassesTheOneErrorHandlingEntry() throws Exception {
        assertThat(selectedIn(LangChain4jToolInstrumentation.TOOL_SERVICE)).containsExactly(
                "executeWithErrorHandling(Ldev/langchain4j/agent/tool/ToolExecutionRequest;"
                        + "Ldev/langchain4j/service/tool/ToolExecutor;Ldev/langchain4j/invocation/InvocationContext;"
                        + "Ldev/langchain4j/service/tool/ToolArgumentsErrorHandler;"
                        + "Ldev/langchain4j/service/tool/ToolExecutionErrorHandler;)"
                        + "Ldev/langchain4j/service/tool/ToolExecutionResult;");
    }

    @Test
    void aDefaultToolExecutorCalledDirectlyIsAToolCallToo() throws Exception {
        assertThat(selectedIn(LangChain4jToolInstrumentation.DEFAULT_TOOL_EXECUTOR)).containsExactly(
                "execute(Ldev/langchain4j/agent/tool/ToolExecutionRequest;Ljava/lang/Object;)Ljava/lang/String;",
                "executeWithContext(Ldev/langchain4j/agent/tool/ToolExecutionRequest;"
                        + "Ldev/langchain4j/invocation/InvocationContext;)Ldev/langchain4j/service/tool/ToolExecutionResult;");
    }

    @Test
    void theVersionCheckReadsTheLibrarysClassFiles() {
        LangChain4jToolInstrumentation instrumentation = new LangChain4jToolInstrumentation();

        assertThat(instrumentation.supportsVersionIn(getClass().getClassLoader())).isTrue();
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
