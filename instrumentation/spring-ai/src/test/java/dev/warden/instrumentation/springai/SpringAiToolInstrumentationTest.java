package dev.warden.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.ai.tool.method.MethodToolCallback;

class SpringAiToolInstrumentationTest {

    private static List<String> selectedIn(Class<?> type) {
        return AdviceCoverage.onType(new SpringAiToolInstrumentation(), type).stream()
                .flatMap(selection -> selection.methods().stream()).sorted().toList();
    }

    @Test
    void theCallbacksOfToolMethodsAndFunctionsAreToolCalls() {
        List<String> both = List.of("call(Ljava/lang/String;)Ljava/lang/String;",
                "call(Ljava/lang/String;Lorg/springframework/ai/chat/model/ToolContext;)Ljava/lang/String;");

        assertThat(selectedIn(MethodToolCallback.class)).containsExactlyElementsOf(both);
        assertThat(selectedIn(FunctionToolCallback.class)).containsExactlyElementsOf(both);
    }

    @Test
    void implementationsAreFoundByTheToolCallbackInterface() {
        assertThat(new SpringAiToolInstrumentation().targetSupertypes())
                .containsExactly("org.springframework.ai.tool.ToolCallback");
    }
}
