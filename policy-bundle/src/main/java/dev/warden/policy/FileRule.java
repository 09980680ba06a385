package dev.warden.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One {@code files:} entry.
 *
 * @param id {@code files[N]}
 * @param line the line the rule starts on
 * @param path the path glob as written; {@code ${java.io.tmpdir}}, {@code ${user.home}} and
 *     {@code ${user.dir}} are expanded when the rule is enforced
 * @param allow the allowed kinds of access, iterated in declaration order
 * @param encrypt whether files here are encrypted at rest
 * @param legacyPlaintext what an encryption zone does with a plaintext file in it ({@link LegacyPlaintext#REFUSE}
 *     for a rule that is no zone)
 */
public record FileRule(String id, int line, String path, Set<FileAccess> allow, boolean encrypt,
        LegacyPlaintext legacyPlaintext) {

    public FileRule {
        allow = Collections.unmodifiableSet(allow.isEmpty() ? EnumSet.noneOf(FileAccess.class) : EnumSet.copyOf(allow));
    }

    /** A rule whose zone (if it is one) refuses plaintext files. */
    public FileRule(String id, int line, String path, Set<FileAccess> allow, boolean encrypt) {
        this(id, line, path, allow, encrypt, LegacyPlaintext.REFUSE);
    }
}
