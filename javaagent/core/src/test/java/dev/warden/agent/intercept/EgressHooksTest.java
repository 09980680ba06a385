package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.DatabaseSockets;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.EgressSpans;
import dev.warden.bootstrap.Denial;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The hooks as the bridge calls them, with the real engine and an in-memory span exporter. */
class EgressHooksTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final EgressHooks hooks;

    EgressHooksTest() throws Exception {
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse("""
                policy: hooks-test
                egress:
                  - to: "127.0.0.1:9090"
                  - to: "127.0.0.1:8080"
                    http: { methods: [GET], paths: ["/ok/**"] }
                """, "hooks.yaml"));
        EgressDecider decider = new EgressDecider(new ActivePolicy(engine, 0, "test"), new ResolvedNames(16));
        EgressSpans spans = new EgressSpans(() -> tracing.get("test"));
        AccessMediator mediator = new AccessMediator(new DecisionRecorder(null, ready -> { }, 0, null));
        hooks = new EgressHooks(decider, spans, new DatabaseSockets(decider), mediator,
                new HttpRequests(decider, spans, mediator), new dev.warden.agent.apply.body.HttpBodySeam(),
                new dev.warden.agent.apply.credential.CredentialInjection(new dev.warden.agent.apply.credential.Credentials(
                        name -> null, java.util.Optional.empty()), new DecisionRecorder(null, ready -> { }, 0, null)), null);
    }

    private SpanData onlySpan() {
        assertThat(exported.getFinishedSpanItems()).hasSize(1);
        return exported.getFinishedSpanItems().get(0);
    }

    @Test
    void anAllowedHttpClientRequestGetsATraceparentOfItsClientSpan() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/ok/a")).build();

        Object call = hooks.beforeHttpClientSend(request);
        HttpRequest sent = (HttpRequest) hooks.httpClientRequest(call, request);
        hooks.afterHttpClientSend(call, CompletableFuture.completedFuture(null), null);

        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("allow");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.rule"))).isEqualTo("egress[1]");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo("http://127.0.0.1:8080/ok/a");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.policy"))).isEqualTo("hooks-test");
        assertThat(span.getAttributes().get(AttributeKey.longKey("warden.bundle.revision"))).isZero();
        assertThat(sent.headers().firstValue("traceparent"))
                .hasValue("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
    }

    @Test
    void aDeniedHttpClientRequestIsADenialWithTheContractsExceptionAndAnErrorSpan() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/admin"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();

        Object call = hooks.beforeHttpClientSend(request);

        assertThat(call).isInstanceOf(Denial.class);
        assertThat(((Denial) call).exception()).isInstanceOf(ConnectException.class)
                .hasMessage("warden: denied POST http://127.0.0.1:8080/admin: egress[1] (127.0.0.1:8080) does not allow"
                        + " method POST [rule egress[1]]");
        SpanData span = onlySpan();
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("deny");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("java.net.ConnectException");
    }

    @Test
    void aProxyHandlersDestinationIsDecidedAndNamesTheProxyAndItsHandshake() throws Exception {
        InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 3128);

        hooks.beforeProxyHandlerConnect(InetSocketAddress.createUnresolved("127.0.0.1", 9090), proxy, "socks5");
        assertThatThrownBy(() -> hooks.beforeProxyHandlerConnect(InetSocketAddress.createUnresolved("10.0.0.9", 22), proxy, "http"))
                .isInstanceOf(ConnectException.class)
                .hasMessage("warden: denied connect to 10.0.0.9:22 through HTTP proxy 127.0.0.1:3128: no egress rule allows"
                        + " 10.0.0.9:22 [rule default-deny]");

        assertThat(exported.getFinishedSpanItems()).extracting(span -> span.getAttributes().get(AttributeKey.stringKey("warden.decision")))
                .containsExactly("allow", "deny");
        assertThat(exported.getFinishedSpanItems().get(1).getAttributes().get(AttributeKey.stringKey("server.address")))
                .isEqualTo("10.0.0.9");
    }

    @Test
    void aDeniedConnectThrowsAndLeavesAConnectSpan() throws Exception {
        InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});

        assertThatThrownBy(() -> hooks.beforeConnect(address, 9999, false, null, false))
                .isInstanceOf(ConnectException.class)
                .hasMessage("warden: denied connect to 127.0.0.1:9999: no egress rule allows 127.0.0.1:9999 [rule default-deny]");
        SpanData span = onlySpan();
        assertThat(span.getName()).isEqualTo("connect");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("network.transport"))).isEqualTo("tcp");
        assertThat(span.getAttributes().get(AttributeKey.longKey("network.peer.port"))).isEqualTo(9999L);
    }

    @Test
    void anAllowedConnectGoesAheadWithAnAllowSpan() throws Exception {
        hooks.beforeConnect(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 9090, true, null, false);

        SpanData span = onlySpan();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("warden.decision"))).isEqualTo("allow");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("network.transport"))).isEqualTo("udp");
    }

    @Test
    void aDeniedLookupThrowsUnknownHostException() {
        assertThatThrownBy(() -> hooks.beforeLookup("exfil.example.net"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("warden: denied DNS lookup of exfil.example.net");
        assertThat(onlySpan().getAttributes().get(AttributeKey.stringKey("dns.question.name"))).isEqualTo("exfil.example.net");
    }

    @Test
    void numericIpv4SpellingsThatTheJdkParsesAreNotLookups() {
        assertThat(EgressHooks.isNumericIpv4("2130706433")).isTrue();
        assertThat(EgressHooks.isNumericIpv4("127.1")).isTrue();
        assertThat(EgressHooks.isNumericIpv4("127.0.1")).isTrue();
        assertThat(EgressHooks.isNumericIpv4("127.0.0.1")).isTrue();
        assertThat(EgressHooks.isNumericIpv4("4294967296")).as("more than 32 bits").isFalse();
        assertThat(EgressHooks.isNumericIpv4("127.256.1")).as("a middle part over 255").isFalse();
        assertThat(EgressHooks.isNumericIpv4("017700000001")).as("leading zero: the JDK refuses it as ambiguous").isFalse();
        assertThat(EgressHooks.isNumericIpv4("0x7f.1")).isFalse();
        assertThat(EgressHooks.isNumericIpv4("1.2.3.4.5")).isFalse();
        assertThat(EgressHooks.isNumericIpv4("127..1")).isFalse();
        assertThat(EgressHooks.isNumericIpv4("example.com")).isFalse();
        assertThat(EgressHooks.isNumericIpv4("127.0.0.1.")).as("a trailing dot is a name").isFalse();
        assertThat(EgressHooks.isNumericIpv4("1.16777215")).as("the last of two parts fills three bytes").isTrue();
        assertThat(EgressHooks.isNumericIpv4("1.16777216")).isFalse();
        assertThat(EgressHooks.isNumericIpv4("1.2.3.256")).isFalse();
        assertThat(EgressHooks.isNumericIpv4("12345678901")).as("eleven digits").isFalse();
        assertThat(EgressHooks.isNumericIpv4("1.2.3.\u0664")).as("a digit of another script").isFalse();
    }

    /** Every text of up to six characters over digits, dots and a letter reads as the JDK's rules, written out part by part, read it. */
    @Test
    void numericIpv4IsTheRuleOfParts() {
        char[] alphabet = {'0', '1', '2', '5', '9', '.', 'x'};
        for (int length = 1; length <= 6; length++) {
            int[] index = new int[length];
            while (true) {
                char[] text = new char[length];
                for (int i = 0; i < length; i++) {
                    text[i] = alphabet[index[i]];
                }
                String host = new String(text);
                assertThat(EgressHooks.isNumericIpv4(host)).as(host).isEqualTo(numericByParts(host));
                int position = length - 1;
                while (position >= 0 && ++index[position] == alphabet.length) {
                    index[position--] = 0;
                }
                if (position < 0) {
                    break;
                }
            }
        }
        for (String host : new String[] {"4294967295", "4294967296", "255.16777215", "255.255.65535", "255.255.65536", "0", "00"}) {
            assertThat(EgressHooks.isNumericIpv4(host)).as(host).isEqualTo(numericByParts(host));
        }
    }

    /** One to four decimal parts without leading zeros, each but the last a byte, the last filling the bytes left. */
    private static boolean numericByParts(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (!part.matches("0|[1-9][0-9]{0,9}")) {
                return false;
            }
            long limit = i < parts.length - 1 ? 0xFFL : (1L << (8 * (5 - parts.length))) - 1;
            if (Long.parseLong(part) > limit) {
                return false;
            }
        }
        return true;
    }
}
