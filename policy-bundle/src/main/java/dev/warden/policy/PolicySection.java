package dev.warden.policy;

import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.learn.RuleLearner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * One policy section, declared once in {@link PolicySections}: its YAML key, how its value is read
 * (at the top level and inside a segment), what the policy engine compiles its rules into, the
 * kind of access its rules decide, as the decision recorder, the audit log and metrics name it,
 * and what learns its rules from recorded decisions for {@code policy suggest}. The parser,
 * segments, the policy engine, the recorder and the suggester iterate over the declared sections.
 *
 * @param <S> what the section is read into (for a list section, its rules in file order)
 * @param <M> the compiled matcher the policy engine decides with
 */
public final class PolicySection<S, M> {

    /** Reads one entry of a list section into a rule with the given id ({@code processes[0]}). */
    @FunctionalInterface
    public interface EntryReader<R> {
        R read(Node node, String id) throws PolicyException;
    }

    /** Compiles a section's rules (absent: {@link #absent()}) into the matcher the engine asks. */
    @FunctionalInterface
    public interface Compiler<S, M> {
        M compile(S rules, PathVariables pathVariables);
    }

    /** Reads a section's value; {@code idPrefix} is "" at the top level, "segments[N]." in a segment. */
    @FunctionalInterface
    private interface Reader<S> {
        S read(SectionInput input, Node node, String idPrefix) throws PolicyException;
    }

    private final String key;
    private final String accessKind;
    private final Reader<S> reader;
    private final S absent;
    private final Compiler<S, M> compiler;
    private final Supplier<RuleLearner> learner;
    private final boolean inSegments;

    private PolicySection(String key, String accessKind, Reader<S> reader, S absent, Compiler<S, M> compiler,
            Supplier<RuleLearner> learner, boolean inSegments) {
        this.key = Objects.requireNonNull(key, "key");
        this.accessKind = Objects.requireNonNull(accessKind, "accessKind");
        this.reader = reader;
        this.absent = absent;
        this.compiler = compiler;
        this.learner = Objects.requireNonNull(learner, "learner");
        this.inSegments = inSegments;
    }

    /**
     * A section that is a list of rules; entry N gets the id {@code KEY[N]} (in a segment
     * {@code segments[M].KEY[N]}). Absent, it is the empty list.
     *
     * @param entries the entry reader, given what the policy's other parts define (its detectors)
     * @param learner  a new learner of the section's rules, one per scope {@code policy suggest} writes
     */
    public static <R, M> PolicySection<List<R>, M> list(String key, String accessKind,
            Function<SectionInput, EntryReader<R>> entries, Compiler<List<R>, M> compiler, Supplier<RuleLearner> learner) {
        return new PolicySection<>(key, accessKind, listReader(key, entries, rules -> rules), List.of(), compiler, learner,
                true);
    }

    /**
     * A section that is a list of rules whose absence means something else than an empty list (for
     * {@code tools}: absent, any tool may run; present, even empty, only those listed). Entry N gets the
     * id {@code KEY[N]}.
     *
     * @param given what the rules read make of the section when the policy gives it
     * @param absent the value of the section when the policy does not give it
     */
    public static <R, S, M> PolicySection<S, M> list(String key, String accessKind,
            Function<SectionInput, EntryReader<R>> entries, Function<List<R>, S> given, S absent,
            Compiler<S, M> compiler, Supplier<RuleLearner> learner) {
        return new PolicySection<>(key, accessKind, listReader(key, entries, given),
                Objects.requireNonNull(absent, "absent"), compiler, learner, true);
    }

    private static <R, S> Reader<S> listReader(String key, Function<SectionInput, EntryReader<R>> entries,
            Function<List<R>, S> given) {
        return (input, node, idPrefix) -> {
            EntryReader<R> entry = entries.apply(input);
            List<R> rules = new ArrayList<>();
            for (Node item : input.yaml().sequence(node, "'" + key + "'")) {
                rules.add(entry.read(item, idPrefix + key + "[" + rules.size() + "]"));
            }
            return given.apply(List.copyOf(rules));
        };
    }

    /** Reads a mapping section into its value with the given id ({@code native}, {@code segments[0].native}). */
    @FunctionalInterface
    public interface MappingReader<S> {
        S read(Node node, String id) throws PolicyException;
    }

    /**
     * A section that is one mapping (not a list of rules); its id is {@code KEY} (in a segment
     * {@code segments[M].KEY}).
     *
     * @param absent the value of the section when the policy (or a segment) does not give it
     */
    public static <S, M> PolicySection<S, M> mapping(String key, String accessKind,
            Function<SectionInput, MappingReader<S>> mapping, S absent, Compiler<S, M> compiler,
            Supplier<RuleLearner> learner) {
        Reader<S> reader = (input, node, idPrefix) -> mapping.apply(input).read(node, idPrefix + key);
        return new PolicySection<>(key, accessKind, reader, Objects.requireNonNull(absent, "absent"), compiler, learner,
                true);
    }

    /**
     * This section, given at the top level only: a segment that gives it is an error. A segment
     * narrows what the code in its scope may do; a section such as {@code tools} decides whether a
     * scope is entered at all.
     */
    public PolicySection<S, M> topLevelOnly() {
        return new PolicySection<>(key, accessKind, reader, absent, compiler, learner, false);
    }

    /** Whether a segment may give this section (most may: a segment narrows them). */
    public boolean inSegments() {
        return inSegments;
    }

    /** The YAML key, at the top level and in segments: {@code processes}. */
    public String key() {
        return key;
    }

    /** The kind of access the section decides, as recorded: {@code process}. */
    public String accessKind() {
        return accessKind;
    }

    /** The value of a section the policy (or a segment) does not give. */
    public S absent() {
        return absent;
    }

    S read(SectionInput input, Node node, String idPrefix) throws PolicyException {
        return reader.read(input, node, idPrefix);
    }

    public M compile(S rules, PathVariables pathVariables) {
        return compiler.compile(rules, pathVariables);
    }

    /** A learner of this section's rules that has seen nothing yet. */
    public RuleLearner newLearner() {
        return learner.get();
    }

    @Override
    public String toString() {
        return key;
    }
}
