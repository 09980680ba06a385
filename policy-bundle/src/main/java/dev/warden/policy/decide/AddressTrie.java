package dev.warden.policy.decide;

/**
 * IP address blocks as a binary trie on address bits, most significant first. Addresses are 128-bit
 * (high, low) values; IPv4 uses a separate trie with the address in the top 32 bits of {@code high}.
 * A lookup walks at most one node per bit and checks the candidates of every block on the way.
 */
final class AddressTrie {

    private static final class Node {
        Node zero;
        Node one;
        Candidate[] candidates = Candidate.NONE;
    }

    private final int addressBits;
    private final Node root = new Node();

    /** @param addressBits 32 for IPv4, 128 for IPv6 */
    AddressTrie(int addressBits) {
        this.addressBits = addressBits;
    }

    void add(long high, long low, int prefixLength, Candidate candidate) {
        Node node = root;
        for (int bit = 0; bit < prefixLength; bit++) {
            if (bitAt(high, low, bit) == 0) {
                node = node.zero != null ? node.zero : (node.zero = new Node());
            } else {
                node = node.one != null ? node.one : (node.one = new Node());
            }
        }
        node.candidates = Candidate.append(node.candidates, candidate);
    }

    Candidate firstAllowing(long high, long low, Candidate best, MatchLevel level, int port, String method,
            String path) {
        Node node = root;
        for (int bit = 0; node != null; bit++) {
            best = Candidate.firstAllowing(node.candidates, best, level, port, method, path);
            if (bit == addressBits) {
                break;
            }
            node = bitAt(high, low, bit) == 0 ? node.zero : node.one;
        }
        return best;
    }

    private static long bitAt(long high, long low, int bit) {
        return bit < 64 ? (high >>> (63 - bit)) & 1 : (low >>> (127 - bit)) & 1;
    }

    /** The (high, low) key of an IPv4 address in an IPv4 trie. */
    static long ipv4Key(long ipv4) {
        return ipv4 << 32;
    }
}
