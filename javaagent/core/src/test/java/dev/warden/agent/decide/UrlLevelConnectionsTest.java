package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
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

    /** Requests allowed a second or more apart each start the minute again; one right after another leaves it. */
    @Test
    void aRequestAllowedAgainLaterVouchesForAnotherMinute() throws Exception {
        InetAddress address = InetAddress.getByAddress("api.example.com", new byte[] {(byte) 203, 0, 113, 7});
        String[] names = {"api.example.com"};
        connections.requestAllowed("api.example.com", 443);
        now.addAndGet(UrlLevelConnections.WINDOW_NANOS / 2);
        connections.requestAllowed("api.example.com", 443);
        now.addAndGet(UrlLevelConnections.WINDOW_NANOS / 2 + 1);

        assertThat(connections.recentlyAllowed(address, names, 443)).as("half a minute after the second request").isTrue();
        now.addAndGet(UrlLevelConnections.WINDOW_NANOS / 2);
        assertThat(connections.recentlyAllowed(address, names, 443)).as("a minute after the second request").isFalse();
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
    void theJdksConnectionCodeCountsOnlyAsTheClassesOfItsOwnModule() throws Exception {
        assertThat(UrlLevelConnections.isClientsOwn(Class.forName("sun.net.www.http.HttpClient"))).isTrue();
        assertThat(UrlLevelConnections.isClientsOwn(Class.forName("jdk.internal.net.http.PlainHttpConnection"))).isTrue();

        ClassLoader other = new DefiningLoader(new URL("file:/tmp/spoof.jar"));
        assertThat(UrlLevelConnections.isClientsOwn(define(other, "sun.net.www.http.HttpClient")))
                .as("the same name in another loader").isFalse();
        assertThat(UrlLevelConnections.isClientsOwn(define(other, "jdk.internal.net.http.Spoof"))).isFalse();
    }

    @Test
    void aLibrarysConnectionCodeCountsOnlyFromTheLoaderAndJarWhereWardenWoveThatLibrary() throws Exception {
        URL libraryJar = new URL("file:/tmp/okhttp-4.12.0.jar");
        DefiningLoader library = new DefiningLoader(libraryJar);
        Class<?> connectPlan = define(library, "okhttp3.internal.connection.ConnectPlan");
        assertThat(UrlLevelConnections.isClientsOwn(connectPlan)).as("no OkHttp woven anywhere yet").isFalse();

        UrlLevelConnections.clientClassWoven(library, "okhttp3.internal.connection.RealCall", library.domain);

        assertThat(UrlLevelConnections.isClientsOwn(connectPlan)).isTrue();
        DefiningLoader sameLoaderOtherJar = library.withJar(new URL("file:/tmp/plugin.jar"));
        assertThat(UrlLevelConnections.isClientsOwn(define(sameLoaderOtherJar, "okhttp3.internal.connection.Spoof")))
                .as("the package name in another jar").isFalse();
        assertThat(UrlLevelConnections.isClientsOwn(define(new DefiningLoader(libraryJar), "okhttp3.internal.connection.Spoof")))
                .as("the same jar's location in another loader").isFalse();
        assertThat(UrlLevelConnections.isClientsOwn(define(sameLoaderOtherJar, "io.netty.bootstrap.Bootstrap")))
                .as("Netty's connection code ships in a jar of its own, beside the woven client").isTrue();
        assertThat(UrlLevelConnections.isClientsOwn(define(new DefiningLoader(libraryJar), "io.netty.bootstrap.Bootstrap")))
                .as("not in a loader without a woven client").isFalse();
        UrlLevelConnections.clientClassWoven(library, "com.acme.Tool", library.domain);
        assertThat(UrlLevelConnections.isClientsOwn(define(new DefiningLoader(libraryJar), "okhttp3.internal.connection.Other")))
                .as("only a client library's woven classes count").isFalse();
    }

    /** An empty public class of that name, defined by {@code loader}. */
    private static Class<?> define(ClassLoader loader, String name) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
        writer.visitEnd();
        return ((DefiningLoader) loader).define(name, writer.toByteArray());
    }

    /** A loader whose classes come from one code-source location; {@link #withJar} shares its defined classes' loader. */
    private static final class DefiningLoader extends ClassLoader {
        ProtectionDomain domain;
        private final DefiningLoader owner;

        DefiningLoader(URL jar) {
            super(null);
            this.owner = this;
            this.domain = new ProtectionDomain(new CodeSource(jar, (Certificate[]) null), null);
        }

        private DefiningLoader(DefiningLoader owner, URL jar) {
            super(null);
            this.owner = owner;
            this.domain = new ProtectionDomain(new CodeSource(jar, (Certificate[]) null), null);
        }

        DefiningLoader withJar(URL jar) {
            return new DefiningLoader(this, jar);
        }

        Class<?> define(String name, byte[] classFile) {
            return owner.defineClass(name, classFile, 0, classFile.length, domain);
        }
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
