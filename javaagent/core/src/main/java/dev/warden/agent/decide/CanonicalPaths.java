package dev.warden.agent.decide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns a path as the app wrote it into the one the operating system will open: absolute (a
 * relative path against the process's real working directory, which is what the native open
 * uses), with {@code .}, {@code ..}, repeated slashes and every symbolic link resolved, in the last
 * component and in any parent, also a link that points at a file that does not exist yet.
 * {@code /proc/self/...} and {@code /dev/fd/N} are links too and resolve to what they point to; the
 * process's own {@code /proc/PID} is then written {@code /proc/self} again, so that a rule for
 * {@code /proc/self/...} holds in every run, whatever its PID.
 *
 * <p>An existing file costs one {@code realpath}; a missing one is walked component by component.
 */
public final class CanonicalPaths {

    /** Linux's own limit on links followed in one lookup. */
    private static final int MAX_LINKS = 40;

    private final String workingDirectory;
    private final String processId = readProcessId();
    private final String ownProcDirectory = "/proc/" + processId;

    public CanonicalPaths(String workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /**
     * This process's id, read from the {@code /proc/self} link: {@code ProcessHandle} would load some
     * forty classes (and its reaper's thread pool) before the app's main. It is the id in the PID
     * namespace {@code /proc} was mounted from, the one the process's own {@code /proc} paths resolve
     * to: the same as {@code getpid()} unless {@code /proc} comes from another namespace.
     */
    private static String readProcessId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self")).toString();
        } catch (IOException | RuntimeException notLinux) {
            return Long.toString(ProcessHandle.current().pid());
        }
    }

    /** This process's id. */
    public String processId() {
        return processId;
    }

    /** The process's working directory, resolved. */
    public static CanonicalPaths ofProcess() {
        Path cwd;
        try {
            cwd = Path.of("/proc/self/cwd").toRealPath();
        } catch (IOException | RuntimeException notLinux) {
            cwd = Path.of("").toAbsolutePath();
        }
        return new CanonicalPaths(cwd.toString());
    }

    public String workingDirectory() {
        return workingDirectory;
    }

    /** {@code path} made absolute against the working directory, nothing resolved. */
    public String absolute(String path) {
        return path.startsWith("/") ? path : path.isEmpty() ? workingDirectory : workingDirectory + "/" + path;
    }

    /**
     * The canonical absolute form of {@code path}.
     *
     * @throws IOException when links loop
     */
    public String canonical(String path) throws IOException {
        String absolute = absolute(path);
        try {
            return asOwnProcess(Path.of(absolute).toRealPath().toString());
        } catch (IOException missing) {
            return asOwnProcess(walk(absolute));
        } catch (InvalidPathException unusable) {
            return absolute; // a NUL in the name: the JDK refuses to open it anyway
        }
    }

    /** {@code /proc/PID/...} of this process as {@code /proc/self/...}, the one name that stays the same across runs. */
    public String asOwnProcess(String canonical) {
        if (canonical.startsWith(ownProcDirectory)
                && (canonical.length() == ownProcDirectory.length() || canonical.charAt(ownProcDirectory.length()) == '/')) {
            return "/proc/self" + canonical.substring(ownProcDirectory.length());
        }
        return canonical;
    }

    /**
     * The canonical form of the directory that holds {@code path}, with the last name appended as
     * it is: where a call acts on a link itself (delete, rename, making a link or a directory).
     */
    public String canonicalParent(String path) throws IOException {
        String absolute = absolute(path);
        int end = absolute.length();
        while (end > 1 && absolute.charAt(end - 1) == '/') {
            end--;
        }
        int slash = absolute.lastIndexOf('/', end - 1);
        String name = absolute.substring(slash + 1, end);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return canonical(path);
        }
        String parent = canonical(slash == 0 ? "/" : absolute.substring(0, slash));
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** realpath(3) that tolerates missing components, and follows a dangling link to its target. */
    private static String walk(String absolute) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, absolute);
        StringBuilder resolved = new StringBuilder();
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                int slash = resolved.lastIndexOf("/");
                resolved.setLength(Math.max(slash, 0));
                continue;
            }
            int before = resolved.length();
            resolved.append('/').append(name);
            Path here = Path.of(resolved.toString());
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links: " + absolute);
                }
                String target = Files.readSymbolicLink(here).toString();
                resolved.setLength(target.startsWith("/") ? 0 : before);
                push(pending, target);
            } else if (!Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
                // nothing below a missing name can be a link: the rest only needs '.' and '..' folded
                while (!pending.isEmpty()) {
                    String rest = pending.pollFirst();
                    if (rest.equals("..")) {
                        resolved.setLength(Math.max(resolved.lastIndexOf("/"), 0));
                    } else if (!rest.isEmpty() && !rest.equals(".")) {
                        resolved.append('/').append(rest);
                    }
                }
            }
        }
        return resolved.length() == 0 ? "/" : resolved.toString();
    }

    /** Puts the names of {@code path} in front of what is still to be resolved, in order. */
    private static void push(Deque<String> pending, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            pending.addFirst(names[i]);
        }
    }
}
