package dev.warden.policy;

/** A kind of SQL statement a database rule can allow; {@link #ANY} allows all of them. */
public enum DatabaseOperation {
    SELECT, INSERT, UPDATE, DELETE, DDL, CALL, ANY
}
