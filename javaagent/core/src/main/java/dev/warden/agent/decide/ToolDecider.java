package dev.warden.agent.decide;

import dev.warden.policy.decide.ToolUse;
import java.util.function.Supplier;

/**
 * AI tool call decisions: the policy engine's {@code tools:} verdict with the policy's mode applied. The
 * section is global (segments cannot narrow it); the scope the call starts in (a tool that runs a tool)
 * is named in the decision.
 */
public final class ToolDecider {

    private final Supplier<ActivePolicy> active;

    /** {@code active} is asked at every decision: a reload replaces the policy in force. */
    public ToolDecider(Supplier<ActivePolicy> active) {
        this.active = active;
    }

    public Decision decide(ToolUse tool) {
        ActivePolicy policy = active.get();
        return Decision.of(policy.engine().decideTool(tool), policy, AccessScope.labelOf(AccessScope.current(policy)));
    }
}
