package dev.warden.agent.decide;

import dev.warden.bootstrap.ActiveScope;
import dev.warden.bootstrap.ScopeBridge;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Scope;

/**
 * The scope an access is made in: the tool call its thread works for ({@link ScopeBridge}) and the
 * code segment of its nearest application frame ({@link CodeOrigins}), resolved against the policy
 * in force. Null (the common case) costs one ThreadLocal read, plus nothing unless the policy has
 * code segments.
 *
 * @param rules the segments that narrow the access, or null when none names this tool or code
 * @param label what the scope is, for denials and spans: {@code tool fetch_url},
 *              {@code code com.acme.plugins.**}, or both joined by {@code , }
 */
public record AccessScope(Scope rules, String label) {

    private static final CodeOrigins CODE_ORIGINS = new CodeOrigins();

    /** The scope of an access made now on this thread, under {@code policy}; null outside any. */
    public static AccessScope current(ActivePolicy policy) {
        ActiveScope tool = ScopeBridge.current();
        PolicyEngine engine = policy.engine();
        Scope code = engine.hasCodeSegments() ? CODE_ORIGINS.scopeOfCaller(engine) : null;
        if (tool == null && code == null) {
            return null;
        }
        Scope toolRules = tool == null ? null : engine.toolScope(tool.tool());
        String toolLabel = tool == null ? null : "tool " + tool.tool();
        if (code == null) {
            return new AccessScope(toolRules, toolLabel);
        }
        if (tool == null) {
            return new AccessScope(code, code.label());
        }
        return new AccessScope(toolRules == null ? code : toolRules.and(code), toolLabel + ", " + code.label());
    }

    /** The segments of {@code scope}, or null: what the engine's scoped decisions take. */
    static Scope rulesOf(AccessScope scope) {
        return scope == null ? null : scope.rules;
    }

    static String labelOf(AccessScope scope) {
        return scope == null ? null : scope.label;
    }
}
