package dev.warden.agent.record.audit;

import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.JvmPathVariables;
import dev.warden.agent.config.WardenConfig;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.KeyPairs;
import dev.warden.policy.decide.PathVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Opens the audit log that {@code audit=FILE} asks for, with its signing key, before the app runs.
 * An audit log that was asked for but cannot be kept (unwritable, not an audit log, a bad key)
 * stops the start: running unaudited when the operator asked for an audit would be a silent loss.
 */
public final class AuditSetup {

    private static final int QUEUE_CAPACITY = 65_536;
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final long EXIT_FLUSH_MILLIS = 3_000;

    private AuditSetup() {
    }

    /**
     * The audit log, or null when {@code audit=} is not set. Its file is open; its thread starts
     * with {@link #start}, once the bridge knows the capability.
     */
    public static AuditLog open(WardenConfig config) throws ConfigException {
        String file = config.get(WardenConfig.AUDIT);
        if (file == null) {
            return null;
        }
        Path log = Path.of(file).toAbsolutePath();
        AuditSigner signer = new AuditSigner(signingKey(config, log));
        AuditWriter writer;
        try {
            Files.createDirectories(log.getParent());
            writer = AuditWriter.open(log, MAX_FILE_BYTES, signer, processContext());
        } catch (IOException e) {
            throw new ConfigException("cannot keep the audit log " + log + ": " + e.getMessage());
        }
        AuditLog.Overload overload = AuditLog.Overload.valueOf(
                config.get(WardenConfig.AUDIT_OVERLOAD, "block").toUpperCase(Locale.ROOT));
        return AuditLog.create(writer, QUEUE_CAPACITY, overload);
    }

    /** Starts the audit thread and closes the log (flushed and signed) when the JVM exits. */
    public static void start(AuditLog audit, Object capability) {
        audit.start(capability);
        Thread closer = new Thread(() -> {
            WardenBridge.markOwnThread(capability);
            audit.close(EXIT_FLUSH_MILLIS);
        }, "warden-audit-shutdown");
        Runtime.getRuntime().addShutdownHook(closer);
    }

    private static Map<String, String> processContext() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("pid", Long.toString(ProcessHandle.current().pid()));
        // the values the policy's rules are compiled with, so policy suggest writes what the next run matches
        Map<String, String> variables = JvmPathVariables.current().values();
        for (String variable : PathVariables.NAMES) {
            context.put(variable, variables.getOrDefault(variable, ""));
        }
        return context;
    }

    private static Ed25519PrivateKeyParameters signingKey(WardenConfig config, Path log) throws ConfigException {
        Path keyFile = config.auditKeyFile();
        try {
            if (config.get(WardenConfig.AUDIT_KEY) == null && !Files.exists(keyFile)) {
                Files.createDirectories(log.getParent());
                String keyId = KeyPairs.write(KeyPairs.generate(), log);
                WardenLog.info("audit: generated checkpoint signing key " + keyId + " at " + keyFile
                        + " (verify with " + log.getFileName() + ".pub; keep a copy of the .pub elsewhere)");
            }
            return KeyPairs.readPrivate(keyFile);
        } catch (BundleException | IOException e) {
            throw new ConfigException("audit signing key " + keyFile + ": " + e.getMessage());
        }
    }
}
