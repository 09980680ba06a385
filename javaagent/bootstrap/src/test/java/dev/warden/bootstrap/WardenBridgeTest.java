package dev.warden.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge's own rules: who is mediated, and what a failure inside Warden becomes. */
class WardenBridgeTest {

    static final Object CAPABILITY = new Object();
    private static final RecordingHooks HOOKS = new RecordingHooks();
    private static boolean installed;

    /** Once per test JVM: other bridges' tests install their doors with the same capability. */
    @BeforeAll
    static synchronized void install() {
        if (!installed) {
            WardenBridge.install(HOOKS, false, CAPABILITY);
            installed = true;
        }
    }

    @BeforeEach
    void clear() {
        HOOKS.connects.clear();
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    }

    @Test
    void hooksAreInstalledOnlyOnce() {
        assertThatThrownBy(() -> WardenBridge.install(HOOKS, true, new Object())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyTheInstallersCapabilityMarksAThreadAsWardens() {
        assertThatThrownBy(() -> WardenBridge.markOwnThread(new Object())).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> WardenBridge.markOwnThread(null)).isInstanceOf(SecurityException.class);
    }

    @Test
    void appThreadsAreMediated() throws Exception {
        WardenBridge.beforeConnect(loopback(), 1);

        assertThat(HOOKS.connects).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void wardensThreadsAndThreadsTheyStartAreNotMediatedButForkJoinWorkersAre() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread own = new Thread(() -> {
            try {
                WardenBridge.markOwnThread(CAPABILITY);
                WardenBridge.beforeConnect(loopback(), 2);
                Thread child = new Thread(() -> {
                    try {
                        WardenBridge.beforeConnect(loopback(), 3);
                    } catch (IOException e) {
                        failure.set(e);
                    }
                }, "child-of-own");
                child.start();
                child.join();
                // a pool started from here would otherwise carry the mark to the app's tasks
                new ForkJoinPool(1).submit(() -> {
                    WardenBridge.beforeConnect(loopback(), 4);
                    return null;
                }).get();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "own");
        own.start();
        own.join();

        assertThat(failure.get()).isNull();
        assertThat(HOOKS.connects).hasSize(1).allSatisfy(name -> assertThat(name).contains("ForkJoinPool"));
    }

    @Test
    void workWardenCausesInsideAHookIsNotMediatedAgain() throws Exception {
        HOOKS.reenterOnLookup = true;
        try {
            WardenBridge.beforeLookup("example.com");
        } finally {
            HOOKS.reenterOnLookup = false;
        }

        assertThat(HOOKS.connects).isEmpty();
    }

    @Test
    void aBugInsideWardenDeniesWhenTheFailureModeIsClosed() throws Exception {
        InetAddress buggy = InetAddress.getByAddress(new byte[] {10, 6, 6, 6});

        assertThatThrownBy(() -> WardenBridge.beforeConnect(buggy, 80))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("warden: denied connect to 10.6.6.6:80: internal error in Warden (failure mode closed)")
                .hasMessageContaining("IllegalStateException: bug");
        assertThat(HOOKS.internalErrors).contains("connect");
    }

    @Test
    void aDenialIsAnAsyncFailureForFutureApis() {
        Object call = WardenBridge.beforeHttpClientSend("deny me");

        assertThat(WardenBridge.isDenial(call)).isTrue();
        assertThat(WardenBridge.deniedFuture(call)).isCompletedExceptionally();
    }

    /** Records what reaches the hooks; a connect to 10.6.6.6 is a bug inside Warden. */
    static final class RecordingHooks implements WardenHooks {
        @Override
        public String requestTarget(Object connection, String target) {
            return target;
        }

        final List<String> connects = new CopyOnWriteArrayList<>();
        final List<String> internalErrors = new CopyOnWriteArrayList<>();
        volatile boolean reenterOnLookup;

        @Override
        public void beforeLookup(String host) throws UnknownHostException {
            if (reenterOnLookup) {
                try {
                    WardenBridge.beforeConnect(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 5);
                } catch (IOException e) {
                    throw new UnknownHostException(e.toString());
                }
            }
        }

        @Override
        public void afterLookup(String host, InetAddress[] addresses) {
        }

        @Override
        public void beforeConnect(InetAddress address, int port, boolean datagram, java.net.SocketAddress socksDestination,
                boolean proxyDestinationDecided) {
            if (address.getAddress()[0] == 10) {
                throw new IllegalStateException("bug");
            }
            connects.add(Thread.currentThread().getName());
        }

        @Override
        public void beforeProxyHandlerConnect(java.net.SocketAddress destination, java.net.SocketAddress proxy, String protocol) {
        }

        @Override
        public void beforeDatagramSend(InetSocketAddress target) {
        }

        @Override
        public Object beforeHttpClientSend(Object httpRequest) {
            return new Denial(new ConnectException("warden: denied " + httpRequest));
        }

        @Override
        public Object httpClientRequest(Object call, Object httpRequest) {
            return httpRequest;
        }

        @Override
        public Object afterHttpClientSend(Object call, Object responseFuture, Throwable thrown) {
            return responseFuture;
        }

        @Override
        public void beforeHttpClientRedirect(Object httpRequest) {
        }

        @Override
        public void beforeUrlRequest(Object connection) {
        }

        @Override
        public void beforeUrlConnect(Object connection) {
        }

        @Override
        public void afterUrlConnect(Object connection, Throwable thrown) {
        }

        @Override
        public void afterUrlResponse(Object connection, int responseCode, Throwable thrown) {
        }

        @Override
        public void internalError(String hook, Throwable error) {
            internalErrors.add(hook);
        }
    }
}
