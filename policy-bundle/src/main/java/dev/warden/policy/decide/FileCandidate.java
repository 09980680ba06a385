package dev.warden.policy.decide;

import java.util.EnumMap;
import java.util.Map;

import dev.warden.policy.FileAccess;
import dev.warden.policy.FileRule;
import dev.warden.policy.Glob;

/** One compiled {@code files} rule: its expanded glob and a pre-built allow verdict. */
final class FileCandidate {

    /** Position in the policy: the lowest allowing one decides. */
    final int order;
    final FileRule rule;
    final Glob glob;
    private final Map<FileAccess, Verdict> allowVerdicts = new EnumMap<>(FileAccess.class);

    FileCandidate(int order, FileRule rule, Glob glob) {
        this.order = order;
        this.rule = rule;
        this.glob = glob;
        for (FileAccess access : rule.allow()) {
            allowVerdicts.put(access, Verdict.allowedBy(rule.id(), rule.path()));
        }
        if (!allowVerdicts.isEmpty()) {
            // whoever may open, change or list a file may ask whether it is there
            allowVerdicts.putIfAbsent(FileAccess.STAT, Verdict.allowedBy(rule.id(), rule.path()));
        }
    }

    /** The allow verdict for {@code access}, or null when this rule does not allow it. */
    Verdict allowing(FileAccess access) {
        return allowVerdicts.get(access);
    }
}
