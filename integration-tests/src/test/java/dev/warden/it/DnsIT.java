package dev.warden.it;

import dev.warden.it.apps.DnsApp;
import dev.warden.it.apps.LiteralProbeApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingTcpServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** DNS mediation and the name/address binding: lookups, spoofed names, IP literal spellings. */
class DnsIT extends AgentTestSupport {
    static final String UNKNOWN_HOST = "java.net.UnknownHostException";

    /** A hosts file for {@code -Djdk.net.hosts.file}: test names resolve locally, nothing else does. */
    Path hostsFile(String... lines) throws IOException {
        Path f = tmp.resolve("hosts");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    static void assertResolveSpan(OtlpReceiver otlp, String name, String decision) {
        ReceivedSpan s = otlp.awaitSpan("resolve " + name, named("resolve").and(withAttr("dns.question.name", name)));
        assertThat(s.str("warden.decision")).as("warden.decision of %s", s).isEqualTo(decision);
        assertThat(s.serviceName()).isEqualTo(SERVICE);
    }

    @BothJdks
    void lookupOfANameNoRuleCouldMatchIsDenied(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"allowed.test:443\"", "to: \"*.example.test:443\"");
            AppResult one = run(withAgent(jdk, policy, otlp).main(DnsApp.class, "getByName", "denied.test"));
            assertDenied(one, UNKNOWN_HOST, "denied.test");
            assertThat(one.msg()).startsWith("warden: denied DNS lookup of denied.test");
            assertResolveSpan(otlp, "denied.test", "deny");

            AppResult all = run(withAgent(jdk, policy, otlp).main(DnsApp.class, "getAllByName", "other.denied.test"));
            assertDenied(all, UNKNOWN_HOST, "other.denied.test");
            assertThat(all.msg()).startsWith("warden: denied DNS lookup of other.denied.test");
            assertResolveSpan(otlp, "other.denied.test", "deny");
        }
    }

    @BothJdks
    void localhostAndTheOwnHostNameAlwaysResolve(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path denyAll = enforce();
            for (String[] args : List.of(new String[] {"getByName", "localhost"}, new String[] {"localHostName"})) {
                AppResult without = run(plain(jdk).main(DnsApp.class, args));
                AppResult with = run(withAgent(jdk, denyAll, otlp).main(DnsApp.class, args));
                assertSameAsWithoutAgent(with, without);
            }
            otlp.assertNoSpan("allowed lookups make no span", named("resolve"), Awaits.QUIET);
        }
    }

    @BothJdks
    void anIpLiteralIsNotALookup(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path denyAll = enforce();
            AppResult r = run(withAgent(jdk, denyAll, otlp).main(DnsApp.class, "getByName", "127.0.0.9"));
            assertThat(r.line()).as(r.context()).isEqualTo("RESULT ok addr=127.0.0.9");
            otlp.assertNoSpan("no resolve span for a literal", named("resolve"), Awaits.QUIET);
        }
    }

    @BothJdks
    void anAllowedNameResolvesAndItsAddressIsAllowedOnlyOnTheRulesPort(Jdk jdk) throws Exception {
        try (RecordingTcpServer server = RecordingTcpServer.start();
             RecordingTcpServer otherPort = RecordingTcpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path hosts = hostsFile("127.0.0.1 localhost", "127.0.0.1 allowed.test");
            Path policy = enforce("to: \"allowed.test:" + server.port() + "\"");
            String port = String.valueOf(server.port());
            AppResult without = run(plain(jdk).sysProp("jdk.net.hosts.file", hosts.toString())
                    .main(DnsApp.class, "lookupConnect", "allowed.test", port));
            AppResult with = run(withAgent(jdk, policy, otlp).sysProp("jdk.net.hosts.file", hosts.toString())
                    .main(DnsApp.class, "lookupConnect", "allowed.test", port));
            assertThat(without.line()).isEqualTo("RESULT ok addr=127.0.0.1 reply=pong:ping");
            assertSameAsWithoutAgent(with, without);
            ReceivedSpan s = awaitConnectSpan(otlp, "127.0.0.1", server.port(), "allow");
            assertTcpConnectSpan(s, "127.0.0.1", server.port(), "allowed.test", "allow", "egress[0]");

            AppResult r = run(withAgent(jdk, policy, otlp).sysProp("jdk.net.hosts.file", hosts.toString())
                    .main(DnsApp.class, "lookupConnect", "allowed.test", String.valueOf(otherPort.port())));
            assertDenied(r, CONNECT_EXCEPTION, String.valueOf(otherPort.port()));
            otherPort.assertNoConnection(Awaits.QUIET);
        }
    }

    @BothJdks
    void aNameAttachedWithoutALookupDoesNotMakeAnAddressAllowed(Jdk jdk) throws Exception {
        try (RecordingTcpServer server = RecordingTcpServer.start(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"allowed.test:" + server.port() + "\"");
            String port = String.valueOf(server.port());
            AppResult without = run(plain(jdk).main(DnsApp.class, "spoofConnect", "allowed.test", "127.0.0.1", port));
            assertThat(without.line()).isEqualTo("RESULT ok addr=127.0.0.1 reply=pong:ping");
            AppResult r = run(withAgent(jdk, policy, otlp).main(DnsApp.class, "spoofConnect", "allowed.test", "127.0.0.1", port));
            assertDenied(r, CONNECT_EXCEPTION, port);
            server.awaitAccepted(1, Duration.ofSeconds(2)); // the run without agent
            Awaits.sleep(Awaits.QUIET.toMillis());
            assertThat(server.acceptedCount()).as("the spoofed connect never reached the server").isEqualTo(1);
            ReceivedSpan s = awaitConnectSpan(otlp, "127.0.0.1", server.port(), "deny");
            assertDeniedStatus(s, r);
        }
    }

    /** Spellings of 127.0.0.2 (denied), ::1 (denied) and 127.0.0.1 (allowed) as the JDK may parse them. */
    @BothJdks
    void everySpellingOfADeniedAddressIsDenied(Jdk jdk) throws Exception {
        try (RecordingTcpServer denied4 = RecordingTcpServer.start("127.0.0.2", 0);
             RecordingTcpServer denied6 = RecordingTcpServer.start("::1", 0);
             RecordingTcpServer allowed = RecordingTcpServer.start("127.0.0.1", 0);
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Map<String, String> expected = new LinkedHashMap<>(); // spelling -> the address it means
            for (String s : List.of("127.0.0.2", "2130706434", "0x7f.0.0.2", "0x7f000002", "0177.0.0.2", "017700000002",
                    "127.2", "127.0.2", "::ffff:127.0.0.2", "::ffff:7f00:2", "0:0:0:0:0:ffff:7f00:2", "[::ffff:127.0.0.2]")) {
                expected.put(s, "127.0.0.2");
            }
            for (String s : List.of("::1", "0:0:0:0:0:0:0:1", "0000:0000::0001", "[::1]")) {
                expected.put(s, "0:0:0:0:0:0:0:1");
            }
            for (String s : List.of("127.0.0.1", "2130706433", "::ffff:127.0.0.1")) {
                expected.put(s, "127.0.0.1");
            }

            // How does this JDK parse each spelling? (no agent, names cannot resolve)
            Path emptyHosts = hostsFile("# nothing");
            ForkedJvm.Result probeRun = plain(jdk).sysProp("jdk.net.hosts.file", emptyHosts.toString())
                    .main(LiteralProbeApp.class, expected.keySet().toArray(String[]::new)).run();
            Map<String, String> parsedAs = new LinkedHashMap<>();
            for (AppResult p : probeRun.results()) {
                parsedAs.put(p.get("literal"), p.isOk() ? p.get("addr") : null);
            }
            assertThat(parsedAs.keySet()).as(probeRun.describe()).containsExactlyElementsOf(expected.keySet());
            assertThat(parsedAs.get("127.0.0.2")).isEqualTo("127.0.0.2");
            assertThat(parsedAs.get("::1")).isEqualTo("0:0:0:0:0:0:0:1");
            assertThat(parsedAs.get("::ffff:127.0.0.2")).as("IPv4-mapped literal").isEqualTo("127.0.0.2");

            List<String> targets = new ArrayList<>();
            Map<String, String> meaning = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String parsed = parsedAs.get(e.getKey());
                if (parsed != null && !parsed.equals(e.getValue())) {
                    continue; // this JDK reads it as some other (maybe non-loopback) address: never send there
                }
                int port = switch (e.getValue()) {
                    case "127.0.0.2" -> denied4.port();
                    case "127.0.0.1" -> allowed.port();
                    default -> denied6.port();
                };
                String host = e.getKey();
                targets.add(host + ":" + port);
                meaning.put(host + ":" + port, parsed == null ? "name" : parsed);
            }

            Path policy = enforce("to: \"127.0.0.1\"");
            ForkedJvm.Result agentRun = withAgent(jdk, policy, otlp).main(DnsApp.class, prepend("connectEach", targets)).run();
            assertThat(agentRun.exitCode()).as(agentRun.describe()).isZero();
            List<AppResult> results = agentRun.results();
            assertThat(results).as(agentRun.describe()).hasSize(targets.size());
            for (AppResult r : results) {
                String target = r.get("target");
                String means = meaning.get(target);
                String why = target + " (parsed by " + jdk + " as " + means + ") -> " + r.line() + "\n" + agentRun.describe();
                if (means.equals("127.0.0.1")) {
                    assertThat(r.outcome()).as(why).isEqualTo("ok");
                    assertThat(r.get("addr")).as(why).isEqualTo("127.0.0.1");
                    assertThat(r.get("reply")).as(why).isEqualTo("pong:ping");
                } else if (means.equals("name")) {
                    assertThat(r.outcome()).as(why).isEqualTo("denied");
                    assertThat(r.type()).as(why).isEqualTo(UNKNOWN_HOST);
                    assertThat(r.msg()).as(why).startsWith("warden: denied DNS lookup of");
                } else {
                    assertThat(r.outcome()).as(why).isEqualTo("denied");
                    assertThat(r.type()).as(why).isEqualTo(CONNECT_EXCEPTION);
                    assertThat(r.msg()).as(why).startsWith(DENIED_PREFIX);
                    if (means.equals("127.0.0.2")) {
                        assertThat(r.msg()).as(why).contains("127.0.0.2:" + denied4.port());
                    }
                }
            }
            for (Map.Entry<String, String> m : meaning.entrySet()) {
                if (!m.getValue().equals("name")) {
                    String host = m.getKey().substring(0, m.getKey().lastIndexOf(':'));
                    otlp.assertNoSpan("an IP literal is not a lookup: " + host,
                            named("resolve").and(withAttr("dns.question.name", host)), Duration.ZERO);
                }
            }
            denied4.assertNoConnection(Awaits.QUIET);
            denied6.assertNoConnection(Duration.ZERO);
            long allowedSpellings = meaning.values().stream().filter("127.0.0.1"::equals).count();
            assertThat(allowed.acceptedCount()).as("allowed spellings connected").isEqualTo((int) allowedSpellings);
        }
    }

    @BothJdks
    void aWildcardRuleMatchesSubdomainsOnly(Jdk jdk) throws Exception {
        try (RecordingTcpServer server = RecordingTcpServer.start(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path hosts = hostsFile("127.0.0.1 localhost", "127.0.0.1 api.example.test", "127.0.0.1 evilexample.test");
            Path policy = enforce("to: \"*.example.test:" + server.port() + "\"");
            String port = String.valueOf(server.port());
            AppResult ok = run(withAgent(jdk, policy, otlp).sysProp("jdk.net.hosts.file", hosts.toString())
                    .main(DnsApp.class, "lookupConnect", "api.example.test", port));
            assertThat(ok.line()).as(ok.context()).isEqualTo("RESULT ok addr=127.0.0.1 reply=pong:ping");
            AppResult no = run(withAgent(jdk, policy, otlp).sysProp("jdk.net.hosts.file", hosts.toString())
                    .main(DnsApp.class, "lookupConnect", "evilexample.test", port));
            assertDenied(no, UNKNOWN_HOST, "evilexample.test");
            assertThat(no.msg()).startsWith("warden: denied DNS lookup of evilexample.test");
            assertThat(server.acceptedCount()).isEqualTo(1);
        }
    }

    static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
