package dev.warden.policy.decide;

/**
 * Host names keyed by reversed labels: {@code api.openai.com} is filed under com → openai → api.
 * A node holds the rules for exactly its name and the rules for {@code *.} its name. A lookup reads
 * the host's labels from the right, one hash probe per label, ASCII case-insensitively and without
 * copying the host, so it neither allocates nor depends on the number of rules.
 */
final class HostTrie {

    private static final class Node {
        private String[] labels = new String[2];
        private Node[] children = new Node[2];
        private int size;
        Candidate[] exact = Candidate.NONE;
        Candidate[] suffix = Candidate.NONE;

        Node child(CharSequence host, int from, int to) {
            int mask = labels.length - 1;
            for (int slot = hash(host, from, to) & mask; labels[slot] != null; slot = (slot + 1) & mask) {
                if (equalsIgnoreAsciiCase(labels[slot], host, from, to)) {
                    return children[slot];
                }
            }
            return null;
        }

        /** @param label lower case */
        Node childOrNew(String label) {
            Node existing = child(label, 0, label.length());
            if (existing != null) {
                return existing;
            }
            if (2 * (size + 1) > labels.length) {
                grow();
            }
            Node created = new Node();
            put(label, created);
            return created;
        }

        private void put(String label, Node child) {
            int mask = labels.length - 1;
            int slot = hash(label, 0, label.length()) & mask;
            while (labels[slot] != null) {
                slot = (slot + 1) & mask;
            }
            labels[slot] = label;
            children[slot] = child;
            size++;
        }

        private void grow() {
            String[] oldLabels = labels;
            Node[] oldChildren = children;
            labels = new String[oldLabels.length * 2];
            children = new Node[oldLabels.length * 2];
            size = 0;
            for (int i = 0; i < oldLabels.length; i++) {
                if (oldLabels[i] != null) {
                    put(oldLabels[i], oldChildren[i]);
                }
            }
        }
    }

    private final Node root = new Node();

    /** @param name lower case, no trailing dot */
    void addExact(String name, Candidate candidate) {
        Node node = nodeFor(name);
        node.exact = Candidate.append(node.exact, candidate);
    }

    /** @param suffix the part after {@code *.}: lower case, no trailing dot */
    void addSuffix(String suffix, Candidate candidate) {
        Node node = nodeFor(suffix);
        node.suffix = Candidate.append(node.suffix, candidate);
    }

    private Node nodeFor(String name) {
        Node node = root;
        int end = name.length();
        while (end > 0) {
            int dot = name.lastIndexOf('.', end - 1);
            node = node.childOrNew(name.substring(dot + 1, end));
            end = dot < 0 ? 0 : dot;
        }
        return node;
    }

    /**
     * Improves {@code best} with the rules for {@code host[from, to)}: its own name, and every
     * {@code *.suffix} it has at least one more label than.
     */
    Candidate firstAllowing(CharSequence host, int from, int to, Candidate best, MatchLevel level, int port,
            String method, String path) {
        Node node = root;
        int end = to;
        while (true) {
            int dot = lastDot(host, from, end);
            int labelStart = dot + 1;
            if (labelStart == end) {
                return best; // an empty label matches nothing
            }
            node = node.child(host, labelStart, end);
            if (node == null) {
                return best;
            }
            if (dot < from) {
                return Candidate.firstAllowing(node.exact, best, level, port, method, path);
            }
            if (dot > from) {
                best = Candidate.firstAllowing(node.suffix, best, level, port, method, path);
            }
            end = dot;
        }
    }

    /** Index of the last '.' in [from, to), or from - 1. */
    private static int lastDot(CharSequence host, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (host.charAt(i) == '.') {
                return i;
            }
        }
        return from - 1;
    }

    private static int hash(CharSequence text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + toLowerAscii(text.charAt(i));
        }
        return hash ^ (hash >>> 16);
    }

    private static boolean equalsIgnoreAsciiCase(String lowerCase, CharSequence text, int from, int to) {
        if (lowerCase.length() != to - from) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            if (lowerCase.charAt(i) != toLowerAscii(text.charAt(from + i))) {
                return false;
            }
        }
        return true;
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
