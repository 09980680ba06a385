package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import dev.warden.policy.FileAccess;
import java.util.Locale;

/** One kind of access a file call makes: {@code path} as the app wrote it, {@code canonicalPath} as decided. */
public record FileOperation(String path, String canonicalPath, FileAccess access) implements AccessRequest<DeniedMessage> {

    @Override
    public String kind() {
        return DecisionRecorder.FILE;
    }

    @Override
    public String action() {
        return access.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String target() {
        return canonicalPath;
    }

    @Override
    public String denied() {
        return action() + " of " + (path.equals(canonicalPath) ? path : path + " (" + canonicalPath + ")");
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }
}
