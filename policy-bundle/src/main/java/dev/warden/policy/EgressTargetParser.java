package dev.warden.policy;

import java.util.Locale;

import dev.warden.policy.HostPattern.AnyHost;
import dev.warden.policy.HostPattern.ExactName;
import dev.warden.policy.HostPattern.IpPrefix;
import dev.warden.policy.HostPattern.NameSuffix;

/**
 * Parses an egress {@code to}: {@code host | *.suffix | * | IPv4 | IPv6 | CIDR}, then optionally
 * {@code :port} or {@code :low-high}. An IPv6 address or block with a port is written in brackets
 * ({@code [::1]:8080}); without a port the brackets are optional.
 */
final class EgressTargetParser {

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private EgressTargetParser() {
    }

    /** @throws IllegalArgumentException with the reason the text is not a valid target */
    static EgressTarget parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty target");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) || Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException("contains whitespace");
            }
        }
        if (text.charAt(0) == '[') {
            return parseBracketed(text);
        }
        int colons = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ':') {
                colons++;
            }
        }
        if (colons > 1) {
            return new EgressTarget(parseIpv6Host(text, true), PortRange.ANY);
        }
        if (colons == 1) {
            int colon = text.indexOf(':');
            return new EgressTarget(parseHost(text.substring(0, colon)), parsePorts(text.substring(colon + 1)));
        }
        return new EgressTarget(parseHost(text), PortRange.ANY);
    }

    private static EgressTarget parseBracketed(String text) {
        int close = text.indexOf(']');
        if (close < 0) {
            throw new IllegalArgumentException("missing ']'");
        }
        HostPattern host = parseIpv6Host(text.substring(1, close), false);
        String rest = text.substring(close + 1);
        if (rest.isEmpty()) {
            return new EgressTarget(host, PortRange.ANY);
        }
        if (rest.charAt(0) != ':') {
            throw new IllegalArgumentException("expected ':port' after ']'");
        }
        return new EgressTarget(host, parsePorts(rest.substring(1)));
    }

    private static HostPattern parseHost(String host) {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("missing host before ':'");
        }
        if (host.equals("*")) {
            return new AnyHost();
        }
        if (host.startsWith("*.")) {
            return new NameSuffix(parseName(host.substring(2)));
        }
        if (host.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'*' is allowed only as the whole host or as a leading '*.'");
        }
        if (host.indexOf('/') >= 0) {
            return parseCidr(host, false);
        }
        long ipv4 = IpLiterals.parseIpv4(host, 0, host.length());
        if (ipv4 >= 0) {
            return new IpPrefix(false, 0, ipv4, 32);
        }
        return new ExactName(parseName(host));
    }

    /** An IPv6 address or block; {@code portHint} when brackets were left out, so ':port' may be a mistake. */
    private static HostPattern parseIpv6Host(String text, boolean portHint) {
        try {
            if (text.indexOf('%') >= 0) {
                throw new IllegalArgumentException("zone ids ('%') are not supported");
            }
            return text.indexOf('/') >= 0 ? parseCidr(text, true) : parseIpv6Address(text, 128);
        } catch (IllegalArgumentException e) {
            if (portHint && looksLikeIpv6WithPort(text)) {
                throw new IllegalArgumentException(e.getMessage()
                        + "; an IPv6 address with a port is written in brackets, like [::1]:8080");
            }
            throw e;
        }
    }

    /** {@code fd00::/8:443}: an IPv6 address or block, then what reads as a port. */
    private static boolean looksLikeIpv6WithPort(String text) {
        int colon = text.lastIndexOf(':');
        String address = text.substring(0, colon);
        int slash = address.indexOf('/');
        String withoutPrefix = slash < 0 ? address : address.substring(0, slash);
        return text.substring(colon + 1).matches("[0-9]+(-[0-9]+)?")
                && IpLiterals.parseIpv6(withoutPrefix, 0, withoutPrefix.length(), new long[2]);
    }

    private static HostPattern parseCidr(String text, boolean ipv6Expected) {
        int slash = text.indexOf('/');
        String address = text.substring(0, slash);
        String prefixText = text.substring(slash + 1);
        boolean ipv6 = address.indexOf(':') >= 0;
        if (ipv6Expected && !ipv6) {
            throw new IllegalArgumentException("brackets are only for IPv6");
        }
        int maxPrefix = ipv6 ? 128 : 32;
        if (!prefixText.matches("[0-9]{1,3}") || Integer.parseInt(prefixText) > maxPrefix) {
            throw new IllegalArgumentException("CIDR prefix must be a number from 0 to " + maxPrefix
                    + ", found '" + prefixText + "'");
        }
        int prefixLength = Integer.parseInt(prefixText);
        if (ipv6) {
            return parseIpv6Address(address, prefixLength);
        }
        long ipv4 = IpLiterals.parseIpv4(address, 0, address.length());
        if (ipv4 < 0) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
        }
        long hostBits = prefixLength == 0 ? 0xffffffffL : (1L << (32 - prefixLength)) - 1;
        if ((ipv4 & hostBits) != 0) {
            throw new IllegalArgumentException("address has bits set beyond the /" + prefixLength
                    + " prefix; did you mean " + IpLiterals.formatIpv4(ipv4 & ~hostBits) + "/" + prefixLength + "?");
        }
        return new IpPrefix(false, 0, ipv4, prefixLength);
    }

    private static HostPattern parseIpv6Address(String address, int prefixLength) {
        long[] value = new long[2];
        if (!IpLiterals.parseIpv6(address, 0, address.length(), value)) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
        }
        long high = value[0];
        long low = value[1];
        int hostBitCount = 128 - prefixLength;
        long networkHigh = IpLiterals.shiftLeftHigh(~0L, ~0L, hostBitCount);
        long networkLow = IpLiterals.shiftLeftLow(~0L, hostBitCount);
        if ((high & ~networkHigh) != 0 || (low & ~networkLow) != 0) {
            throw new IllegalArgumentException("address has bits set beyond the /" + prefixLength
                    + " prefix; did you mean " + IpLiterals.formatIpv6(high & networkHigh, low & networkLow)
                    + "/" + prefixLength + "?");
        }
        boolean mappedBlock = high == 0 && (low >>> 32) == 0xffffL && prefixLength >= 96;
        boolean compatibleAddress = prefixLength == 128 && IpLiterals.embedsIpv4(high, low);
        if (mappedBlock || compatibleAddress) {
            // Addresses are matched as IPv4 once normalised, so the rule must be IPv4 too.
            return new IpPrefix(false, 0, low & 0xffffffffL, prefixLength - 96);
        }
        return new IpPrefix(true, high, low, prefixLength);
    }

    /** A host name: lower case, trailing dot removed, labels of ASCII letters, digits, '-' and '_'. */
    private static String parseName(String text) {
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("host name longer than " + MAX_NAME_LENGTH + " characters");
        }
        boolean allNumeric = true;
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("host name labels must have 1 to " + MAX_LABEL_LENGTH
                        + " characters");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new IllegalArgumentException("host name label '" + label + "' starts or ends with '-'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean digit = c >= '0' && c <= '9';
                if (!(digit || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                    throw new IllegalArgumentException("invalid character '" + c + "' in host name"
                            + (c > 127 ? " (write international names in their xn-- form)" : ""));
                }
                allNumeric &= digit;
            }
        }
        if (allNumeric) {
            throw new IllegalArgumentException("'" + text + "' is neither a host name nor an IPv4 address");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static PortRange parsePorts(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("missing port after ':'");
        }
        int dash = text.indexOf('-');
        int low = parsePort(dash < 0 ? text : text.substring(0, dash));
        int high = dash < 0 ? low : parsePort(text.substring(dash + 1));
        if (low > high) {
            throw new IllegalArgumentException("port range " + text + " is backwards (low > high)");
        }
        return new PortRange(low, high);
    }

    private static int parsePort(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("port must be a number from 1 to 65535, found '" + text + "'");
        }
        return Integer.parseInt(text);
    }
}
