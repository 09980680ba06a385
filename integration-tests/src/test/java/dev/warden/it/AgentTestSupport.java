package dev.warden.it;

import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PolicyFile;
import dev.warden.it.harness.ReceivedSpan;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers of the agent tests: policy files, forked runs with/without the agent, the contract's checks. */
abstract class AgentTestSupport {
    static final String POLICY = "it-egress";
    static final String SERVICE = "warden-it";
    static final String CONNECT_EXCEPTION = "java.net.ConnectException";
    static final String EXECUTION_EXCEPTION = "java.util.concurrent.ExecutionException";
    static final String DENIED_PREFIX = "warden: denied";

    @TempDir
    Path tmp;

    /** Every (JDK, variant) pair, for a parameterized test that runs each variant on JDK 17 and 25. */
    static Stream<Arguments> onBothJdks(List<String> variants) {
        List<Arguments> pairs = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (String variant : variants) {
                pairs.add(Arguments.of(jdk, variant));
            }
        }
        return pairs.stream();
    }

    /**
     * A jar with only a manifest naming {@code premainClass} (which the app's class path holds), to list
     * before Warden's on the command line: its premain runs first.
     */
    Path agentJarOnClassPath(Class<?> premainClass) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", premainClass.getName());
        Path jar = tmp.resolve(premainClass.getSimpleName() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code yaml} as this test's policy file. */
    Path policy(String yaml) {
        return PolicyFile.write(tmp, yaml);
    }

    /** An enforce-mode policy named {@value #POLICY} with the given egress rules. */
    Path enforce(String... rules) {
        return policy(PolicyFile.egress(POLICY, "enforce", rules));
    }

    /** The app without the agent. */
    static ForkedJvm.Builder plain(Jdk jdk) {
        return ForkedJvm.on(jdk);
    }

    /** The app with {@code -javaagent:warden-agent.jar=policy=FILE}, exporting to {@code otlp}. */
    static ForkedJvm.Builder withAgent(Jdk jdk, Path policy, OtlpReceiver otlp, String... options) {
        return ForkedJvm.on(jdk).agentPolicy(policy, options).otlp(otlp);
    }

    /** Runs and returns the RESULT line, checking that the JVM itself ended normally. */
    static AppResult run(ForkedJvm.Builder b) {
        ForkedJvm.Result r = b.run();
        assertThat(r.timedOut()).as("timed out\n%s", r).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r).isZero();
        return r.result();
    }

    /** The contract's denial: outcome denied, exact exception type, message starting "warden: denied" naming target. */
    static void assertDenied(AppResult r, String type, String target) {
        assertThat(r.outcome()).as("outcome of %s\n%s", r, r.context()).isEqualTo("denied");
        assertThat(r.type()).as("exception type of %s\n%s", r, r.context()).isEqualTo(type);
        assertThat(r.msg()).as("message of %s", r).startsWith(DENIED_PREFIX).contains(target);
    }

    static void assertOk(AppResult r) {
        assertThat(r.outcome()).as("outcome of %s\n%s", r, r.context()).isEqualTo("ok");
    }

    /** The allowed case works unchanged: same RESULT line as the run without the agent. */
    static void assertSameAsWithoutAgent(AppResult withAgent, AppResult withoutAgent) {
        assertThat(withoutAgent.outcome()).as("run without agent: %s", withoutAgent).isEqualTo("ok");
        assertThat(withAgent.line()).as("with agent vs without\n%s", withAgent.context()).isEqualTo(withoutAgent.line());
    }

    /** Common checks of a Warden span: kind CLIENT, decision, rule, service, and ERROR iff denied. */
    static void assertDecision(ReceivedSpan s, String decision, String rule) {
        assertThat(s.kind()).as("kind of %s", s).isEqualTo("CLIENT");
        assertThat(s.str("warden.decision")).as("warden.decision of %s", s).isEqualTo(decision);
        if (rule != null) {
            assertThat(s.str("warden.rule")).as("warden.rule of %s", s).isEqualTo(rule);
        } else {
            assertThat(s.str("warden.rule")).as("warden.rule of %s", s).isNotBlank();
        }
        assertThat(s.serviceName()).as("service.name of %s", s).isEqualTo(SERVICE);
    }

    /** A denied span: ERROR status whose description is the app's exception message. */
    static void assertDeniedStatus(ReceivedSpan s, AppResult denied) {
        assertThat(s.statusCode()).as("status of %s", s).isEqualTo("ERROR");
        assertThat(s.statusMessage()).as("status description of %s", s).isEqualTo(denied.msg());
    }

    /** A TCP {@code connect} span to {@code peerAddress:port} with the given decision. */
    static ReceivedSpan awaitConnectSpan(OtlpReceiver otlp, String peerAddress, int port, String decision) {
        return otlp.awaitSpan("connect to " + peerAddress + ":" + port + " (" + decision + ")",
                ReceivedSpan.named("connect")
                        .and(ReceivedSpan.withAttr("network.peer.port", (long) port))
                        .and(ReceivedSpan.withAttr("network.peer.address", peerAddress))
                        .and(ReceivedSpan.withAttr("warden.decision", decision)));
    }

    /** Checks a TCP connect span's attributes; {@code serverAddress} is the host name if known, else the IP. */
    static void assertTcpConnectSpan(ReceivedSpan s, String peerAddress, int port, String serverAddress, String decision, String rule) {
        assertDecision(s, decision, rule);
        assertThat(s.attributes()).as("attributes of %s", s).containsAllEntriesOf(java.util.Map.of(
                "network.transport", "tcp",
                "network.peer.address", peerAddress,
                "network.peer.port", (long) port,
                "server.address", serverAddress,
                "server.port", (long) port));
        assertThat(s.statusCode()).as("status of %s", s).isEqualTo("deny".equals(decision) ? "ERROR" : "UNSET");
    }

    /**
     * A W3C traceparent header naming the exported span: version 00, the span's trace id and span id, and trace
     * flags with the sampled bit set (other flag bits, e.g. Level 2's random-trace-id bit, may be set too).
     */
    static void assertTraceparent(String header, ReceivedSpan s) {
        assertThat(header).as("traceparent header for %s", s).isNotNull()
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        String[] parts = header.split("-");
        assertThat(parts[1]).as("trace id in traceparent %s vs span %s", header, s).isEqualTo(s.traceId());
        assertThat(parts[2]).as("parent id in traceparent %s vs span %s", header, s).isEqualTo(s.spanId());
        assertThat(Integer.parseInt(parts[3], 16) & 1).as("sampled flag in traceparent %s", header).isEqualTo(1);
    }
}
