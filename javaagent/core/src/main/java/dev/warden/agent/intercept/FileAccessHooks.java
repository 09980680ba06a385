package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DeniedMessage;
import dev.warden.agent.access.FileOperation;
import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.FileDecider;
import dev.warden.agent.record.FileSpans;
import dev.warden.bootstrap.FileBridge;
import dev.warden.bootstrap.FileHooks;
import dev.warden.policy.FileAccess;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The file hooks: canonicalise the path, decide each kind of access the call really makes, apply
 * (the first blocked one is the denial) and record each.
 */
public final class FileAccessHooks implements FileHooks {

    private static final int[] BITS = {FileBridge.READ, FileBridge.WRITE, FileBridge.CREATE, FileBridge.DELETE, FileBridge.LIST,
        FileBridge.STAT};
    private static final FileAccess[] ACCESSES = {FileAccess.READ, FileAccess.WRITE, FileAccess.CREATE, FileAccess.DELETE,
        FileAccess.LIST, FileAccess.STAT};

    private final CanonicalPaths paths;
    private final FileDecider decider;
    private final AccessMediator mediator;
    private final AccessSpans<FileOperation> fileSpans;
    private final AttributeViewFiles viewFiles;
    private final VerifiedReads verifiedReads;

    public FileAccessHooks(CanonicalPaths paths, FileDecider decider, FileSpans spans, AccessMediator mediator,
            Instrumentation instrumentation) {
        this.paths = paths;
        this.decider = decider;
        this.mediator = mediator;
        this.fileSpans = spans::record;
        this.viewFiles = new AttributeViewFiles(instrumentation);
        this.verifiedReads = new VerifiedReads(paths, new OpenedFiles(instrumentation));
    }

    @Override
    public String decideAttributeChange(Object view) {
        return decide(viewFiles.fileOf(view), FileBridge.WRITE);
    }

    @Override
    public String decideAttributeRead(Object view) {
        return decide(viewFiles.fileOf(view), FileBridge.STAT);
    }

    @Override
    public String decide(String path, int modes) {
        String canonical;
        try {
            canonical = (modes & FileBridge.NOFOLLOW) != 0 ? paths.canonicalParent(path)
                    : (modes & FileBridge.VERIFY_OPEN) != 0 ? verifiedReads.canonicalBeforeOpen(path) : paths.canonical(path);
        } catch (IOException loop) {
            return "warden: denied access to " + path + ": " + loop.getMessage() + " [rule " + Decision.DEFAULT_DENY + "]";
        }
        if ((modes & FileBridge.RAW_WRITE) != 0) {
            Decision zone = decider.rawWriteIntoZone(canonical);
            if (zone != null) {
                return messageOf(mediator.apply(new FileOperation(path, canonical, FileAccess.WRITE), zone, fileSpans));
            }
        }
        int resolved = resolveWriteOrCreate(modes, canonical);
        for (int i = 0; i < BITS.length; i++) {
            if ((resolved & BITS[i]) != 0) {
                FileOperation operation = new FileOperation(path, canonical, ACCESSES[i]);
                DeniedMessage denial = mediator.apply(operation,
                        decider.decide(paths.absolute(path), canonical, operation.access()), fileSpans);
                if (denial != null) {
                    return denial.getMessage();
                }
            }
        }
        return null;
    }

    @Override
    public String verifyOpened(String path, Object opened) {
        String held;
        try {
            held = verifiedReads.openedElsewhere(path, opened);
        } catch (IOException unresolvable) {
            return "warden: denied read of " + path + ": " + unresolvable.getMessage() + " [rule " + Decision.DEFAULT_DENY + "]";
        }
        if (held == null) {
            return null;
        }
        String canonical;
        try {
            // what is no file (pipe:[N], anon_inode:...) is decided by that name, which no rule matches
            canonical = held.startsWith("/") ? paths.canonical(held) : held;
        } catch (IOException loop) {
            canonical = held;
        }
        FileOperation operation = new FileOperation(path, canonical, FileAccess.READ);
        return messageOf(mediator.apply(operation, decider.decide(paths.absolute(path), canonical, FileAccess.READ), fileSpans));
    }

    private static String messageOf(DeniedMessage denial) {
        return denial == null ? null : denial.getMessage();
    }

    /** Writing where a file exists changes it; where none exists, creates it. */
    private static int resolveWriteOrCreate(int modes, String canonical) {
        if ((modes & FileBridge.WRITE_OR_CREATE) == 0) {
            return modes;
        }
        int which = Files.exists(Path.of(canonical), LinkOption.NOFOLLOW_LINKS) ? FileBridge.WRITE : FileBridge.CREATE;
        return (modes & ~FileBridge.WRITE_OR_CREATE) | which;
    }

}
