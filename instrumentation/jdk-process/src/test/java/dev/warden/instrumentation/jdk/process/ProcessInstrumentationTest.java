package dev.warden.instrumentation.jdk.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessInstrumentationTest {

    @Test
    void theHookSelectsTheOneStartEveryProcessPathReaches() throws Exception {
        List<String> selected = AdviceCoverage.of(new ProcessInstrumentation()).stream()
                .flatMap(s -> s.methods().stream()).toList();

        assertThat(selected).containsExactly("private java.lang.Process java.lang.ProcessBuilder.start("
                + "java.lang.ProcessBuilder$Redirect[]) throws java.io.IOException");
    }
}
