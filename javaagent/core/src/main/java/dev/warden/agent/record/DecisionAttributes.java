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

    /** Where a decision's attributes go: a span builder, a started span or a log record's attributes. */
    private interface Sink {
        void put(AttributeKey<String> key, String value);

        void put(AttributeKey<Long> key, long value);
    }

    /** The decision's attributes on a span about to start, as a child of the current span. */
    public static SpanBuilder on(SpanBuilder builder, Decision decision) {
        // written straight onto the builder: an Attributes object per decided span would be built only to be copied
        wardensAndConventions(decision, new Sink() {
            @Override
            public void put(AttributeKey<String> key, String value) {
                builder.setAttribute(key, value);
            }

            @Override
            public void put(AttributeKey<Long> key, long value) {
                builder.setAttribute(key, value);
            }
        });
        return builder.setParent(Context.current());
    }

    /** The decision's attributes on a span started before the decision was made (a tool call's). */
    public static void on(Span span, Decision decision) {
        wardensAndConventions(decision, new Sink() {
            @Override
            public void put(AttributeKey<String> key, String value) {
                span.setAttribute(key, value);
            }

            @Override
            public void put(AttributeKey<Long> key, long value) {
                span.setAttribute(key, value);
            }
        });
    }

    /** The conventions' attributes of a decision on a log record (Warden's own are its counter's). */
    static AttributesBuilder conventionsOn(AttributesBuilder attributes, Decision decision) {
        conventions(decision, new Sink() {
            @Override
            public void put(AttributeKey<String> key, String value) {
                attributes.put(key, value);
            }

            @Override
            public void put(AttributeKey<Long> key, long value) {
                attributes.put(key, value);
            }
        });
        return attributes;
    }

    private static void wardensAndConventions(Decision decision, Sink sink) {
        sink.put(WARDEN_DECISION, decision.outcome().label());
        sink.put(WARDEN_POLICY, decision.policy().name());
        sink.put(WARDEN_BUNDLE_REVISION, decision.policy().revision());
        sink.put(WARDEN_SCOPE, decision.scope() == null ? "global" : decision.scope());
        if (decision.rule() != null) {
            sink.put(WARDEN_RULE, decision.rule());
        }
        if (decision.outcome() != Outcome.ALLOW) {
            sink.put(WARDEN_REASON, decision.reason()); // an allow says no more than its rule
        }
        conventions(decision, sink);
    }

    private static void conventions(Decision decision, Sink sink) {
        boolean allowed = decision.outcome() == Outcome.ALLOW;
        sink.put(POLICY_ID, decision.policy().name());
        sink.put(VERDICT_TYPE, allowed ? "allow" : "deny");
        sink.put(ACTION_TYPE, decision.outcome().blocks() ? "block" : "allow");
        if (decision.rule() != null) {
            sink.put(POLICY_RULE_ID, decision.rule());
        }
        if (decision.policy().revision() > 0) {
            sink.put(POLICY_VERSION, Long.toString(decision.policy().revision()));
        }
        if (!allowed) {
            sink.put(VERDICT_REASON, decision.reason());
        }
    }
}
