package dev.warden.agent.apply.body;

/** A participant refuses the request: nothing is sent, and the app gets the denial contract's exception. */
public final class RequestRefused extends Exception {

    private static final long serialVersionUID = 1L;
    private final String rule;

    /**
     * @param reason why, for the denial message ({@code it carries a value of detector secret, which egress[0] blocks})
     * @param rule   the rule that refused it
     */
    public RequestRefused(String reason, String rule) {
        super(reason, null, false, false);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
