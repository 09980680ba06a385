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
import dev.warden.policy.PolicySection.Compiler;
import dev.warden.policy.PolicySection.EntryReader;
import dev.warden.policy.PolicySection.MappingReader;
import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.learn.RuleLearner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The declared policy sections: the one place a section is added. Their order is the order they
 * are read in and listed in error messages.
 */
public final class PolicySections {

    // Each section's reader, compiler and learner are one small class, not three lambdas: the sections are declared at
    // every start, and each lambda spins a class of its own there. A learner is made only on request (learn mode,
    // policy suggest), so its class loads only then.

    public static final PolicySection<List<EgressRule>, EgressMatcher> EGRESS = PolicySection.list("egress", "egress",
            EgressParts.INSTANCE, EgressParts.INSTANCE, EgressParts.INSTANCE);
    public static final PolicySection<List<FileRule>, FileMatcher> FILES = PolicySection.list("files", "file",
            FileParts.INSTANCE, FileParts.INSTANCE, FileParts.INSTANCE);
    public static final PolicySection<List<DatabaseRule>, DatabaseRules> DATABASES = PolicySection.list("databases",
            "database", DatabaseParts.INSTANCE, DatabaseParts.INSTANCE, DatabaseParts.INSTANCE);
    public static final PolicySection<List<ProcessRule>, ProcessDecider> PROCESSES = PolicySection.list("processes",
            "process", ProcessParts.INSTANCE, ProcessParts.INSTANCE, ProcessParts.INSTANCE);
    public static final PolicySection<NativeRules, NativeMatcher> NATIVE = PolicySection.mapping("native", "native",
            NativeParts.INSTANCE, NativeRules.NONE, NativeParts.INSTANCE, NativeParts.INSTANCE);
    /** Absent, any tool may run; given (even empty), only the tools it lists. The top level only: it decides which tool scopes open. */
    public static final PolicySection<ToolRules, ToolMatcher> TOOLS = PolicySection.list("tools", "tool",
            ToolParts.INSTANCE, ToolRules::only, ToolRules.ANY, ToolParts.INSTANCE, ToolParts.INSTANCE).topLevelOnly();

    /** Policy format 1. */
    public static final PolicySections FORMAT_1 = new PolicySections(List.of(EGRESS, FILES, DATABASES, PROCESSES, NATIVE, TOOLS));

    private final List<PolicySection<?, ?>> all;
    private final List<String> keys;
    private final List<String> accessKinds;

    /** @param all the sections, in the order they are read in (a test may declare more) */
    public PolicySections(List<PolicySection<?, ?>> all) {
        this.all = List.copyOf(all);
        List<String> sectionKeys = new ArrayList<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (PolicySection<?, ?> section : this.all) {
            sectionKeys.add(section.key());
            kinds.add(section.accessKind());
        }
        this.keys = List.copyOf(sectionKeys);
        this.accessKinds = List.copyOf(kinds);
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

    private static final class EgressParts implements Function<SectionInput, EntryReader<EgressRule>>,
            Compiler<List<EgressRule>, EgressMatcher>, Supplier<RuleLearner> {
        static final EgressParts INSTANCE = new EgressParts();

        @Override
        public EntryReader<EgressRule> apply(SectionInput input) {
            return new EgressRuleReader(input.yaml(), input.detectorNames())::read;
        }

        @Override
        public EgressMatcher compile(List<EgressRule> rules, PathVariables pathVariables) {
            return EgressCompiler.compile(rules);
        }

        @Override
        public RuleLearner get() {
            return new EgressLearner();
        }
    }

    private static final class FileParts implements Function<SectionInput, EntryReader<FileRule>>,
            Compiler<List<FileRule>, FileMatcher>, Supplier<RuleLearner> {
        static final FileParts INSTANCE = new FileParts();

        @Override
        public EntryReader<FileRule> apply(SectionInput input) {
            return new FileRuleReader(input.yaml())::read;
        }

        @Override
        public FileMatcher compile(List<FileRule> rules, PathVariables pathVariables) {
            return FileMatcher.compile(rules, pathVariables);
        }

        @Override
        public RuleLearner get() {
            return new FileLearner();
        }
    }

    private static final class DatabaseParts implements Function<SectionInput, EntryReader<DatabaseRule>>,
            Compiler<List<DatabaseRule>, DatabaseRules>, Supplier<RuleLearner> {
        static final DatabaseParts INSTANCE = new DatabaseParts();

        @Override
        public EntryReader<DatabaseRule> apply(SectionInput input) {
            return new DatabaseRuleReader(input.yaml())::read;
        }

        @Override
        public DatabaseRules compile(List<DatabaseRule> rules, PathVariables pathVariables) {
            return DatabaseRules.compile(rules);
        }

        @Override
        public RuleLearner get() {
            return new DatabaseLearner();
        }
    }

    private static final class ProcessParts implements Function<SectionInput, EntryReader<ProcessRule>>,
            Compiler<List<ProcessRule>, ProcessDecider>, Supplier<RuleLearner> {
        static final ProcessParts INSTANCE = new ProcessParts();

        @Override
        public EntryReader<ProcessRule> apply(SectionInput input) {
            return new ProcessRuleReader(input.yaml())::read;
        }

        @Override
        public ProcessDecider compile(List<ProcessRule> rules, PathVariables pathVariables) {
            return ProcessDecider.compile(rules, pathVariables);
        }

        @Override
        public RuleLearner get() {
            return new ProcessLearner();
        }
    }

    private static final class NativeParts implements Function<SectionInput, MappingReader<NativeRules>>,
            Compiler<NativeRules, NativeMatcher>, Supplier<RuleLearner> {
        static final NativeParts INSTANCE = new NativeParts();

        @Override
        public MappingReader<NativeRules> apply(SectionInput input) {
            return new NativeRulesReader(input.yaml())::read;
        }

        @Override
        public NativeMatcher compile(NativeRules rules, PathVariables pathVariables) {
            return NativeMatcher.compile(rules, pathVariables);
        }

        @Override
        public RuleLearner get() {
            return new NativeLearner();
        }
    }

    private static final class ToolParts implements Function<SectionInput, EntryReader<ToolRule>>,
            Compiler<ToolRules, ToolMatcher>, Supplier<RuleLearner> {
        static final ToolParts INSTANCE = new ToolParts();

        @Override
        public EntryReader<ToolRule> apply(SectionInput input) {
            return new ToolRuleReader(input.yaml())::read;
        }

        @Override
        public ToolMatcher compile(ToolRules rules, PathVariables pathVariables) {
            return ToolMatcher.compile(rules);
        }

        @Override
        public RuleLearner get() {
            return new ToolLearner();
        }
    }
}
