package dev.warden.agent.intercept;

import dev.warden.agent.decide.CanonicalPaths;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical form of a path a read-only open is decided on, and the check once it is open that
 * the file it holds is the file decided. Resolving a path costs a system call per name; a path read
 * again is decided on the canonical form it last had, and its open is then verified instead by the
 * descriptor's identity (one {@code fstat}): same device, inode and inode change time as when its
 * path was last confirmed through {@code /proc/self/fd/N}. A link swapped in since, a file renamed
 * or replaced, fails that check and is decided again by what was really opened, before a byte is read.
 *
 * <p>A path opened once costs what it did before (its first open is resolved and decided as every
 * other access is); its second open confirms it; later ones cost one {@code fstat}.
 */
final class VerifiedReads {

    /** Past this many paths the memory starts again: many distinct files read once each gain nothing from it. */
    private static final int MAX_PATHS = 4096;

    /** What is known of a path: its canonical form when last resolved, and the identity confirmed there (null: not yet). */
    private static final class Known {
        final String canonical;
        final OpenedFiles.Identity identity;
        final boolean opened;

        Known(String canonical, OpenedFiles.Identity identity, boolean opened) {
            this.canonical = canonical;
            this.identity = identity;
            this.opened = opened;
        }
    }

    private final CanonicalPaths paths;
    private final OpenedFiles files;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    VerifiedReads(CanonicalPaths paths, OpenedFiles files) {
        this.paths = paths;
        this.files = files;
    }

    /** The canonical form to decide a read-only open of {@code path} on, before it opens. */
    String canonicalBeforeOpen(String path) throws IOException {
        String absolute = paths.absolute(path);
        Known entry = known.get(absolute);
        if (entry != null && files.available()) {
            return entry.canonical;
        }
        String canonical = paths.canonical(path);
        remember(absolute, new Known(canonical, null, false));
        return canonical;
    }

    /**
     * After the open of {@code path} decided on {@link #canonicalBeforeOpen}: null when {@code opened}
     * holds the file decided, else the path of what it holds (to decide again).
     */
    String openedElsewhere(String path, Object opened) throws IOException {
        String absolute = paths.absolute(path);
        Known entry = known.get(absolute);
        if (entry != null && !entry.opened) {
            // just resolved for this open: decided as exactly as any access; confirmed at the next
            known.replace(absolute, entry, new Known(entry.canonical, null, true));
            return null;
        }
        OpenedFiles.Identity identity;
        String held;
        try {
            identity = files.identityOf(opened);
            if (entry != null && identity.sameAs(entry.identity)) {
                return null;
            }
            held = files.pathOf(opened);
        } catch (IllegalStateException | IOException cannotLook) {
            // another JDK's classes, or no /proc: from now on every read-only open is resolved before it, as other accesses are
            files.stopLooking();
            known.clear();
            return paths.canonical(path);
        }
        if (entry != null && entry.canonical.equals(paths.asOwnProcess(held))) {
            remember(absolute, new Known(entry.canonical, identity, true));
            return null;
        }
        known.remove(absolute);
        return held;
    }

    private void remember(String absolute, Known entry) {
        if (known.size() >= MAX_PATHS) {
            known.clear();
        }
        known.put(absolute, entry);
    }
}
