package dev.warden.agent.apply.protect;

import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import dev.warden.policy.EgressRule;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicySections;
import dev.warden.policy.ProtectAction;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code protect:} of every egress rule of one policy, compiled once per policy, looked up by rule id. */
public final class ProtectionRules {

    private final Map<String, RuleProtection> byRule;

    private ProtectionRules(Map<String, RuleProtection> byRule) {
        this.byRule = byRule;
    }

    /**
     * Compiles the policy's protections.
     *
     * @throws ConfigException when a rule tokenizes or restores and no data keys are configured: Warden will not
     *     start (or reload) into sending plaintext where the policy asked for tokens
     */
    public static ProtectionRules compile(Policy policy, Optional<DataKeys> keys) throws ConfigException {
        // not keys.map(Tokenizer::new): the reference would load the tokenizer and its cipher classes with no keys to use them
        Tokenizer tokenizer = keys.isPresent() ? new Tokenizer(keys.get()) : null;
        Map<String, RuleProtection> byRule = new HashMap<>();
        for (EgressRule rule : policy.rules().get(PolicySections.EGRESS)) {
            boolean tokenizes = rule.protect().containsValue(ProtectAction.TOKENIZE);
            if ((tokenizes || rule.restore()) && tokenizer == null) {
                throw new ConfigException(rule.id() + " (line " + rule.line() + ") " + (tokenizes ? "tokenizes" : "restores")
                        + " values but no data keys are configured: set keys=FILE or keys=env:NAME"
                        + " (make a key file with: java -jar warden-agent.jar keygen --data --out FILE)");
            }
            ValueScanner scanner = ValueScanner.compile(rule.protect(), policy.detectors());
            if (scanner != null || rule.restore()) {
                byRule.put(rule.id(), new RuleProtection(rule.id(), scanner, tokenizer, rule.restore()));
            }
        }
        return new ProtectionRules(byRule);
    }

    /** The rule's protection, or null when it has none. */
    public RuleProtection forRule(String ruleId) {
        return ruleId == null ? null : byRule.get(ruleId);
    }

    public boolean isEmpty() {
        return byRule.isEmpty();
    }
}
