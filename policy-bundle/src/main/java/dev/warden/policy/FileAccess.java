package dev.warden.policy;

/** A kind of file access a file rule can allow. */
public enum FileAccess {
    READ, WRITE, CREATE, DELETE, LIST,
    /**
     * Probe a file: whether it exists, its size, times, type and attributes, where a link points, its
     * real path. Implied by every other access a rule grants on the path, and by {@code list} of its
     * parent directory (a listing already shows the name); {@code stat} alone grants only probes.
     */
    STAT
}
