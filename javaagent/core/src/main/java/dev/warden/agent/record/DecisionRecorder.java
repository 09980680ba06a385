package dev.warden.agent.record;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.audit.AuditEvent;
import dev.warden.agent.record.audit.AuditLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import dev.warden.policy.PolicySections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where every decision of every kind is kept besides its span: the audit log (when configured),
 * the {@code warden.decisions} counter by kind, decision and rule, and the first-access watch
 * (an anomaly: a target first reached after the learning window, told as a {@code [warden] ALERT}
 * line, a {@code warden.first_access} event on the current span and the {@code warden.alerts}
 * counter), and, when a logs exporter is configured, an OpenTelemetry log record per decision.
 * Called on the app's thread: it queues, counts and returns.
 */
public final class DecisionRecorder {

    public static final String EGRESS = PolicySections.EGRESS.accessKind();
    public static final String FILE = PolicySections.FILES.accessKind();
    public static final String DATABASE = PolicySections.DATABASES.accessKind();
    public static final String PROCESS = PolicySections.PROCESSES.accessKind();
    public static final String NATIVE = PolicySections.NATIVE.accessKind();
    public static final String TOOL = PolicySections.TOOLS.accessKind();
    /** Not a policy section: attempts to reach into Warden itself (reflection, redefinition). */
    public static final String SELF_PROTECTION = "self-protection";

    private static final String NO_RULE = "(none)";
    private static final AttributeKey<String> KIND = AttributeKey.stringKey("warden.decision.kind");
    private static final AttributeKey<String> DETAIL = AttributeKey.stringKey("warden.detail");

    private final AuditLog audit;
    private final Supplier<Logger> logs;
    private final FirstAccessWatch firstAccess;
    /**
     * Attributes and counts by kind (the declared sections' access kinds), outcome and rule (rules are
     * few: one per policy rule), so counting allocates and hashes nothing but the rule's name. Counted
     * here and observed by the SDK once it is built: counting never waits for it.
     */
    private final Map<String, Map<String, Counted>[]> counted;
    /**
     * The last count, shared by every thread: not volatile, as a stale one only costs the lookup (a record's
     * fields are final, so a thread that sees it sees them).
     */
    private LastCount lastCount;
    private final Map<Attributes, LongAdder> alerts = new ConcurrentHashMap<>();

    /**
     * @param audit        the audit log, or null
     * @param learnWindowSeconds how long the first-access watch learns before it alerts; 0 = off
     * @param logs         where decisions also go as OpenTelemetry log records, or null when no logs exporter is configured
     */
    public DecisionRecorder(AuditLog audit, Consumer<Consumer<Meter>> whenMeterReady, long learnWindowSeconds,
            Supplier<Logger> logs) {
        this(audit, whenMeterReady, learnWindowSeconds, logs, PolicySections.FORMAT_1);
    }

    @SuppressWarnings("unchecked") // an array of generic maps
    DecisionRecorder(AuditLog audit, Consumer<Consumer<Meter>> whenMeterReady, long learnWindowSeconds,
            Supplier<Logger> logs, PolicySections sections) {
        this.audit = audit;
        this.logs = logs;
        this.firstAccess = new FirstAccessWatch(learnWindowSeconds * 1_000_000_000L, System::nanoTime);
        Map<String, Map<String, Counted>[]> byKind = new HashMap<>();
        List<String> kinds = new ArrayList<>(sections.accessKinds());
        kinds.add(SELF_PROTECTION);
        for (String kind : kinds) {
            Map<String, Counted>[] byOutcome = new Map[Outcome.values().length];
            for (int i = 0; i < byOutcome.length; i++) {
                byOutcome[i] = new ConcurrentHashMap<>();
            }
            byKind.put(kind, byOutcome);
        }
        this.counted = byKind; // only read from here on: a HashMap's get costs less than an immutable map's probe
        whenMeterReady.accept(this::observeWith);
    }

    /**
     * @param kind     a declared section's {@link dev.warden.policy.PolicySection#accessKind()}: {@link #EGRESS}, ...
     * @param action   what was attempted (method, mode, operation, exec)
     * @param target   what it was attempted on (URL or host:port, path, JDBC URL, argv as JSON)
     * @param detail   more of what was decided (a statement's tables), or null
     * @param watchKey what counts as "the same target" for the first-access watch (host:port, the
     *                 path, URL + table, the program), or null to leave this access out
     * @param scope    the tool or code segment, or null
     */
    public void record(String kind, String action, String target, String detail, String watchKey, Decision decision,
            String scope) {
        recordInScope(kind, action, target, detail, watchKey, decision, scope != null ? scope : decision.scope());
    }

    private void recordInScope(String kind, String action, String target, String detail, String watchKey,
            Decision decision, String scope) {
        count(kind, decision);
        if (audit != null) {
            audit.record(new AuditEvent(System.currentTimeMillis(), kind, action, target, detail,
                    decision.outcome().label(), ruleOf(decision), scope));
        }
        if (logs != null) {
            emitLogRecord(kind, action, target, detail, decision, scope);
        }
        if (watchKey != null && firstAccess.enabled() && firstAccess.firstAfterWindow(kind + " " + watchKey)) {
            alert(kind, watchKey);
        }
    }

