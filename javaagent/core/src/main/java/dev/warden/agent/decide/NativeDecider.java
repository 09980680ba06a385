package dev.warden.agent.decide;

import dev.warden.policy.decide.NativeAccess;
import dev.warden.policy.decide.Verdict;
import java.util.function.Supplier;

/** Native code decisions: the policy engine's {@code native:} verdict in the access's scope, with the policy's mode applied. */
public final class NativeDecider {

    private final Supplier<ActivePolicy> active;

    /** {@code active} is asked at every decision: a reload replaces the policy in force. */
    public NativeDecider(Supplier<ActivePolicy> active) {
        this.active = active;
    }

    public Decision decide(NativeAccess access) {
        ActivePolicy policy = active.get();
        AccessScope scope = AccessScope.current(policy);
        Verdict verdict = policy.engine().decideNative(access, AccessScope.rulesOf(scope));
        return Decision.of(verdict, policy, AccessScope.labelOf(scope));
    }
}
