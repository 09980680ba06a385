package dev.warden.it;

import dev.warden.it.apps.HttpClientsApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PolicyFile;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases every URL-level HTTP client must pass, run against each client (and each library's oldest and
 * newest supported version) on JDK 17 and 25. A new client is added with an adapter in {@link HttpClientsApp}
 * and a line in {@link Client}. Each (JDK, client) pair is one forked app making every case's request with
 * one client instance; each case is then checked on its own.
 */
class HttpClientSuiteIT extends AgentTestSupport {

    private static final String IO_EXCEPTION = "java.io.IOException";
    private static final Path CLIENT_LIBS = Path.of(System.getProperty("warden.it.client.libs", "target/client-libs"));
    private static final String OKHTTP = System.getProperty("warden.it.okhttp.version");
    private static final String OKHTTP_OLDEST = System.getProperty("warden.it.okhttp.oldest.version");
    private static final String OKHTTP_4 = System.getProperty("warden.it.okhttp4.version");
    private static final String HTTPCLIENT5 = System.getProperty("warden.it.httpclient5.version");
    private static final String HTTPCLIENT5_OLDEST = System.getProperty("warden.it.httpclient5.oldest.version");
    private static final String REACTOR_NETTY = System.getProperty("warden.it.reactor-netty.version");
    private static final String REACTOR_NETTY_OLDEST = System.getProperty("warden.it.reactor-netty.oldest.version");
    private static final String WEBCLIENT_REQUEST_EXCEPTION = "org.springframework.web.reactive.function.client.WebClientRequestException";

    /** Which copy of a library the app runs with: the test class path's (newest), or the oldest in its place. */
    enum Library {
        JDK(null, null, List.of()),
        OKHTTP_NEWEST("OkHttp " + OKHTTP, null, List.of()),
        OKHTTP_OLDEST_SUPPORTED("OkHttp " + OKHTTP_OLDEST, "okhttp-" + OKHTTP_OLDEST, List.of("okhttp-")),
        OKHTTP_4X("OkHttp " + OKHTTP_4, "okhttp-" + OKHTTP_4, List.of("okhttp-")),
        HTTPCLIENT5_NEWEST("HttpClient " + HTTPCLIENT5, null, List.of()),
        HTTPCLIENT5_OLDEST_SUPPORTED("HttpClient " + HTTPCLIENT5_OLDEST, "httpclient5-" + HTTPCLIENT5_OLDEST,
                List.of("httpclient5-", "httpcore5-")),
        REACTOR_NETTY_NEWEST("Reactor Netty " + REACTOR_NETTY, null, List.of()),
        /** with the Reactor and Netty 4.1 it was built with, in place of the newest Reactor and every Netty jar */
        REACTOR_NETTY_OLDEST_SUPPORTED("Reactor Netty " + REACTOR_NETTY_OLDEST, "reactor-netty-" + REACTOR_NETTY_OLDEST,
                List.of("reactor-", "netty-"));

        final String label;
        final String oldestDir;
        final List<String> replacedJarPrefixes;

        Library(String label, String oldestDir, List<String> replacedJarPrefixes) {
            this.label = label;
            this.oldestDir = oldestDir;
            this.replacedJarPrefixes = replacedJarPrefixes;
        }

        List<Path> classpath() {
            return oldestDir == null ? ForkedJvm.testClasspath() : classpathWith(oldestDir, replacedJarPrefixes);
        }
    }

    /** The test class path with the jars whose names start with one of {@code replacedJarPrefixes} swapped for a client-libs directory's. */
    static List<Path> classpathWith(String clientLibsDir, List<String> replacedJarPrefixes) {
        List<Path> cp = ForkedJvm.testClasspath().stream()
                .filter(p -> replacedJarPrefixes.stream().noneMatch(p.getFileName().toString()::startsWith))
                .collect(Collectors.toCollection(ArrayList::new));
        try (Stream<Path> jars = Files.list(CLIENT_LIBS.resolve(clientLibsDir))) {
            jars.sorted().forEach(cp::add);
        } catch (IOException missing) {
            throw new AssertionError("the jars of " + clientLibsDir + " are missing: run the Maven build", missing);
        }
        return cp;
    }

