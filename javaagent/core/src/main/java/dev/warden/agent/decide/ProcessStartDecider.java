package dev.warden.agent.decide;

import dev.warden.policy.decide.ProcessLaunch;
import dev.warden.policy.decide.Verdict;
import java.util.function.Supplier;

/** Process decisions: the policy engine's verdict with the policy's mode applied (enforce blocks). */
public final class ProcessStartDecider {

    private final Supplier<ActivePolicy> active;

    /** {@code active} is asked at every decision: a reload replaces the policy in force. */
    public ProcessStartDecider(Supplier<ActivePolicy> active) {
        this.active = active;
    }

    public Decision start(ProcessLaunch launch) {
        ActivePolicy policy = active.get();
        AccessScope scope = AccessScope.current(policy);
        Verdict verdict = policy.engine().decideProcess(launch, AccessScope.rulesOf(scope));
        return Decision.of(verdict, policy, AccessScope.labelOf(scope));
    }
}
