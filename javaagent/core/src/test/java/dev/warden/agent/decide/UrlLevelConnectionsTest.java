package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The two conditions for a socket to count as a mediated client's own connection: a recent allowed
 * request to that destination, and the connect made from a client's connection code. Real clients
 * are in HttpSideDoorsIT; here, what a connect from a test's own frames gets.
 */
class UrlLevelConnectionsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final UrlLevelConnections connections = new UrlLevelConnections(now::get);

    @Test
    void aConnectOutsideEveryClientsConnectionCodeIsNeverTheirsEvenRightAfterAnAllowedRequest() throws Exception {
        connections.requestAllowed("127.0.0.1", 8080);

        assertThat(connections.owns(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), new String[0], 8080)).isFalse();
    }

    @Test
    void anAllowedRequestVouchesForConnectionsToItsDestinationForAMinute() throws Exception {
        InetAddress address = InetAddress.getByAddress("api.example.com", new byte[] {(byte) 203, 0, 113, 7});
        connections.requestAllowed("API.example.com", 443);

        assertThat(connections.recentlyAllowed(address, new String[] {"api.example.com"}, 443)).isTrue();
        assertThat(connections.recentlyAllowed(address, new String[] {"api.example.com"}, 444)).as("another port").isFalse();
        assertThat(connections.recentlyAllowed(address, new String[0], 443)).as("not reached by that name").isFalse();
        now.addAndGet(UrlLevelConnections.WINDOW_NANOS + 1);
        assertThat(connections.recentlyAllowed(address, new String[] {"api.example.com"}, 443)).isFalse();
    }

    @Test
    void theClientsConnectionCodeIsKnownByItsClasses() {
        assertThat(UrlLevelConnections.isClientConnectionCode("jdk.internal.net.http.PlainHttpConnection")).isTrue();
        assertThat(UrlLevelConnections.isClientConnectionCode("sun.net.www.http.HttpClient")).isTrue();
        assertThat(UrlLevelConnections.isClientConnectionCode("okhttp3.internal.connection.ConnectPlan")).isTrue();
        assertThat(UrlLevelConnections.isClientConnectionCode("org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator"))
                .isTrue();
        assertThat(UrlLevelConnections.isClientConnectionCode("okhttp3.OkHttpClient")).as("the app's side of OkHttp").isFalse();
        assertThat(UrlLevelConnections.isClientConnectionCode("java.net.Socket")).isFalse();
        assertThat(UrlLevelConnections.isClientConnectionCode("com.acme.RawSocketTool")).isFalse();
        assertThat(UrlLevelConnections.inClientConnectionCode()).isFalse();
    }

    @Test
    void nettysConnectionCodeVouchesForNoProxyConnect() {
        assertThat(UrlLevelConnections.isClientConnectionCode("reactor.netty.transport.TransportConnector")).isTrue();
        assertThat(UrlLevelConnections.isUrlProxyingClientCode("reactor.netty.transport.TransportConnector"))
                .as("its proxy connects are its proxy handlers', decided there").isFalse();
        assertThat(UrlLevelConnections.isUrlProxyingClientCode("io.netty.bootstrap.Bootstrap")).isFalse();
        assertThat(UrlLevelConnections.isUrlProxyingClientCode("jdk.internal.net.http.PlainHttpConnection")).isTrue();
    }

    @Test
    void destinationsAreTheSameWhateverFormTheAppWroteThem() {
        assertThat(UrlLevelConnections.key("API.Example.COM.", 443)).isEqualTo(UrlLevelConnections.key("api.example.com", 443));
        assertThat(UrlLevelConnections.key("[::1]", 80)).isEqualTo(UrlLevelConnections.key("0:0:0:0:0:0:0:1", 80));
        assertThat(UrlLevelConnections.key("[fe80::1%eth0]", 80)).isEqualTo(UrlLevelConnections.key("fe80::1", 80));
        assertThat(UrlLevelConnections.key("api.example.com", 443)).isNotEqualTo(UrlLevelConnections.key("api.example.com", 444));
    }
}
