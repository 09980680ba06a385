package dev.warden.policy;

/** The host part of an egress target. */
public sealed interface HostPattern {

    /** {@code *}: every host name and every address. */
    record AnyHost() implements HostPattern {
        @Override
        public String toString() {
            return "*";
        }
    }

    /** One host name, lower case, without a trailing dot. */
    record ExactName(String name) implements HostPattern {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code *.suffix}: names with one or more labels before {@code .suffix}; not {@code suffix} itself. */
    record NameSuffix(String suffix) implements HostPattern {
        @Override
        public String toString() {
            return "*." + suffix;
        }
    }

    /**
     * An IP address or CIDR block; a single address has the full prefix length (32 or 128). For IPv4
     * the address is in the low 32 bits of {@code low} and {@code high} is 0. Host bits beyond the
     * prefix are always zero. IPv4-mapped and IPv4-compatible IPv6 forms are stored as IPv4.
     */
    record IpPrefix(boolean ipv6, long high, long low, int prefixLength) implements HostPattern {

        public int addressBits() {
            return ipv6 ? 128 : 32;
        }

        @Override
        public String toString() {
            String address = ipv6 ? IpLiterals.formatIpv6(high, low) : IpLiterals.formatIpv4(low);
            return prefixLength == addressBits() ? address : address + "/" + prefixLength;
        }
    }
}
