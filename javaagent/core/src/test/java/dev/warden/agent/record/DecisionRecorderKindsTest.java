package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.policy.PolicySection;
import dev.warden.policy.PolicySections;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder counts the access kinds of the declared sections (and self-protection), with no list of its own. */
class DecisionRecorderKindsTest {

    private static final Decision ALLOWED = new Decision(Outcome.ALLOW, "sandboxes[0]", null, null);

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
