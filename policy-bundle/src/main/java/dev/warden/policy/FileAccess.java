package dev.warden.policy;

/** A kind of file access a file rule can allow. */
public enum FileAccess {
    READ, WRITE, CREATE, DELETE, LIST
}