    /**
     * Whether a decision is kept beyond the counter (audit log, log records, first-access watch).
     * When not, a hook need not build the texts {@link #record} takes: {@link #count} is enough.
     */
    public boolean keepsDetails() {
        return audit != null || logs != null || firstAccess.enabled();
    }

    /** Counts the decision only (allocation-free while each count is of the same kind, outcome and rule as the one before). */
    public void count(String kind, Decision decision) {
        LastCount last = lastCount;
        String rule = ruleOf(decision);
        // the same kind, outcome and rule as the last count (a hook deciding as before): by identity, no lookup
        if (last == null || last.kind != kind || last.outcome != decision.outcome() || last.rule != rule) {
            last = new LastCount(kind, decision.outcome(), rule, counted(kind, decision));
            lastCount = last;
        }
        last.counted.count.increment();
    }

    private void emitLogRecord(String kind, String action, String target, String detail, Decision decision, String scope) {
        AttributesBuilder attributes = DecisionAttributes.conventionsOn(Attributes.builder(), decision)
                .putAll(counted(kind, decision).attributes)
                .put(WardenAttributes.WARDEN_ACTION, action).put(WardenAttributes.WARDEN_TARGET, target);
        if (detail != null) {
            attributes.put(DETAIL, detail);
        }
        if (scope != null) {
            attributes.put(WardenAttributes.WARDEN_SCOPE, scope);
        }
        Severity severity = decision.outcome() == Outcome.ALLOW ? Severity.INFO : Severity.WARN;
        logs.get().logRecordBuilder()
                .setSeverity(severity)
                .setSeverityText(severity.name())
                .setBody("warden: " + decision.outcome().label() + " " + kind + " " + action + " " + target + " [rule " + ruleOf(decision) + "]")
                .setAllAttributes(attributes.build())
                .emit();
    }

    private void alert(String kind, String watchKey) {
        WardenLog.warn("ALERT first " + kind + " access to " + watchKey + " after the learning window");
        Attributes what = Attributes.of(KIND, kind, WardenAttributes.WARDEN_TARGET, watchKey);
        Span.current().addEvent("warden.first_access", what);
        alerts.computeIfAbsent(what, a -> new LongAdder()).increment();
    }

    private Counted counted(String kind, Decision decision) {
        Map<String, Counted>[] byOutcome = counted.get(kind);
        if (byOutcome == null) {
            throw new IllegalArgumentException("'" + kind + "' is no declared section's access kind, nor " + SELF_PROTECTION);
        }
        Map<String, Counted> byRule = byOutcome[decision.outcome().ordinal()];
        String rule = ruleOf(decision);
        Counted known = byRule.get(rule);
        if (known == null) {
            Counted made = new Counted(Attributes.of(KIND, kind, WardenAttributes.WARDEN_DECISION, decision.outcome().label(),
                    WardenAttributes.WARDEN_RULE, rule));
            known = byRule.putIfAbsent(rule, made);
            return known != null ? known : made;
        }
        return known;
    }

    /** One kind, outcome and rule's counter attributes and count. */
    private static final class Counted {
        final Attributes attributes;
        final LongAdder count = new LongAdder();

        Counted(Attributes attributes) {
            this.attributes = attributes;
        }
    }

    /** The last count's kind, outcome and rule, as the caller passed them (compared by identity), and its counter. */
    private record LastCount(String kind, Outcome outcome, String rule, Counted counted) {
    }

    /** Some allowances need no rule (an IP literal needs no lookup): recorded as {@value #NO_RULE}. */
    private static String ruleOf(Decision decision) {
        return decision.rule() == null ? NO_RULE : decision.rule();
    }

    private void observeWith(Meter meter) {
        meter.counterBuilder("warden.decisions").setDescription("Policy decisions by kind, decision and rule")
                .buildWithCallback(counter -> {
                    for (Map<String, Counted>[] byOutcome : counted.values()) {
                        for (Map<String, Counted> byRule : byOutcome) {
                            for (Counted decisions : byRule.values()) {
                                counter.record(decisions.count.sum(), decisions.attributes);
                            }
                        }
                    }
                });
        meter.counterBuilder("warden.alerts").setDescription("Anomalies: targets first reached after the learning window")
                .buildWithCallback(counter -> alerts.forEach((attributes, count) -> counter.record(count.sum(), attributes)));
        if (audit != null) {
            meter.gaugeBuilder("warden.audit.queue.depth").ofLongs().setDescription("Decisions waiting to be written to the audit log")
                    .buildWithCallback(gauge -> gauge.record(audit.queueDepth()));
            meter.counterBuilder("warden.audit.dropped").setDescription("Decisions the audit log could not keep (counted, and written into the chain)")
                    .buildWithCallback(counter -> counter.record(audit.droppedTotal()));
        }
    }
}
