package dev.warden.it;

import dev.warden.it.apps.ThreadsApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.RecordingTcpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** Checks happen on every thread: executors, CompletableFuture, virtual threads (JDK 21+). */
class ThreadsIT extends AgentTestSupport {

    static Stream<Arguments> places() {
        List<Arguments> args = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            args.add(Arguments.of(jdk, "executor"));
            args.add(Arguments.of(jdk, "completable"));
            if (jdk.hasVirtualThreads()) {
                args.add(Arguments.of(jdk, "virtual"));
            }
        }
        return args.stream();
    }

    static List<String> expectedThreads(String where) {
        return switch (where) {
            case "virtual" -> List.of("virtual");
            case "completable" -> List.of("forkjoin", "pool"); // pool: common pool parallelism 1 (2 cores)
            default -> List.of("pool");
        };
    }

    static String expectedWrapper(String where) {
        return where.equals("completable") ? "java.util.concurrent.CompletionException" : EXECUTION_EXCEPTION;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("places")
    void callsOnOtherThreadsAreCheckedAndTraced(Jdk jdk, String where) throws Exception {
        try (RecordingHttpServer http = RecordingHttpServer.http();
             RecordingTcpServer denied = RecordingTcpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(http.port()));

            // allowed HttpURLConnection on the other thread: unchanged, traced, traceparent sent
            String url = http.url("/ok/" + where);
            AppResult without = run(plain(jdk).main(ThreadsApp.class, where, "urlconnection", url));
            AppResult with = run(withAgent(jdk, policy, otlp).main(ThreadsApp.class, where, "urlconnection", url));
            assertThat(without.get("thread")).as(without.line()).isIn(expectedThreads(where));
            assertThat(without.line()).isEqualTo("RESULT ok thread=" + without.get("thread") + " status=200 body=hello:/ok/" + where);
            assertSameAsWithoutAgent(with, without);
            // the HTTP span's full attribute set is UrlConnectionIT's business; here: it exists, allowed, same trace
            ReceivedSpan span = otlp.awaitSpan("GET " + url, named("GET").and(withAttr("url.full", url)));
            assertDecision(span, "allow", "egress[0]");
            assertTraceparent(http.requests().get(1).header("traceparent"), span);

            // denied raw socket on the other thread
            AppResult sock = run(withAgent(jdk, policy, otlp).main(ThreadsApp.class, where, "socket", "127.0.0.1", String.valueOf(denied.port())));
            assertDenied(sock, CONNECT_EXCEPTION, "127.0.0.1:" + denied.port());
            assertThat(sock.via()).as(sock.context()).isEqualTo(expectedWrapper(where));
            denied.assertNoConnection(Awaits.QUIET);
            awaitConnectSpan(otlp, "127.0.0.1", denied.port(), "deny");

            // denied HttpClient request (URL-level) on the other thread
            String deniedUrl = http.url("/secret/" + where);
            AppResult hc = run(withAgent(jdk, policy, otlp).main(ThreadsApp.class, where, "httpclient", deniedUrl));
            assertDenied(hc, CONNECT_EXCEPTION, "127.0.0.1:" + http.port());
            assertThat(hc.via()).as(hc.context()).isEqualTo(expectedWrapper(where));
            Awaits.sleep(Awaits.QUIET.toMillis());
            assertThat(http.requests()).as("the denied request never reached the server").hasSize(2);
            HttpClientSuiteIT.assertDeniedHttpSpan(otlp, "GET", deniedUrl, http.port(), hc, null);
        }
    }
}