    /** How a denied redirect hop surfaces in each client. */
    enum RedirectDenial {
        /** JDK HttpClient: an IOException, since it would retry a whole exchange on a ConnectException. */
        JDK_REDIRECT(IO_EXCEPTION, "warden: denied redirect to GET"),
        /** HttpURLConnection decides each hop's connect like a new request. */
        REQUEST(CONNECT_EXCEPTION, "warden: denied GET"),
        /** OkHttp and Apache HttpClient never retry a ConnectException. */
        LIBRARY_REDIRECT(CONNECT_EXCEPTION, "warden: denied redirect to GET");

        final String type;
        final String messageStart;

        RedirectDenial(String type, String messageStart) {
            this.type = type;
            this.messageStart = messageStart;
        }
    }

    /** How a denial reaches the app: directly, or wrapped (the wrappers {@code Report} names in {@code via=}). */
    enum Delivery {
        THROWN(null),
        THROUGH_FUTURE(EXECUTION_EXCEPTION),
        /** Spring WebClient wraps a failed request in WebClientRequestException, with the cause's message. */
        THROUGH_WEBCLIENT(EXECUTION_EXCEPTION + "," + WEBCLIENT_REQUEST_EXCEPTION);

        final String via;

        Delivery(String via) {
            this.via = via;
        }
    }

    enum Client {
        JDK_HTTP_CLIENT_SEND("jdk-send", Library.JDK, Delivery.THROWN, RedirectDenial.JDK_REDIRECT),
        JDK_HTTP_CLIENT_SEND_ASYNC("jdk-async", Library.JDK, Delivery.THROUGH_FUTURE, RedirectDenial.JDK_REDIRECT),
        HTTP_URL_CONNECTION("url-connection", Library.JDK, Delivery.THROWN, RedirectDenial.REQUEST),
        OKHTTP_EXECUTE("okhttp", Library.OKHTTP_NEWEST, Delivery.THROWN, RedirectDenial.LIBRARY_REDIRECT),
        OKHTTP_ENQUEUE("okhttp-async", Library.OKHTTP_NEWEST, Delivery.THROUGH_FUTURE, RedirectDenial.LIBRARY_REDIRECT),
        OKHTTP_OLDEST_EXECUTE("okhttp", Library.OKHTTP_OLDEST_SUPPORTED, Delivery.THROWN, RedirectDenial.LIBRARY_REDIRECT),
        OKHTTP_OLDEST_ENQUEUE("okhttp-async", Library.OKHTTP_OLDEST_SUPPORTED, Delivery.THROUGH_FUTURE,
                RedirectDenial.LIBRARY_REDIRECT),
        OKHTTP_4X_EXECUTE("okhttp", Library.OKHTTP_4X, Delivery.THROWN, RedirectDenial.LIBRARY_REDIRECT),
        OKHTTP_4X_ENQUEUE("okhttp-async", Library.OKHTTP_4X, Delivery.THROUGH_FUTURE, RedirectDenial.LIBRARY_REDIRECT),
        APACHE_CLASSIC("apache-classic", Library.HTTPCLIENT5_NEWEST, Delivery.THROWN, RedirectDenial.LIBRARY_REDIRECT),
        APACHE_ASYNC("apache-async", Library.HTTPCLIENT5_NEWEST, Delivery.THROUGH_FUTURE, RedirectDenial.LIBRARY_REDIRECT),
        APACHE_OLDEST_CLASSIC("apache-classic", Library.HTTPCLIENT5_OLDEST_SUPPORTED, Delivery.THROWN,
                RedirectDenial.LIBRARY_REDIRECT),
        APACHE_OLDEST_ASYNC("apache-async", Library.HTTPCLIENT5_OLDEST_SUPPORTED, Delivery.THROUGH_FUTURE,
                RedirectDenial.LIBRARY_REDIRECT),
        REACTOR_NETTY("reactor-netty", Library.REACTOR_NETTY_NEWEST, Delivery.THROUGH_FUTURE, RedirectDenial.LIBRARY_REDIRECT),
        REACTOR_NETTY_OLDEST("reactor-netty", Library.REACTOR_NETTY_OLDEST_SUPPORTED, Delivery.THROUGH_FUTURE,
                RedirectDenial.LIBRARY_REDIRECT),
        SPRING_WEBCLIENT("webclient", Library.REACTOR_NETTY_NEWEST, Delivery.THROUGH_WEBCLIENT, RedirectDenial.LIBRARY_REDIRECT);

