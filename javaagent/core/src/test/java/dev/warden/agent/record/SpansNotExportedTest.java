package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.access.FileOperation;
import dev.warden.agent.access.SocketConnect;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.policy.FileAccess;
import dev.warden.policy.decide.JdbcTarget;
import dev.warden.policy.decide.SqlAnalyzer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With no span exported ({@code OTEL_TRACES_EXPORTER=none}, or before start) a span about to be made
 * is not built at all: its attributes are never read. A decision without a policy would fail the
 * moment they were; a denied file access would read it for its span.
 */
class SpansNotExportedTest {

    private static final Decision UNREADABLE = new Decision(Outcome.ALLOW, "r", null, null);
    private static final JdbcTarget H2 = new JdbcTarget("h2", List.of("jdbc:h2:mem:x"), "x", List.of(), null, null, List.of());

    @Test
    void theTracerGivenWhenNoSpanIsExportedIsToldApartFromARealOne() {
        assertThat(Telemetry.makesNoSpans(Telemetry.create().tracer())).isTrue();
        assertThat(Telemetry.makesNoSpans(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build().get("test"))).isFalse();
    }

    @Test
    void noSpanIsBuiltForAnHttpRequestAStatementOrADatabaseConnect() {
        Telemetry notStarted = Telemetry.create();
        EgressSpans egress = new EgressSpans(notStarted::tracer);
        DatabaseSpans databases = new DatabaseSpans(notStarted::tracer);

        assertThat(egress.startHttp("GET", URI.create("http://example.com/"), UNREADABLE)).isSameAs(Span.getInvalid());
        assertThat(databases.startSql(SqlAnalyzer.analyze("select 1"), H2, UNREADABLE)).isSameAs(Span.getInvalid());
        assertThat(databases.startConnect(H2, UNREADABLE, 0)).isSameAs(Span.getInvalid());
    }

    @Test
    void noSpanIsBuiltForASocketConnectOrADeniedFileAccess() {
        Telemetry notStarted = Telemetry.create();
        Decision denied = new Decision(Outcome.DENY, "r", "no rule", null);

        new EgressSpans(notStarted::tracer).connect(new SocketConnect(InetAddress.getLoopbackAddress(), 80, null, false),
                UNREADABLE, null);
        new FileSpans(notStarted::tracer).record(new FileOperation("/etc/shadow", "/etc/shadow", FileAccess.READ), denied,
                new IllegalStateException("denied"));
    }
}
