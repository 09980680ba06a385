package dev.warden.agent.config;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.record.ReloadRecorder;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.bundle.BundleException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * Hot reload: a Warden thread asks the bundle's origin (a watched file, or an HTTPS URL) every
 * interval, give or take 20%; when it has something new, the new bundle is verified completely
 * before it replaces the policy in force (one reference swap: decisions under way finish with the
 * old one). Anything refused or unreachable keeps the last good bundle and says why.
 */
public final class BundleReloader {

    private final BundleSource source;
    private final BundleOrigin origin;
    private final EgressDecider decider;
    private final Duration interval;
    private final ReloadRecorder recorder;
    private final ModeOverride override;
    private final BiConsumer<ActivePolicy, ActivePolicy> replaced;

    /** @param replaced told (previous, next) after each replacement, on the reloading thread */
    public BundleReloader(BundleSource source, BundleOrigin origin, EgressDecider decider, Duration interval,
            ReloadRecorder recorder, ModeOverride override, BiConsumer<ActivePolicy, ActivePolicy> replaced) {
        this.override = override;
        this.replaced = replaced;
        this.source = source;
        this.origin = origin;
        this.decider = decider;
        this.interval = interval;
        this.recorder = recorder;
    }

    public void start(Object capability) {
        Thread reloader = new Thread(() -> {
            WardenBridge.markOwnThread(capability);
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(jittered());
                } catch (InterruptedException stop) {
                    return;
                }
                checkOnce();
            }
        }, "warden-bundle-reload");
        reloader.setDaemon(true);
        reloader.start();
    }

    /** Spread over ±20%, so that a fleet of agents started together does not poll a server in step. */
    private long jittered() {
        long millis = interval.toMillis();
        return millis + ThreadLocalRandom.current().nextLong(-millis / 5, millis / 5 + 1);
    }

    /** Reloads when the origin has something new since the last look. */
    void checkOnce() {
        long current = decider.active().revision();
        try {
            if (!origin.refresh()) {
                return;
            }
            BundleSource.Accepted accepted = source.accept();
            if (accepted.bundle().revision() == current) {
                return; // the same bundle written again
            }
            ActivePolicy previous = decider.active();
            ActivePolicy next = override.applyOnReload(accepted.policy());
            decider.replace(next);
            replaced.accept(previous, next);
            recorder.accepted(accepted.bundle().name(), accepted.bundle().revision(),
                    String.join(",", accepted.bundle().signerKeyIds()), current);
        } catch (BundleException | IOException refused) {
            recorder.refused(current, refused.getMessage());
        } catch (RuntimeException bug) {
            recorder.refused(current, "internal error: " + bug);
        }
    }
}
