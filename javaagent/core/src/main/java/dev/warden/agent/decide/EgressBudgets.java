package dev.warden.agent.decide;

import dev.warden.policy.EgressRule;
import dev.warden.policy.Limits;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicySections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code limits:} of egress rules: a request budget and a bytes-out budget per rule, each a
 * token bucket that holds a minute's worth and refills continuously, so a burst up to the limit
 * passes and a sustained rate above it is denied. What counts as a request: a URL-level request;
 * for a rule whose traffic Warden has never seen at URL level (a database, a raw protocol), a
 * connection. Built per policy: a reload starts with full budgets.
 */
final class EgressBudgets {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Map<String, RuleBudget> byRule;
    /** Asked at every socket write: known once per policy. */
    private final boolean budgetsBytes;

    private EgressBudgets(Map<String, RuleBudget> byRule, boolean budgetsBytes) {
        this.byRule = byRule;
        this.budgetsBytes = budgetsBytes;
    }

    static EgressBudgets of(Policy policy, LongSupplier nanoTime) {
        Map<String, RuleBudget> byRule = new HashMap<>();
        boolean budgetsBytes = false;
        for (EgressRule rule : policy.rules().get(PolicySections.EGRESS)) {
            Limits limits = rule.limits();
            if (limits.requestsPerMinute() > 0 || limits.bytesOutPerMinute() > 0) {
                byRule.put(rule.id(), new RuleBudget(limits, nanoTime));
                budgetsBytes |= limits.bytesOutPerMinute() > 0;
            }
        }
        return new EgressBudgets(Map.copyOf(byRule), budgetsBytes);
    }

    /** Null when within budget, else why not. {@code urlLevel}: a request of a URL-level client, else a connection. */
    String takeRequest(String rule, boolean urlLevel) {
        RuleBudget budget = rule == null ? null : byRule.get(rule);
        return budget == null ? null : budget.takeRequest(urlLevel);
    }

    /** Whether any rule has a bytes-out budget (else bytes need not be counted for budgets). */
    boolean budgetsBytes() {
        return budgetsBytes;
    }

    /** Null while the rule's bytes-out budget has room, else why not. */
    String bytesRefused(String rule) {
        RuleBudget budget = rule == null ? null : byRule.get(rule);
        return budget == null || budget.bytes == null || budget.bytes.hasRoom() ? null
                : "over budget: more than " + budget.limits.bytesOutPerMinute() + " bytes out per minute";
    }

    /** {@code bytes} left under this rule (a write may overdraw the budget; the next one is refused). */
    void spendBytes(String rule, long bytes) {
        RuleBudget budget = rule == null ? null : byRule.get(rule);
        if (budget != null && budget.bytes != null) {
            budget.bytes.spend(bytes);
        }
    }

    private static final class RuleBudget {
        private final Limits limits;
        private final TokenBucket requests;
        private final TokenBucket bytes;
        private volatile boolean urlLevelSeen;

        RuleBudget(Limits limits, LongSupplier nanoTime) {
            this.limits = limits;
            this.requests = limits.requestsPerMinute() > 0 ? new TokenBucket(limits.requestsPerMinute(), nanoTime) : null;
            this.bytes = limits.bytesOutPerMinute() > 0 ? new TokenBucket(limits.bytesOutPerMinute(), nanoTime) : null;
        }

        String takeRequest(boolean urlLevel) {
            if (urlLevel) {
                urlLevelSeen = true;
            } else if (urlLevelSeen) {
                return null; // the connections of a URL-level client: its requests are what counts
            }
            if (requests != null && !requests.take(1)) {
                return "over budget: more than " + limits.requestsPerMinute() + (urlLevelSeen ? " requests" : " connections") + " per minute";
            }
            return null;
        }
    }

    /** Holds up to {@code perMinute} tokens and refills at {@code perMinute} per minute. */
    static final class TokenBucket {
        private final long perMinute;
        private final LongSupplier nanoTime;
        private double tokens;
        private long last;

        TokenBucket(long perMinute, LongSupplier nanoTime) {
            this.perMinute = perMinute;
            this.nanoTime = nanoTime;
            this.tokens = perMinute;
            this.last = nanoTime.getAsLong();
        }

        synchronized boolean take(long count) {
            refill();
            if (tokens < count) {
                return false;
            }
            tokens -= count;
            return true;
        }

        synchronized boolean hasRoom() {
            refill();
            return tokens > 0;
        }

        synchronized void spend(long count) {
            refill();
            tokens -= count;
        }

        private void refill() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(perMinute, tokens + (double) (now - last) * perMinute / MINUTE_NANOS);
            last = now;
        }
    }
}