        final String adapter;
        final Library library;
        final Delivery delivery;
        final RedirectDenial redirectDenial;

        Client(String adapter, Library library, Delivery delivery, RedirectDenial redirectDenial) {
            this.adapter = adapter;
            this.library = library;
            this.delivery = delivery;
            this.redirectDenial = redirectDenial;
        }

        @Override
        public String toString() {
            return adapter + (library.label == null ? "" : " (" + library.label + ")");
        }
    }

    static String okRule(int port) {
        return "to: \"127.0.0.1:" + port + "\"\nhttp: { methods: [GET, POST], paths: [\"/ok/**\", \"/status/**\"] }";
    }

    /** What one forked run left behind, for the cases to check. */
    record Run(Map<String, AppResult> results, List<RecordingHttpServer.Request> requests, int otherServerRequests,
               List<ReceivedSpan> spans, int port, int otherPort, String url, String otherUrl, String describe) {

        AppResult result(String name) {
            AppResult r = results.get(name);
            assertThat(r).as("no RESULT line for case %s\n%s", name, describe).isNotNull();
            return r;
        }

        List<RecordingHttpServer.Request> requestsTo(String path) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }

        ReceivedSpan span(String method, String url) {
            Optional<ReceivedSpan> found = spans.stream().filter(named(method).and(withAttr("url.full", url))).findFirst();
            assertThat(found).as("span %s %s among\n%s\n%s", method, url, spans, describe).isPresent();
            return found.get();
        }
    }

    @TestFactory
    Stream<DynamicNode> everyClientPassesTheSameCases() {
        List<DynamicNode> perClient = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (Client client : Client.values()) {
                perClient.add(DynamicContainer.dynamicContainer(jdk + " " + client, cases(jdk, client)));
            }
        }
        return perClient.stream();
    }

    private Stream<DynamicNode> cases(Jdk jdk, Client client) {
        Memo run = new Memo(() -> runAllCases(jdk, client));
        return Stream.of(
                check("allowed GET: unchanged, traced, traceparent sent", () -> {
                    Run r = run.get();
                    assertThat(r.result("get").line()).as(r.describe).isEqualTo("RESULT ok case=get status=200 body=hello:/ok/get");
                    ReceivedSpan span = r.span("GET", r.url + "/ok/get");
                    assertAllowedHttpSpan(span, "GET", r.url + "/ok/get", "http", r.port, 200);
                    assertThat(r.requestsTo("/ok/get")).hasSize(1);
                    assertTraceparent(r.requestsTo("/ok/get").get(0).header("traceparent"), span);
                }),
                check("allowed POST: the body arrives unchanged", () -> {
                    Run r = run.get();
                    assertThat(r.result("post").line()).as(r.describe)
                            .isEqualTo("RESULT ok case=post status=200 body=hello:/ok/post:len=9");
                    assertThat(r.requestsTo("/ok/post")).singleElement()
                            .satisfies(request -> assertThat(request.bodyText()).isEqualTo("some-body"))
                            .satisfies(request -> assertThat(request.method()).isEqualTo("POST"));
                    assertAllowedHttpSpan(r.span("POST", r.url + "/ok/post"), "POST", r.url + "/ok/post", "http", r.port, 200);
                }),
                check("an error status passes through and is recorded", () -> {
                    Run r = run.get();
                    assertThat(r.result("status").line()).as(r.describe)
                            .isEqualTo("RESULT ok case=status status=404 body=status:404");
                    assertAllowedHttpSpan(r.span("GET", r.url + "/status/404"), "GET", r.url + "/status/404", "http", r.port, 404);
                }),
                check("denied path: ConnectException, nothing sent", () -> {
                    Run r = run.get();
                    AppResult denied = r.result("path");
                    assertDeniedAsContract(denied, client, "GET " + r.url + "/secret/data");
                    assertThat(denied.msg()).contains("does not allow path /secret/data", "[rule egress[0]]");
                    assertThat(r.requestsTo("/secret/data")).isEmpty();
                    assertDeniedHttpSpan(r.span("GET", r.url + "/secret/data"), "GET", r.url + "/secret/data", r.port, denied, "egress[0]");
                }),
                check("denied method: ConnectException, nothing sent", () -> {
                    Run r = run.get();
                    AppResult denied = r.result("method");
                    assertDeniedAsContract(denied, client, "DELETE " + r.url + "/ok/resource");
                    assertThat(denied.msg()).contains("does not allow method DELETE");
                    assertThat(r.requestsTo("/ok/resource")).isEmpty();
                    assertDeniedHttpSpan(r.span("DELETE", r.url + "/ok/resource"), "DELETE", r.url + "/ok/resource", r.port,
                            denied, "egress[0]");
                }),
                check("denied host and port: ConnectException, nothing sent", () -> {
                    Run r = run.get();
                    AppResult denied = r.result("host");
                    assertDeniedAsContract(denied, client, "GET " + r.otherUrl + "/ok/elsewhere");
                    assertThat(denied.msg()).contains("[rule default-deny]");
                    assertThat(r.otherServerRequests).isZero();
                    assertDeniedHttpSpan(r.span("GET", r.otherUrl + "/ok/elsewhere"), "GET", r.otherUrl + "/ok/elsewhere",
                            r.otherPort, denied, "default-deny");
                }),
                check("a redirect from an allowed URL to a denied one is denied at the redirect", () -> {
                    Run r = run.get();
                    AppResult denied = r.result("redirect");
                    assertThat(denied.outcome()).as("%s\n%s", denied, r.describe).isEqualTo("denied");
                    assertThat(denied.type()).as("%s", denied).isEqualTo(client.redirectDenial.type);
                    assertThat(denied.msg()).startsWith(client.redirectDenial.messageStart).contains("/secret/target");
                    assertThat(r.requests).extracting(RecordingHttpServer.Request::path)
                            .as("only the allowed first hop reached the server")
                            .contains("/ok/redirect?to=/secret/target").doesNotContain("/secret/target");
                }),
                check("the policy's refusals are the only denials: no internal error", () -> {
                    Run r = run.get();
                    assertThat(r.describe).doesNotContain("internal error", "could not instrument");
                }));
    }

    private Run runAllCases(Jdk jdk, Client client) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http();
             RecordingHttpServer other = RecordingHttpServer.http();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            // the pairs run concurrently: each one its own policy file
            Path policy = PolicyFile.write(Files.createTempDirectory(tmp, "run"),
                    PolicyFile.egress(POLICY, "enforce", okRule(server.port())));
            String url = "http://127.0.0.1:" + server.port();
            String otherUrl = "http://127.0.0.1:" + other.port();
            ForkedJvm.Result result = withAgent(jdk, policy, otlp)
                    .classpath(client.library.classpath())
                    .timeout(Duration.ofSeconds(40))
                    .main(HttpClientsApp.class, client.adapter,
                            "get", "GET", url + "/ok/get", "-",
                            "post", "POST", url + "/ok/post", "some-body",
                            "status", "GET", url + "/status/404", "-",
                            "path", "GET", url + "/secret/data", "-",
                            "method", "DELETE", url + "/ok/resource", "-",
                            "host", "GET", otherUrl + "/ok/elsewhere", "-",
                            "redirect", "GET", url + "/ok/redirect?to=/secret/target", "-")
                    .run();
            assertThat(result.timedOut()).as("timed out\n%s", result).isFalse();
            assertThat(result.exitCode()).as("exit code\n%s", result).isZero();
            Map<String, AppResult> byCase = new LinkedHashMap<>();
            result.results().forEach(r -> byCase.put(r.get("case"), r));
            List<Predicate<ReceivedSpan>> expected = List.of(
                    named("GET").and(withAttr("url.full", url + "/ok/get")),
                    named("POST").and(withAttr("url.full", url + "/ok/post")),
                    named("GET").and(withAttr("url.full", url + "/status/404")),
                    named("GET").and(withAttr("url.full", url + "/secret/data")),
                    named("DELETE").and(withAttr("url.full", url + "/ok/resource")),
                    named("GET").and(withAttr("url.full", otherUrl + "/ok/elsewhere")));
            awaitAll(otlp, expected);
            return new Run(byCase, server.requests(), other.requestCount(), otlp.spans(), server.port(), other.port(),
                    url, otherUrl, result.describe());
        }
    }

    /** Spans arrive with the app's exit flush; waits (bounded) until each expected one is there. */
    private static void awaitAll(OtlpReceiver otlp, List<Predicate<ReceivedSpan>> expected) throws InterruptedException {
        long deadline = System.nanoTime() + OtlpReceiver.DEFAULT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ReceivedSpan> spans = otlp.spans();
            if (expected.stream().allMatch(p -> spans.stream().anyMatch(p))) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** The contract: ConnectException (through the future for asynchronous clients), naming the request. */
    private static void assertDeniedAsContract(AppResult denied, Client client, String request) {
        assertDenied(denied, CONNECT_EXCEPTION, request);
        assertThat(denied.via()).as("how %s delivers a failure\n%s", client, denied.context()).isEqualTo(client.delivery.via);
    }

    /** The HTTP client span of an allowed request, checked attribute by attribute. */
    static ReceivedSpan assertAllowedHttpSpan(OtlpReceiver otlp, String method, String url, String scheme, int port, int status) {
        return assertAllowedHttpSpan(otlp.awaitSpan(method + " " + url, named(method).and(withAttr("url.full", url))),
                method, url, scheme, port, status);
    }

    static ReceivedSpan assertAllowedHttpSpan(ReceivedSpan s, String method, String url, String scheme, int port, int status) {
        assertDecision(s, "allow", "egress[0]");
        assertThat(s.attributes()).as("attributes of %s", s).containsAllEntriesOf(Map.of(
                "http.request.method", method,
                "url.full", url,
                "url.scheme", scheme,
                "server.address", "127.0.0.1",
                "server.port", (long) port,
                "http.response.status_code", (long) status,
                "warden.policy", POLICY));
        if (status < 400) {
            assertThat(s.statusCode()).as("status of %s", s).isEqualTo("UNSET");
            assertThat(s.attributes()).as("attributes of %s", s).doesNotContainKey("error.type");
        } else {
            assertThat(s.str("error.type")).as("error.type of %s", s).isEqualTo(String.valueOf(status));
        }
        return s;
    }

    /** The HTTP client span of a denied request. */
    static ReceivedSpan assertDeniedHttpSpan(OtlpReceiver otlp, String method, String url, int port, AppResult denied, String rule) {
        return assertDeniedHttpSpan(otlp.awaitSpan(method + " " + url, named(method).and(withAttr("url.full", url))),
                method, url, port, denied, rule);
    }

    static ReceivedSpan assertDeniedHttpSpan(ReceivedSpan s, String method, String url, int port, AppResult denied, String rule) {
        assertDecision(s, "deny", rule);
        assertDeniedStatus(s, denied);
        assertThat(s.attributes()).as("attributes of %s", s).containsAllEntriesOf(Map.of(
                "http.request.method", method,
                "url.full", url,
                "server.address", "127.0.0.1",
                "server.port", (long) port,
                "error.type", CONNECT_EXCEPTION,
                "warden.policy", POLICY));
        assertThat(s.attributes()).as("attributes of %s", s).doesNotContainKey("http.response.status_code");
        return s;
    }

    private static DynamicTest check(String name, Executable executable) {
        return DynamicTest.dynamicTest(name, executable);
    }

    /** One forked run shared by the cases of a (JDK, client) pair; a failed run fails each case alike. */
    private static final class Memo {
        interface Runner {
            Run run() throws Exception;
        }

        private final Runner runner;
        private Run run;
        private Throwable failure;

        Memo(Runner runner) {
            this.runner = runner;
        }

        Run get() throws Throwable {
            if (run == null && failure == null) {
                try {
                    run = runner.run();
                } catch (Throwable t) {
                    failure = t;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return run;
        }
    }
}
