package dev.warden.policy;

/**
 * Parses and formats IP address literals without any name service and without allocating.
 *
 * <p>IPv4 addresses are carried as a {@code long} holding the 32-bit value (or {@code -1} when the
 * text is not an address); IPv6 addresses as two {@code long}s, the high and low 64 bits. Only the
 * dotted-quad IPv4 form is accepted (each part 1 to 3 decimal digits, at most 255); the legacy
 * one-, two- and three-part, octal and hexadecimal spellings are treated as not-an-address.
 */
public final class IpLiterals {

    private IpLiterals() {
    }

    /** The 32-bit value of the dotted-quad IPv4 text in {@code [from, to)}, or {@code -1}. */
    public static long parseIpv4(CharSequence text, int from, int to) {
        long address = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int value = 0;
            int digits = 0;
            while (i < to && digits < 4) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || value > 255) {
                return -1;
            }
            address = (address << 8) | value;
            parts++;
            if (parts < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? address : -1;
    }

    /**
     * Parses the IPv6 text in {@code [from, to)} (no brackets, no zone id) into {@code out[0]} (high
     * 64 bits) and {@code out[1]} (low 64 bits). Accepts {@code ::} compression and a trailing
     * dotted-quad IPv4 part.
     *
     * @return whether the text is a valid IPv6 address; {@code out} is unspecified when not
     */
    public static boolean parseIpv6(CharSequence text, int from, int to, long[] out) {
        if (to - from < 2) {
            return false;
        }
        long headHigh = 0;
        long headLow = 0;
        int headGroups = 0;
        long tailHigh = 0;
        long tailLow = 0;
        int tailGroups = 0;
        boolean compressed = false;
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return false;
            }
            compressed = true;
            i += 2;
        }
        while (i < to) {
            int groupStart = i;
            int value = 0;
            int digits = 0;
            while (i < to && digits <= 4) {
                int hex = hexValue(text.charAt(i));
                if (hex < 0) {
                    break;
                }
                value = (value << 4) | hex;
                digits++;
                i++;
            }
            long groupsValue;
            int groupCount;
            if (i < to && text.charAt(i) == '.') {
                long ipv4 = parseIpv4(text, groupStart, to);
                if (ipv4 < 0) {
                    return false;
                }
                groupsValue = ipv4;
                groupCount = 2;
                i = to;
            } else {
                if (digits == 0 || digits > 4) {
                    return false;
                }
                groupsValue = value;
                groupCount = 1;
            }
            int shift = 16 * groupCount;
            if (compressed) {
                tailHigh = (tailHigh << shift) | (tailLow >>> (64 - shift));
                tailLow = (tailLow << shift) | groupsValue;
                tailGroups += groupCount;
            } else {
                headHigh = (headHigh << shift) | (headLow >>> (64 - shift));
                headLow = (headLow << shift) | groupsValue;
                headGroups += groupCount;
            }
            if (headGroups + tailGroups > 8) {
                return false;
            }
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
            } else if (i == to) {
                return false; // a single trailing ':'
            }
        }
        int groups = headGroups + tailGroups;
        if (compressed ? groups > 7 : groups != 8) {
            return false;
        }
        int headShift = 16 * (8 - headGroups);
        out[0] = shiftLeftHigh(headHigh, headLow, headShift) | tailHigh;
        out[1] = shiftLeftLow(headLow, headShift) | tailLow;
        return true;
    }

    /**
     * Whether an IPv6 address carries an IPv4 address that should be matched as IPv4: IPv4-mapped
     * ({@code ::ffff:a.b.c.d}) or IPv4-compatible ({@code ::a.b.c.d}, except {@code ::} and
     * {@code ::1}, which are the IPv6 unspecified and loopback addresses).
     */
    public static boolean embedsIpv4(long high, long low) {
        if (high != 0) {
            return false;
        }
        long upper = low >>> 32;
        return upper == 0xffffL || (upper == 0 && low > 1);
    }

    /** The IPv4 value of a 4-byte address, or of a 16-byte address that {@link #embedsIpv4 embeds} one; else -1. */
    public static long ipv4Of(byte[] address) {
        if (address.length == 4) {
            return readInt(address, 0);
        }
        if (address.length == 16) {
            long high = readLong(address, 0);
            long low = readLong(address, 8);
            return embedsIpv4(high, low) ? low & 0xffffffffL : -1;
        }
        return -1;
    }

    /** The 64-bit big-endian value of {@code bytes[offset, offset + 8)}. */
    public static long readLong(byte[] bytes, int offset) {
        return (readInt(bytes, offset) << 32) | readInt(bytes, offset + 4);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static long readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xffL) << 24) | ((bytes[offset + 1] & 0xffL) << 16)
                | ((bytes[offset + 2] & 0xffL) << 8) | (bytes[offset + 3] & 0xffL);
    }

    /** Dotted-quad text of a 32-bit IPv4 value. */
    public static String formatIpv4(long address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "."
                + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** RFC 5952 text of an IPv6 address: lower-case hex, the longest run of two or more zero groups as {@code ::}. */
    public static String formatIpv6(long high, long low) {
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            long half = g < 4 ? high : low;
            groups[g] = (int) ((half >>> (16 * (3 - g % 4))) & 0xffff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            int end = g;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - g > bestLength) {
                bestStart = g;
                bestLength = end - g;
            }
            g = Math.max(end, g + 1);
        }
        StringBuilder text = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        return text.toString();
    }

    /** High 64 bits of the 128-bit value (high, low) shifted left by {@code bits} (0 to 128). */
    static long shiftLeftHigh(long high, long low, int bits) {
        if (bits == 0) {
            return high;
        }
        if (bits >= 128) {
            return 0;
        }
        return bits >= 64 ? low << (bits - 64) : (high << bits) | (low >>> (64 - bits));
    }

    /** Low 64 bits of the 128-bit value (high, low) shifted left by {@code bits} (0 to 128). */
    static long shiftLeftLow(long low, int bits) {
        return bits >= 64 ? 0 : low << bits;
    }
}
