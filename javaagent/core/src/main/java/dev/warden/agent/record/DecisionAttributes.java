package dev.warden.agent.record;

import static dev.warden.agent.record.WardenAttributes.WARDEN_BUNDLE_REVISION;
import static dev.warden.agent.record.WardenAttributes.WARDEN_DECISION;
import static dev.warden.agent.record.WardenAttributes.WARDEN_POLICY;
import static dev.warden.agent.record.WardenAttributes.WARDEN_REASON;
import static dev.warden.agent.record.WardenAttributes.WARDEN_RULE;
import static dev.warden.agent.record.WardenAttributes.WARDEN_SCOPE;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;

/**
 * A decision's attributes, the same on every span and log record that carries one: Warden's own
 * ({@code warden.decision}, {@code warden.rule}, ...) and, beside them, the policy attribution of the
 * OpenTelemetry GenAI security conventions (in development: open-telemetry/semantic-conventions-genai
 * pull request 427), so a backend that knows those reads Warden's decisions without a mapping.
 * The verdict is what the policy says; the action is what Warden did with it (audit and learn mode
 * let a denied access proceed).
 */
public final class DecisionAttributes {

    static final AttributeKey<String> POLICY_ID = AttributeKey.stringKey("gen_ai.security.policy.id");
    static final AttributeKey<String> POLICY_VERSION = AttributeKey.stringKey("gen_ai.security.policy.version");
    static final AttributeKey<String> POLICY_RULE_ID = AttributeKey.stringKey("gen_ai.security.policy.rule.id");
    static final AttributeKey<String> VERDICT_TYPE = AttributeKey.stringKey("gen_ai.security.verdict.type");
    static final AttributeKey<String> VERDICT_REASON = AttributeKey.stringKey("gen_ai.security.verdict.reason");
    static final AttributeKey<String> ACTION_TYPE = AttributeKey.stringKey("gen_ai.security.action.type");

    private DecisionAttributes() {
    }

    /** The decision's attributes on a span about to start, as a child of the current span. */
    public static SpanBuilder on(SpanBuilder builder, Decision decision) {
        return builder.setParent(Context.current()).setAllAttributes(of(decision));
    }

    /** The decision's attributes on a span started before the decision was made (a tool call's). */
    public static void on(Span span, Decision decision) {
        span.setAllAttributes(of(decision));
    }

    private static Attributes of(Decision decision) {
        AttributesBuilder attributes = Attributes.builder()
                .put(WARDEN_DECISION, decision.outcome().label())
                .put(WARDEN_POLICY, decision.policy().name())
                .put(WARDEN_BUNDLE_REVISION, decision.policy().revision())
                .put(WARDEN_SCOPE, decision.scope() == null ? "global" : decision.scope());
        if (decision.rule() != null) {
            attributes.put(WARDEN_RULE, decision.rule());
        }
        if (decision.outcome() != Outcome.ALLOW) {
            attributes.put(WARDEN_REASON, decision.reason()); // an allow says no more than its rule
        }
        return conventionsOn(attributes, decision).build();
    }

    /** The conventions' attributes of a decision on a log record (Warden's own are its counter's). */
    static AttributesBuilder conventionsOn(AttributesBuilder attributes, Decision decision) {
        boolean allowed = decision.outcome() == Outcome.ALLOW;
        attributes.put(POLICY_ID, decision.policy().name())
                .put(VERDICT_TYPE, allowed ? "allow" : "deny")
                .put(ACTION_TYPE, decision.outcome().blocks() ? "block" : "allow");
        if (decision.rule() != null) {
            attributes.put(POLICY_RULE_ID, decision.rule());
        }
        if (decision.policy().revision() > 0) {
            attributes.put(POLICY_VERSION, Long.toString(decision.policy().revision()));
        }
        if (!allowed) {
            attributes.put(VERDICT_REASON, decision.reason());
        }
        return attributes;
    }
}
