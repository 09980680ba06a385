package dev.warden.agent.config;

import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.bundle.BundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * Hot reload from a file: a Warden thread looks at the bundle file's size and modification time
 * every interval; when they change, the new bundle is verified completely before it replaces the
 * policy in force (one reference swap: decisions under way finish with the old one). Anything
 * refused keeps the last good bundle and says why.
 */
public final class BundleReloader {

    private final BundleSource source;
    private final EgressDecider decider;
    private final Duration interval;
    private String lastSeen;

    public BundleReloader(BundleSource source, EgressDecider decider, Duration interval) {
        this.source = source;
        this.decider = decider;
        this.interval = interval;
    }

    public void start(Object capability) {
        lastSeen = fingerprint();
        Thread watcher = new Thread(() -> {
            WardenBridge.markOwnThread(capability);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                checkOnce();
            }
        }, "warden-bundle-reload");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Reloads when the file changed since the last look. */
    void checkOnce() {
        String now = fingerprint();
        if (now == null || Objects.equals(now, lastSeen)) {
            return;
        }
        lastSeen = now;
        long current = decider.active().revision();
        try {
            BundleSource.Accepted accepted = source.accept();
            if (accepted.bundle().revision() == current) {
                return; // the same bundle written again
            }
            decider.replace(accepted.policy());
            WardenLog.info(String.format("reloaded bundle \"%s\" revision %d signed by %s (was revision %d)",
                    accepted.bundle().name(), accepted.bundle().revision(),
                    String.join(",", accepted.bundle().signerKeyIds()), current));
        } catch (BundleException refused) {
            WardenLog.warn("reload refused, still enforcing revision " + current + ": " + refused.getMessage());
        } catch (RuntimeException bug) {
            WardenLog.warn("reload failed, still enforcing revision " + current + ": " + bug);
        }
    }

    private String fingerprint() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(source.file(), BasicFileAttributes.class);
            return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
        } catch (IOException missing) {
            return null; // being replaced, or gone: the last good bundle stays
        }
    }
}
