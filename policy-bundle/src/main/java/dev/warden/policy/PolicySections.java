package dev.warden.policy;

import dev.warden.policy.decide.DatabaseRules;
import dev.warden.policy.decide.EgressCompiler;
import dev.warden.policy.decide.EgressMatcher;
import dev.warden.policy.decide.FileMatcher;
import dev.warden.policy.decide.NativeMatcher;
import dev.warden.policy.decide.ProcessDecider;
import dev.warden.policy.decide.ToolMatcher;
import dev.warden.policy.learn.DatabaseLearner;
import dev.warden.policy.learn.EgressLearner;
import dev.warden.policy.learn.FileLearner;
import dev.warden.policy.learn.NativeLearner;
import dev.warden.policy.learn.ProcessLearner;
import dev.warden.policy.learn.ToolLearner;
import java.util.List;

/**
 * The declared policy sections: the one place a section is added. Their order is the order they
 * are read in and listed in error messages.
 */
public final class PolicySections {

    // learners as lambdas, not constructor references: a reference loads its class when the section is declared,
    // and only learn mode and policy suggest make a learner

    public static final PolicySection<List<EgressRule>, EgressMatcher> EGRESS = PolicySection.list("egress", "egress",
            input -> new EgressRuleReader(input.yaml(), input.detectorNames())::read,
            (rules, pathVariables) -> EgressCompiler.compile(rules), () -> new EgressLearner());
    public static final PolicySection<List<FileRule>, FileMatcher> FILES = PolicySection.list("files", "file",
            input -> new FileRuleReader(input.yaml())::read, FileMatcher::compile, () -> new FileLearner());
    public static final PolicySection<List<DatabaseRule>, DatabaseRules> DATABASES = PolicySection.list("databases",
            "database", input -> new DatabaseRuleReader(input.yaml())::read,
            (rules, pathVariables) -> DatabaseRules.compile(rules), () -> new DatabaseLearner());
    public static final PolicySection<List<ProcessRule>, ProcessDecider> PROCESSES = PolicySection.list("processes",
            "process", input -> new ProcessRuleReader(input.yaml())::read,
            ProcessDecider::compile, () -> new ProcessLearner());
    public static final PolicySection<NativeRules, NativeMatcher> NATIVE = PolicySection.mapping("native", "native",
            input -> new NativeRulesReader(input.yaml())::read, NativeRules.NONE, NativeMatcher::compile,
            () -> new NativeLearner());
    /** Absent, any tool may run; given (even empty), only the tools it lists. The top level only: it decides which tool scopes open. */
    public static final PolicySection<ToolRules, ToolMatcher> TOOLS = PolicySection.list("tools", "tool",
            input -> new ToolRuleReader(input.yaml())::read, ToolRules::only, ToolRules.ANY,
            (rules, pathVariables) -> ToolMatcher.compile(rules), () -> new ToolLearner()).topLevelOnly();

    /** Policy format 1. */
    public static final PolicySections FORMAT_1 = new PolicySections(List.of(EGRESS, FILES, DATABASES, PROCESSES, NATIVE, TOOLS));

    private final List<PolicySection<?, ?>> all;
    private final List<String> keys;
    private final List<String> accessKinds;

    /** @param all the sections, in the order they are read in (a test may declare more) */
    public PolicySections(List<PolicySection<?, ?>> all) {
        this.all = List.copyOf(all);
        this.keys = this.all.stream().map(PolicySection::key).toList();
        this.accessKinds = this.all.stream().map(PolicySection::accessKind).distinct().toList();
    }

    public List<PolicySection<?, ?>> all() {
        return all;
    }

    /** The sections' YAML keys. */
    public List<String> keys() {
        return keys;
    }

    /** The kinds of access the sections decide, each once. */
    public List<String> accessKinds() {
        return accessKinds;
    }
}
