package dev.warden.agent.intercept;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.FileDecider;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.FileSpans;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.FileBridge;
import dev.warden.bootstrap.FileHooks;
import dev.warden.policy.FileAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The file hooks: canonicalise the path, decide each kind of access the call really makes, apply
 * (the first blocked one is the denial) and record each.
 */
public final class FileAccessHooks implements FileHooks {

    private static final int[] BITS = {FileBridge.READ, FileBridge.WRITE, FileBridge.CREATE, FileBridge.DELETE, FileBridge.LIST};
    private static final FileAccess[] ACCESSES = {FileAccess.READ, FileAccess.WRITE, FileAccess.CREATE, FileAccess.DELETE,
        FileAccess.LIST};

    private final CanonicalPaths paths;
    private final FileDecider decider;
    private final FileSpans spans;
    private final DecisionRecorder recorder;

    public FileAccessHooks(CanonicalPaths paths, FileDecider decider, FileSpans spans, DecisionRecorder recorder) {
        this.paths = paths;
        this.decider = decider;
        this.spans = spans;
        this.recorder = recorder;
    }

    @Override
    public String decide(String path, int modes) {
        String canonical;
        try {
            canonical = (modes & FileBridge.NOFOLLOW) != 0 ? paths.canonicalParent(path) : paths.canonical(path);
        } catch (IOException loop) {
            return "warden: denied access to " + path + ": " + loop.getMessage() + " [rule " + Decision.DEFAULT_DENY + "]";
        }
        if ((modes & FileBridge.RAW_WRITE) != 0) {
            Decision zone = decider.rawWriteIntoZone(canonical);
            if (zone != null) {
                String message = Denials.file("write", path, canonical, zone);
                recorder.record(DecisionRecorder.FILE, "write", canonical, null, canonical, zone, null);
                spans.record(canonical, FileAccess.WRITE, zone, message);
                WardenLog.decision(message);
                return message;
            }
        }
        int resolved = resolveWriteOrCreate(modes, canonical);
        for (int i = 0; i < BITS.length; i++) {
            if ((resolved & BITS[i]) == 0) {
                continue;
            }
            FileAccess access = ACCESSES[i];
            Decision decision = decider.decide(paths.absolute(path), canonical, access);
            if (recorder.keepsDetails()) {
                recorder.record(DecisionRecorder.FILE, label(access), canonical, null, canonical, decision, null);
            } else {
                recorder.count(DecisionRecorder.FILE, decision);
            }
            if (decision.outcome() == Outcome.ALLOW) {
                spans.record(canonical, access, decision, null);
                continue;
            }
            String message = Denials.file(label(access), path, canonical, decision);
            spans.record(canonical, access, decision, decision.blocks() ? message : null);
            WardenLog.decision(decision.blocks() ? message : Denials.auditLine(message));
            if (decision.blocks()) {
                return message;
            }
        }
        return null;
    }

    /** Writing where a file exists changes it; where none exists, creates it. */
    private static int resolveWriteOrCreate(int modes, String canonical) {
        if ((modes & FileBridge.WRITE_OR_CREATE) == 0) {
            return modes;
        }
        int which = Files.exists(Path.of(canonical), LinkOption.NOFOLLOW_LINKS) ? FileBridge.WRITE : FileBridge.CREATE;
        return (modes & ~FileBridge.WRITE_OR_CREATE) | which;
    }

    private static String label(FileAccess access) {
        return access.name().toLowerCase(java.util.Locale.ROOT);
    }
}
