package dev.warden.policy;

/** Inclusive port range of an egress target; {@link #ANY} when the target names no port. */
public record PortRange(int low, int high) {

    /** No port given: every port. */
    public static final PortRange ANY = new PortRange(1, 65535);

    /** Compares the bounds itself: a record's generated equals costs a method-handle bootstrap at Warden's start. */
    public boolean isAny() {
        return low == ANY.low && high == ANY.high;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
