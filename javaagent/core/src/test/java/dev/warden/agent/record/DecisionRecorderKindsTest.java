package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.policy.PolicySection;
import dev.warden.policy.PolicySections;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The recorder counts every decision under its kind, outcome and rule, for the declared sections' access kinds (and self-protection) with no list of its own. */
class DecisionRecorderKindsTest {

    private static final Decision ALLOWED = new Decision(Outcome.ALLOW, "sandboxes[0]", null, null);

    /**
     * Each count lands on its kind, outcome and rule, whether it repeats the one before (counted without a lookup),
     * alternates with another, or names the same rule in another String (a reloaded policy's).
     */
    @Test
    void everyDecisionIsCountedUnderItsKindOutcomeAndRule() {
        InMemoryMetricReader metrics = InMemoryMetricReader.create();
        Meter meter = SdkMeterProvider.builder().registerMetricReader(metrics).build().get("test");
        DecisionRecorder recorder = new DecisionRecorder(null, ready -> ready.accept(meter), 0, null);
        Decision denied = new Decision(Outcome.DENY, "default-deny", "no rule", null);
        Decision sameRuleAgain = new Decision(Outcome.ALLOW, new String("egress[0]"), null, null);
        Decision egressAllowed = new Decision(Outcome.ALLOW, "egress[0]", null, null);
        Decision auditDeniedBySameRule = new Decision(Outcome.AUDIT_DENY, "egress[0]", "budget", null);

        for (int i = 0; i < 3; i++) {
            recorder.count("egress", egressAllowed);
        }
        recorder.count("egress", auditDeniedBySameRule);
        recorder.count("egress", denied);
        recorder.count("egress", egressAllowed);
        recorder.count("egress", sameRuleAgain);
        recorder.count("file", egressAllowed);
        recorder.count("egress", denied);

        Map<String, Long> counts = new TreeMap<>();
        metrics.collectAllMetrics().stream().filter(metric -> metric.getName().equals("warden.decisions"))
                .flatMap(metric -> metric.getLongSumData().getPoints().stream())
                .forEach(point -> counts.put(point.getAttributes().get(AttributeKey.stringKey("warden.decision.kind")) + " "
                        + point.getAttributes().get(AttributeKey.stringKey("warden.decision")) + " "
                        + point.getAttributes().get(AttributeKey.stringKey("warden.rule")), point.getValue()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "egress allow egress[0]", 5L, "egress deny default-deny", 2L, "file allow egress[0]", 1L,
                "egress audit-deny egress[0]", 1L));
    }

    @Test
    void countsEveryDeclaredSectionsKind() {
        List<PolicySection<?, ?>> all = new ArrayList<>(PolicySections.FORMAT_1.all());
        all.add(PolicySection.list("sandboxes", "sandbox", input -> (node, id) -> id, (rules, pathVariables) -> rules,
                PolicySections.EGRESS::newLearner));
        DecisionRecorder recorder = new DecisionRecorder(null, ready -> { }, 0, null, new PolicySections(all));

        for (String kind : List.of("egress", "file", "database", "process", "sandbox", DecisionRecorder.SELF_PROTECTION)) {
            assertThatCode(() -> recorder.count(kind, ALLOWED)).as(kind).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> new DecisionRecorder(null, ready -> { }, 0, null).count("sandbox", ALLOWED))
                .hasMessage("'sandbox' is no declared section's access kind, nor self-protection");
    }
}
