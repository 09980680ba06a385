package dev.warden.bootstrap;

import java.nio.file.AccessDeniedException;

/**
 * The {@link AccessDeniedException} of a Warden file denial: {@link #getFile()} is the path as the
 * app gave it, and the message is Warden's own, starting with {@code warden: denied}.
 */
public final class FileDenied extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    private final String message;

    public FileDenied(String file, String message) {
        super(file, null, message);
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
