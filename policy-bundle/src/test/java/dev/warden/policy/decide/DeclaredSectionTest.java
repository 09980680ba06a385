package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySection;
import dev.warden.policy.PolicySections;
import dev.warden.policy.learn.RuleLearner;

/** A section declared only in a registry is read, compiled and narrowed without any other list naming it. */
class DeclaredSectionTest {

    /** {@code sandboxes: [name, ...]}: the names of the sandboxes that may be entered. */
    private record Sandbox(String id, String name) {
    }

    /** Learns the sandboxes entered ({@code enter NAME} records) and suggests exactly those. */
    private static final class SandboxLearner implements RuleLearner {
        private final Set<String> entered = new TreeSet<>();

        @Override
        public void observe(String action, String target, String detail) {
            entered.add(target);
        }

        @Override
        public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
            if (!entered.isEmpty()) {
                yaml.append(indent).append("sandboxes: ").append(RuleLearner.quotedList(entered)).append('\n');
            }
        }
    }

    private static final PolicySection<List<Sandbox>, Set<String>> SANDBOXES = PolicySection.list("sandboxes", "sandbox",
            input -> (node, id) -> new Sandbox(id, ((ScalarNode) node).getValue()),
            (rules, pathVariables) -> {
                Set<String> names = new HashSet<>();
                rules.forEach(rule -> names.add(rule.name()));
                return Set.copyOf(names);
            }, SandboxLearner::new);

    private static final PolicySections DECLARED;

    static {
        List<PolicySection<?, ?>> all = new ArrayList<>(PolicySections.FORMAT_1.all());
        all.add(SANDBOXES);
        DECLARED = new PolicySections(all);
    }

    private static Verdict enter(Set<String> allowed, String sandbox) {
        return allowed.contains(sandbox) ? Verdict.allowedBy("sandboxes", sandbox)
                : Verdict.denied(null, null, "no sandboxes rule allows " + sandbox);
    }

    @Test
    void isReadAtTheTopLevelAndInSegmentsAndNarrowsInScope() throws Exception {
        Policy policy = PolicyParser.parse("""
                policy: p
                sandboxes: [alpha, beta]
                segments:
                  - tool: fetch
                    sandboxes: [alpha]
                  - tool: other
                """, "p.yaml", DECLARED);

        assertThat(policy.rules().get(SANDBOXES)).containsExactly(new Sandbox("sandboxes[0]", "alpha"),
                new Sandbox("sandboxes[1]", "beta"));
        assertThat(policy.segments().get(0).rules().get(SANDBOXES)).containsExactly(
                new Sandbox("segments[0].sandboxes[0]", "alpha"));
        assertThat(policy.segments().get(1).narrows(SANDBOXES)).isFalse();

        PolicyEngine engine = PolicyEngine.compile(policy);
        Scope fetch = engine.toolScope("fetch");
        assertThat(engine.decide(SANDBOXES, DeclaredSectionTest::enter, "beta", null).allowed()).isTrue();
        assertThat(engine.decide(SANDBOXES, DeclaredSectionTest::enter, "beta", engine.toolScope("other")).allowed()).isTrue();
        Verdict narrowed = engine.decide(SANDBOXES, DeclaredSectionTest::enter, "beta", fetch);
        assertThat(narrowed.allowed()).isFalse();
        assertThat(narrowed.rule()).isEqualTo("segments[0].sandboxes default-deny");
        assertThat(narrowed.reason()).isEqualTo("segments[0] (tool fetch) narrows sandboxes: no sandboxes rule allows beta");
        assertThat(engine.decide(SANDBOXES, DeclaredSectionTest::enter, "alpha", fetch).allowed()).isTrue();
        assertThat(DECLARED.accessKinds()).endsWith("sandbox");
    }

    @Test
    void itsLearnerWritesRulesItsReaderReads() throws Exception {
        RuleLearner learner = SANDBOXES.newLearner();
        learner.observe("enter", "beta", null);
        learner.observe("enter", "alpha", null);
        StringBuilder yaml = new StringBuilder("policy: p\n");
        learner.write(yaml, "", Map.of());

        assertThat(PolicyParser.parse(yaml.toString(), "suggested", DECLARED).rules().get(SANDBOXES))
                .extracting(Sandbox::name).containsExactly("alpha", "beta");
    }

    @Test
    void isAnUnknownKeyWhereNotDeclared() {
        assertThatThrownBy(() -> PolicyParser.parse("policy: p\nsandboxes: [alpha]\n", "p.yaml"))
                .hasMessageContaining("unknown key 'sandboxes' in the policy (allowed: policy, mode, mode_override,"
                        + " detectors, egress, files, databases, processes, native, tools, segments, credentials, tls_min_version, telemetry)");
    }
}
