package dev.warden.policy.decide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.warden.policy.FileAccess;
import dev.warden.policy.FileRule;
import dev.warden.policy.Glob;

/**
 * The {@code files} rules, compiled into a trie of the literal leading segments of their paths.
 * A rule is filed under its longest literal prefix ({@code /srv/agent/data/**} under
 * {@code srv → agent → data}); a request walks the trie along its own segments and tests only the
 * rules filed on that walk, so the cost follows the depth of the path, not the number of rules.
 *
 * <p>Rules add up: a request is allowed when any matching rule allows its kind of access; the
 * first such rule in policy order decides. Paths are matched as given: the caller canonicalises.
 */
public final class FileMatcher {

    private static final FileCandidate[] NONE = new FileCandidate[0];

    private final Node root;
    private final boolean hasZones;

    private FileMatcher(Node root, boolean hasZones) {
        this.root = root;
        this.hasZones = hasZones;
    }

    public static FileMatcher compile(List<FileRule> rules, PathVariables variables) {
        Node root = new Node();
        for (int order = 0; order < rules.size(); order++) {
            FileRule rule = rules.get(order);
            String expanded = variables.expand(rule.path());
            if (expanded == null) {
                continue; // a variable without a value: this rule cannot match any path
            }
            Glob glob = Glob.compile(expanded, '/');
            Node node = root;
            String[] segments = expanded.split("/", -1);
            // the last segment stays in the glob even when literal: '/a/b' must not be filed under b's children only
            for (int i = 1; i < segments.length - 1 && isLiteral(segments[i]); i++) {
                Node child = node.children.get(segments[i]);
                if (child == null) {
                    child = new Node();
                    node.children.put(segments[i], child);
                }
                node = child;
            }
            node.pending.add(new FileCandidate(order, rule, glob));
        }
        root.freeze();
        boolean hasZones = false;
        for (FileRule rule : rules) {
            hasZones |= rule.encrypt();
        }
        return new FileMatcher(root, hasZones);
    }

    private static boolean isLiteral(String segment) {
        return !segment.isEmpty() && segment.indexOf('*') < 0;
    }

    /**
     * The verdict for {@code access} to the canonical absolute {@code path}. A probe ({@code stat}) is
     * also allowed by {@code list} of the parent directory, whose listing already shows the name.
     */
    Verdict decide(String path, FileAccess access) {
        Verdict verdict = decideOne(path, access);
        if (access != FileAccess.STAT || verdict.allowed()) {
            return verdict;
        }
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.length() == 1) {
            return verdict;
        }
        Verdict parentListing = decideOne(slash == 0 ? "/" : path.substring(0, slash), FileAccess.LIST);
        return parentListing.allowed() ? parentListing : verdict;
    }

    private Verdict decideOne(String path, FileAccess access) {
        FileCandidate partial = null;
        FileCandidate allowing = null;
        Node node = root;
        int start = 1;
        while (node != null) {
            for (FileCandidate candidate : node.candidates) {
                if ((allowing == null || candidate.order < allowing.order) && candidate.glob.matches(path)) {
                    if (candidate.allowing(access) != null) {
                        allowing = candidate;
                    } else if (partial == null || candidate.order < partial.order) {
                        partial = candidate;
                    }
                }
            }
            if (start > path.length()) {
                break;
            }
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            node = node.child(path, start, end);
            start = end + 1;
        }
        if (allowing != null) {
            return allowing.allowing(access);
        }
        String mode = access.name().toLowerCase(Locale.ROOT);
        if (partial != null) {
            return Verdict.denied(partial.rule.id(), partial.rule.path(), partial.rule.id() + " ("
                    + partial.rule.path() + ") does not allow " + mode);
        }
        return Verdict.denied(null, null, "no files rule allows " + mode + " of " + path);
    }

    /**
     * The first {@code encrypt: true} rule (in policy order) whose path matches {@code path}, or null: the
     * encryption zone the file lies in, whichever rule allows the access itself.
     */
    boolean hasZones() {
        return hasZones;
    }

    FileRule encryptionZone(String path) {
        if (!hasZones) {
            return null;
        }
        FileCandidate zone = null;
        Node node = root;
        int start = 1;
        while (node != null) {
            for (FileCandidate candidate : node.candidates) {
                if (candidate.rule.encrypt() && (zone == null || candidate.order < zone.order) && candidate.glob.matches(path)) {
                    zone = candidate;
                }
            }
            if (start > path.length()) {
                break;
            }
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            node = node.child(path, start, end);
            start = end + 1;
        }
        return zone == null ? null : zone.rule;
    }

    private static final class Node {
        /** Up to this many children are looked up by comparing names in place, with no substring made. */
        private static final int SCANNED_CHILDREN = 8;
        private static final String[] NO_NAMES = new String[0];
        private static final Node[] NO_NODES = new Node[0];
        /** A class, not a lambda: each lambda spins a class when the policy is compiled at start. */
        private static final Comparator<FileCandidate> BY_ORDER = new Comparator<>() {
            @Override
            public int compare(FileCandidate first, FileCandidate second) {
                return Integer.compare(first.order, second.order);
            }
        };

        final Map<String, Node> children = new HashMap<>();
        final List<FileCandidate> pending = new ArrayList<>();
        FileCandidate[] candidates = NONE;
        private String[] childNames = NO_NAMES;
        private Node[] childNodes = NO_NODES;

        void freeze() {
            pending.sort(BY_ORDER);
            candidates = pending.toArray(NONE);
            pending.clear();
            if (children.size() <= SCANNED_CHILDREN) {
                childNames = children.keySet().toArray(NO_NAMES);
                childNodes = new Node[childNames.length];
                for (int i = 0; i < childNames.length; i++) {
                    childNodes[i] = children.get(childNames[i]);
                }
            }
            for (Node child : children.values()) {
                child.freeze();
            }
        }

        /** The child named by {@code path[start, end)}. */
        Node child(String path, int start, int end) {
            if (children.isEmpty()) {
                return null;
            }
            if (children.size() > SCANNED_CHILDREN) {
                return children.get(path.substring(start, end));
            }
            int length = end - start;
            for (int i = 0; i < childNames.length; i++) {
                String name = childNames[i];
                if (name.length() == length && path.regionMatches(start, name, 0, length)) {
                    return childNodes[i];
                }
            }
            return null;
        }
    }
}
