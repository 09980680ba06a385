package dev.warden.agent.config;

/** A setting or policy that Warden cannot start with; the message is the one line the operator sees. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
