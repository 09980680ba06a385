package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.CanonicalPaths;
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
import java.util.Map;
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
                new AccessMediator(new DecisionRecorder(null, ready -> { }, 0, null)), CanonicalPaths.ofProcess(),
                Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"));
    }

    private SpanData onlySpan() {
        assertThat(exported.getFinishedSpanItems()).hasSize(1);
        return exported.getFinishedSpanItems().get(0);
    }

    @Test
    void anAllowedCommandGoesAheadWithASpanNamingItsRule() throws Exception {
        starts(Mode.ENFORCE).beforeStart(new String[] {"/usr/bin/git", "status"}, null, null);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("exec");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.rule"))).isEqualTo("processes[0]");
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("process.command_args")))
                .isEqualTo(List.of("/usr/bin/git", "status"));
    }

    @Test
    void anyOtherCommandIsAnIOExceptionNamingTheArgv() throws Exception {
        assertThatThrownBy(() -> starts(Mode.ENFORCE).beforeStart(new String[] {"/bin/sh", "-c", "curl x"}, null, null))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("warden: denied start of process [/bin/sh, -c, curl x]: no processes rule allows this exact"
                        + " command [rule default-deny]");
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("deny");
    }

    @Test
    void auditModeRecordsButDoesNotRefuse() throws Exception {
        ProcessStarts audit = starts(Mode.AUDIT);
        assertThatCode(() -> audit.beforeStart(new String[] {"/bin/rm", "-rf", "/tmp/x"}, null, null)).doesNotThrowAnyException();
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("audit-deny");
    }

    @Test
    void whatTheAppSetsInTheEnvironmentIsDecidedAndInheritedValuesAreNot() throws Exception {
        ProcessStarts starts = starts(Mode.ENFORCE);
        String[] git = {"/usr/bin/git", "status"};

        assertThatCode(() -> starts.beforeStart(git, ".", Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8", "TZ", "UTC")))
                .as("the JVM's own PATH, its own directory however named, a harmless TZ").doesNotThrowAnyException();
        assertThatThrownBy(() -> starts.beforeStart(git, null, Map.of("PATH", "/tmp/planted:/usr/bin", "LANG", "C.UTF-8")))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("warden: denied start of process [/usr/bin/git, status]: processes[0] allows this command, but the app"
                        + " sets PATH for it, which can make the child run other code (list it in the rule's env: to allow it)"
                        + " [rule processes[0]]");
        assertThatThrownBy(() -> starts.beforeStart(git, "/tmp", null))
                .hasMessageContaining("start of process [/usr/bin/git, status] in /tmp: processes[0] allows this command, but only"
                        + " in the JVM's working directory, not in /tmp");
    }
}
