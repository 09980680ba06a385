package dev.warden.agent.decide;

import dev.warden.bootstrap.ActiveScope;
import dev.warden.bootstrap.ScopeBridge;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Scope;

/**
 * The scope an access is made in: the tool call its thread works for and the code segments whose
 * classes are on its way here ({@link ScopeBridge}, {@link CodeScopes}), resolved against the policy
 * in force. Null (the common case) costs one ThreadLocal read.
 *
 * @param rules the segments that narrow the access, or null when none names this tool or code
 * @param label what the scope is, for denials and spans: {@code tool fetch_url},
 *              {@code code com.acme.plugins.**}, or both joined by {@code , }
 */
public record AccessScope(Scope rules, String label) {

    /** The scope of an access made now on this thread, under {@code policy}; null outside any. */
    public static AccessScope current(ActivePolicy policy) {
        ActiveScope active = ScopeBridge.current();
        if (active == null) {
            return null;
        }
        PolicyEngine engine = policy.engine();
        Scope code = CodeScopes.scopeOf(active.code(), engine);
        String tool = active.tool();
        if (tool == null) {
            return code == null ? null : new AccessScope(code, code.label());
        }
        Scope toolRules = engine.toolScope(tool);
        if (code == null) {
            return new AccessScope(toolRules, "tool " + tool);
        }
        return new AccessScope(toolRules == null ? code : toolRules.and(code), "tool " + tool + ", " + code.label());
    }

    /** The segments of {@code scope}, or null: what the engine's scoped decisions take. */
    static Scope rulesOf(AccessScope scope) {
        return scope == null ? null : scope.rules;
    }

    static String labelOf(AccessScope scope) {
        return scope == null ? null : scope.label;
    }
}
