package dev.warden.agent.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.policy.Mode;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.ProcessLaunch;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one path every access takes after its decision, with the real recorder (decisions kept as
 * OpenTelemetry log records) and a real process-start request: what the app sees, what the
 * operator reads on standard error, what the trace and the record get, for each outcome.
 */
class AccessMediatorTest {

    private static final String[] ARGV = {"/usr/bin/git", "push", "--force"};

    private final InMemoryLogRecordExporter kept = InMemoryLogRecordExporter.create();
    private final SdkLoggerProvider logs = SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(kept)).build();
    private final AccessMediator mediator = new AccessMediator(
            new DecisionRecorder(null, ready -> { }, 0, () -> logs.get("test")));
    private final List<String> spanned = new ArrayList<>();
    private final AccessSpans<ProcessStart> spans = (start, decision, denial) ->
            spanned.add(decision.outcome().label() + (denial == null ? "" : " " + denial.getClass().getSimpleName()));
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private ActivePolicy policy;

    @BeforeEach
    void captureStandardError() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        policy = new ActivePolicy(PolicyEngine.compile(PolicyParser.parse("policy: mediator-test\n", "m.yaml")), 0, "test");
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(originalErr);
    }

    private Decision decision(Outcome outcome) {
        return new Decision(outcome, outcome == Outcome.ALLOW ? "processes[0]" : Decision.DEFAULT_DENY,
                "no processes rule allows this command", policy, "tool run_shell");
    }

    private String standardError() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBlockingDecisionBecomesTheApisExceptionWithTheStandardMessageAndIsToldSpannedAndKept() {
        IOException denial = mediator.apply(new ProcessStart(ProcessLaunch.of(ARGV)), decision(Outcome.DENY), spans);

        assertThat(denial).isExactlyInstanceOf(IOException.class).hasMessage("warden: denied start of process "
                + "[/usr/bin/git, push, --force]: no processes rule allows this command [rule default-deny, tool run_shell]");
        assertThat(standardError()).isEqualTo("[warden] " + denial.getMessage() + System.lineSeparator());
        assertThat(spanned).containsExactly("deny IOException");
        LogRecordData record = kept.getFinishedLogRecordItems().get(0);
        assertThat(record.getBody().asString()).isEqualTo(
                "warden: deny process exec [\"/usr/bin/git\",\"push\",\"--force\"] [rule default-deny]");
        assertThat(record.getAttributes().get(AttributeKey.stringKey("warden.scope"))).isEqualTo("tool run_shell");
    }

    @Test
    void anAuditDenyGoesAheadWithTheAuditLineAndTheSameRecord() {
        IOException denial = mediator.apply(new ProcessStart(ProcessLaunch.of(ARGV)), decision(Outcome.AUDIT_DENY), spans);

        assertThat(denial).isNull();
        assertThat(standardError()).isEqualTo("[warden] audit-deny (not blocked, mode audit) start of process "
                + "[/usr/bin/git, push, --force]: no processes rule allows this command [rule default-deny, tool run_shell]"
                + System.lineSeparator());
        assertThat(spanned).containsExactly("audit-deny");
        assertThat(kept.getFinishedLogRecordItems()).singleElement()
                .satisfies(r -> assertThat(r.getBody().asString()).startsWith("warden: audit-deny process exec"));
    }

    @Test
    void learnModeSaysLearnOnceAtTheFirstAccessOutsideThePolicyAndCountsPerKindAtExitWhileKeepingEveryRecord() {
        List<String> lines = new ArrayList<>();
        List<Runnable> atExit = new ArrayList<>();
        AccessMediator learning = new AccessMediator(new DecisionRecorder(null, ready -> { }, 0, () -> logs.get("test")),
                new LearnSummary(lines::add, atExit::add));
        policy = policy.withMode(Mode.LEARN);

        for (int i = 0; i < 3; i++) {
            assertThat(learning.apply(new ProcessStart(ProcessLaunch.of(ARGV)), decision(Outcome.AUDIT_DENY), spans)).isNull();
        }
        learning.apply(new SocketWriteLike(), decision(Outcome.AUDIT_DENY), (r, d, e) -> { });

        assertThat(standardError()).as("no audit-deny line per access").isEmpty();
        assertThat(lines).containsExactly("learn: recording what the policy does not allow, blocking nothing (first: start of"
                + " process [/usr/bin/git, push, --force]: no processes rule allows this command [rule default-deny, tool"
                + " run_shell]); the count follows at exit, each access is in the audit log");
        assertThat(kept.getFinishedLogRecordItems()).hasSize(4);
        assertThat(spanned).hasSize(3);

        assertThat(atExit).hasSize(1);
        atExit.get(0).run();
        assertThat(lines).last().isEqualTo("learn: 4 accesses outside the policy recorded, not blocked (1 egress, 3 process);"
                + " 'policy suggest AUDIT_LOG' writes a policy that allows them");
    }

    @Test
    void anAllowedAccessIsSpannedAndKeptAndSaysNothing() {
        IOException denial = mediator.mediate(new ProcessStart(ProcessLaunch.of(ARGV)), start -> decision(Outcome.ALLOW), spans);

        assertThat(denial).isNull();
        assertThat(standardError()).isEmpty();
        assertThat(spanned).containsExactly("allow");
        assertThat(kept.getFinishedLogRecordItems()).singleElement()
                .satisfies(r -> assertThat(r.getBody().asString()).isEqualTo(
                        "warden: allow process exec [\"/usr/bin/git\",\"push\",\"--force\"] [rule processes[0]]"));
    }

    @Test
    void whenNothingKeepsDetailsTheDecisionIsOnlyCountedAndTheRecordTextsAreNeverBuilt() {
        AccessMediator countingOnly = new AccessMediator(new DecisionRecorder(null, ready -> { }, 0, null));
        SocketWriteLike request = new SocketWriteLike();

        IllegalStateException denial = countingOnly.apply(request, decision(Outcome.DENY), (r, d, e) -> { });

        assertThat(denial).hasMessageStartingWith("warden: denied a write: ");
        assertThat(request.targetAsked).isFalse();
    }

    /** A request that notes whether its record text was asked for. */
    private static final class SocketWriteLike implements AccessRequest<IllegalStateException> {
        boolean targetAsked;

        @Override
        public String kind() {
            return DecisionRecorder.EGRESS;
        }

        @Override
        public String action() {
            return "write";
        }

        @Override
        public String target() {
            targetAsked = true;
            return "127.0.0.1:9";
        }

        @Override
        public String denied() {
            return "a write";
        }

        @Override
        public IllegalStateException denial(String message) {
            return new IllegalStateException(message);
        }
    }
}
