package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.ProcessStartDecider;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.ProcessSpans;
import dev.warden.policy.Mode;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessStartsTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();

    private ProcessStarts starts(Mode mode) throws Exception {
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse("""
                policy: process-test
                processes:
                  - command: ["/usr/bin/git", "status"]
                """, "process.yaml"));
        ActivePolicy policy = new ActivePolicy(engine, 0, "test").withMode(mode);
        return new ProcessStarts(new ProcessStartDecider(() -> policy), new ProcessSpans(() -> tracing.get("test")),
                new AccessMediator(new DecisionRecorder(null, ready -> { }, 0, null)));
    }

    private SpanData onlySpan() {
        assertThat(exported.getFinishedSpanItems()).hasSize(1);
        return exported.getFinishedSpanItems().get(0);
    }

    @Test
    void anAllowedCommandGoesAheadWithASpanNamingItsRule() throws Exception {
        starts(Mode.ENFORCE).beforeStart(new String[] {"/usr/bin/git", "status"});

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("exec");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.rule"))).isEqualTo("processes[0]");
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("process.command_args")))
                .isEqualTo(List.of("/usr/bin/git", "status"));
    }

    @Test
    void anyOtherCommandIsAnIOExceptionNamingTheArgv() throws Exception {
        assertThatThrownBy(() -> starts(Mode.ENFORCE).beforeStart(new String[] {"/bin/sh", "-c", "curl x"}))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("warden: denied start of process [/bin/sh, -c, curl x]: no processes rule allows this exact"
                        + " command [rule default-deny]");
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("deny");
    }

    @Test
    void auditModeRecordsButDoesNotRefuse() throws Exception {
        ProcessStarts audit = starts(Mode.AUDIT);
        assertThatCode(() -> audit.beforeStart(new String[] {"/bin/rm", "-rf", "/tmp/x"})).doesNotThrowAnyException();
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("audit-deny");
    }
}
