package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.EgressSpans;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The HTTP library hooks as the bridge calls them, with the real engine, real OkHttp objects and in-memory spans. */
class HttpLibraryCallsTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final HttpLibraryCalls calls;

    HttpLibraryCallsTest() throws Exception {
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse("""
                policy: library-test
                egress:
                  - to: "127.0.0.1:8080"
                    http: { methods: [GET], paths: ["/ok/**"] }
                """, "library.yaml"));
        DecisionRecorder recorder = new DecisionRecorder(null, ready -> { }, 0, null);
        calls = new HttpLibraryCalls(new HttpRequests(new EgressDecider(new ActivePolicy(engine, 0, "test"), new ResolvedNames(16)),
                new EgressSpans(() -> tracing.get("test")), new AccessMediator(recorder)),
                new dev.warden.agent.apply.body.HttpBodySeam(), new dev.warden.agent.apply.credential.CredentialInjection(
                        new dev.warden.agent.apply.credential.Credentials(name -> null, java.util.Optional.empty()), recorder));
    }

    private SpanData onlySpan() {
        assertThat(exported.getFinishedSpanItems()).hasSize(1);
        return exported.getFinishedSpanItems().get(0);
    }

    @Test
    void anAllowedRequestGetsASpanEndedWithItsStatusAndATraceparentNamingIt() throws Exception {
        Object call = calls.begin("GET", "http://127.0.0.1:8080/ok/a", null, false);
        String traceparent = calls.traceparent(call);
        calls.end(call, 204, null);
        calls.end(call, 0, new IllegalStateException("a late second report"));

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(204L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("allow");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(traceparent).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
    }

    @Test
    void aDeniedRequestIsAConnectExceptionAndADeniedRedirectSaysSo() {
        assertThatThrownBy(() -> calls.begin("GET", "http://127.0.0.1:8080/admin", null, false))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("warden: denied GET http://127.0.0.1:8080/admin: egress[0] (127.0.0.1:8080) does not allow"
                        + " path /admin [rule egress[0]]");
        assertThatThrownBy(() -> calls.begin("GET", "http://127.0.0.1:9999/ok/a", null, true))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessageStartingWith("warden: denied redirect to GET http://127.0.0.1:9999/ok/a: no egress rule allows");
        assertThat(exported.getFinishedSpanItems()).hasSize(2)
                .allSatisfy(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    }

    /** The shape of Apache HttpClient's AsyncExecCallback, for the proxy. */
    public interface ExchangeCallback {
        Object handleResponse(Response response, Object entityDetails);

        void completed();

        void failed(Exception cause);
    }

    public record Response(int code) {
        public int getCode() {
            return code;
        }
    }

    @Test
    void anAsynchronousExchangeEndsItsSpanBeforeTheAppsCallbackRuns() throws Exception {
        List<String> seen = new ArrayList<>();
        ExchangeCallback app = new ExchangeCallback() {
            @Override
            public Object handleResponse(Response response, Object entityDetails) {
                seen.add("response " + response.getCode());
                return "consumer";
            }

            @Override
            public void completed() {
                seen.add("completed, spans ended: " + exported.getFinishedSpanItems().size());
            }

            @Override
            public void failed(Exception cause) {
                seen.add("failed");
            }
        };
        Object call = calls.begin("GET", "http://127.0.0.1:8080/ok/async", null, false);
        ExchangeCallback wrapped = (ExchangeCallback) calls.endingCallback(call, app, ExchangeCallback.class.getName());

        assertThat(wrapped.handleResponse(new Response(503), null)).isEqualTo("consumer");
        wrapped.completed();

        assertThat(seen).containsExactly("response 503", "completed, spans ended: 1");
        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
    }

    @Test
    void anOkHttpCallIsDecidedFromItsRequestAndTheWireRequestCarriesTheCurrentSpan() throws Exception {
        Request request = new Request.Builder().url("http://127.0.0.1:8080/ok/okhttp").header("x-app", "kept").build();

        Object call = calls.beginOkHttpCall(request);
        Request onTheWire = (Request) calls.okHttpRequestOnTheWire(request);
        calls.endOkHttpCall(call, null, null);

        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo("http://127.0.0.1:8080/ok/okhttp");
        assertThat(onTheWire.header("traceparent")).isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
        assertThat(onTheWire.header("x-app")).isEqualTo("kept");
        assertThat(request.header("traceparent")).as("the app's own request is not changed").isNull();
        assertThat(calls.okHttpRequestOnTheWire(request)).as("no call current: nothing added").isSameAs(request);
    }

    @Test
    void anOkHttpRedirectToADeniedUrlIsRefusedWithItsOwnSpan() {
        Request next = new Request.Builder().url("http://127.0.0.1:8080/secret").build();

        assertThatThrownBy(() -> calls.beforeOkHttpFollowUp(next))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessageStartingWith("warden: denied redirect to GET http://127.0.0.1:8080/secret:");
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("deny");
    }

    @Test
    void reactorNettyAttemptsOfOneRequestShareTheCallersTraceAndEachEndsOnce() throws Exception {
        Object request = new Object();
        io.opentelemetry.api.trace.Span caller = tracing.get("test").spanBuilder("caller").startSpan();
        try (io.opentelemetry.context.Scope ignored = caller.makeCurrent()) {
            calls.beginReactorAttempt(request, "GET", "http://127.0.0.1:8080/ok/first", false);
        }
        String firstTraceparent = calls.reactorTraceparent(request);
        calls.endReactorAttempt(request, 0, new IllegalStateException("connection reset"));
        // the hop starts on another thread, with no current span
        calls.beginReactorAttempt(request, "GET", "http://127.0.0.1:8080/ok/second", true);
        calls.endReactorAttempt(request, 200, null);
        calls.endReactorAttempt(request, 0, new IllegalStateException("a late second report"));
        caller.end();

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactly("GET", "GET", "caller");
        assertThat(spans.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(spans.get(1).getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(spans.subList(0, 2)).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
            assertThat(span.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        });
        assertThat(firstTraceparent).contains(spans.get(0).getSpanId());
        assertThat(calls.reactorTraceparent(request)).as("no attempt in flight").isNull();
    }

    @Test
    void aReactorNettyRedirectToADeniedUrlIsAConnectExceptionAndLeavesNoAttemptInFlight() throws Exception {
        Object request = new Object();
        calls.beginReactorAttempt(request, "GET", "http://127.0.0.1:8080/ok/redirect", false);
        calls.endReactorAttempt(request, 302, null);

        assertThatThrownBy(() -> calls.beginReactorAttempt(request, "GET", "http://127.0.0.1:8080/secret", true))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessageStartingWith("warden: denied redirect to GET http://127.0.0.1:8080/secret:");
        calls.endReactorAttempt(request, 0, new ConnectException("the denial, seen by the retry filter"));

        assertThat(exported.getFinishedSpanItems()).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("warden.decision")))
                .containsExactly("allow", "deny");
        assertThat(calls.reactorTraceparent(request)).isNull();
    }

    @Test
    void aReactorNettyHostHeaderIsDecidedOnlyWhenItNamesAnotherAuthority() throws Exception {
        calls.reactorHeadersSent("GET", "http://127.0.0.1:8080/ok/a", "127.0.0.1:8080");
        calls.reactorHeadersSent("GET", "http://127.0.0.1:8080/ok/a", null);
        assertThat(exported.getFinishedSpanItems()).as("the URL's own authority adds nothing").isEmpty();

        assertThatThrownBy(() -> calls.reactorHeadersSent("GET", "http://127.0.0.1:8080/ok/a", "evil.example:8080"))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("warden: denied GET http://127.0.0.1:8080/ok/a: its Host header names evil.example:8080:"
                        + " no egress rule allows evil.example:8080 [rule default-deny]");
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("deny");
    }
}
