package dev.warden.agent.access;

/**
 * The denial of an access whose bridge door carries a message and throws the API's exception
 * itself (files, JDBC, TLS, self-protection): the exception type differs per entry point there.
 */
public final class DeniedMessage extends Exception {

    private static final long serialVersionUID = 1L;

    public DeniedMessage(String message) {
        super(message, null, false, false);
    }
}
