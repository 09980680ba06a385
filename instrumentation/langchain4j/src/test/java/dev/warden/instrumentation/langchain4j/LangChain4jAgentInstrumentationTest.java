package dev.warden.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import org.junit.jupiter.api.Test;

class LangChain4jAgentInstrumentationTest {

    private final LangChain4jAgentInstrumentation instrumentation = new LangChain4jAgentInstrumentation();

    @Test
    void theServiceProxysInvocationHandlerIsTheOneMethodHooked() throws Exception {
        assertThat(AdviceCoverage.onType(instrumentation, Class.forName(LangChain4jAgentInstrumentation.INVOCATION_HANDLER))
                .stream().flatMap(selection -> selection.methods().stream()).toList())
                .containsExactly("invoke(Ljava/lang/Object;Ljava/lang/reflect/Method;[Ljava/lang/Object;)Ljava/lang/Object;");
    }

    @Test
    void theVersionCheckFindsTheHandlerInTheLibrary() {
        assertThat(instrumentation.supportsVersionIn(getClass().getClassLoader())).isTrue();
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
