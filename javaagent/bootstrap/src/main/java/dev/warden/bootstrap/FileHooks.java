package dev.warden.bootstrap;

/**
 * What the agent does when a file is opened, created, deleted, renamed, listed or linked. Implemented
 * by the agent core and reached only through {@link FileBridge}, which adds the re-entrancy guard
 * and the failure mode.
 */
public interface FileHooks {

    /**
     * Decides the accesses {@code modes} (a combination of {@link FileBridge#READ} and the other
     * mode bits) to {@code path} as the app wrote it (relative or absolute, not yet canonical).
     *
     * @return null when the call may go ahead (allowed, or only recorded in audit mode), else the
     *     denial message, starting with {@code warden: denied}
     */
    String decide(String path, int modes);

    /**
     * A read-only open decided with {@link FileBridge#VERIFY_OPEN} has opened {@code opened} (the
     * {@code FileInputStream}, {@code RandomAccessFile} or channel) for {@code path}: whether the file
     * it holds is the one decided, or else may be read.
     *
     * @return null when the read may go ahead, else the denial message (the bridge closes {@code opened})
     */
    String verifyOpened(String path, Object opened);

    /**
     * Decides a change of the attributes (times, permissions, owner, DOS flags, extended attributes)
     * of the file an NIO attribute view stands for: a write of that file.
     *
     * @return null when the change may go ahead, else the denial message
     */
    String decideAttributeChange(Object view);

    /**
     * Decides a read of the attributes of the file an NIO attribute view stands for: a probe
     * ({@link FileBridge#STAT}) of that file.
     *
     * @return null when the read may go ahead, else the denial message
     */
    String decideAttributeRead(Object view);
}
