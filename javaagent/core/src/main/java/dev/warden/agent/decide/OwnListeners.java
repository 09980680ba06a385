package dev.warden.agent.decide;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a TCP connect goes to a socket this process itself listens on, at an address of this machine:
 * such a connect does not leave the process (Tomcat connects to its own port at shutdown to unblock its
 * acceptor, at the machine's address, which differs between hosts). Told by the kernel, not by what Warden
 * saw: a socket in {@code LISTEN} state on that port in {@code /proc/self/net/tcp} or {@code tcp6}, bound to
 * that address or to the wildcard (then the address must be one of this machine's), whose inode is one of
 * this process's descriptors ({@code /proc/self/fd}). Asked only for a connect the policy denies, so the
 * reads cost nothing on allowed paths. Not on Linux (no such files): never.
 */
public final class OwnListeners {

    private static final String LISTEN = "0A";

    private final Path procSelf;

    public OwnListeners(Path procSelf) {
        this.procSelf = procSelf;
    }

    public static OwnListeners ofProcess() {
        return new OwnListeners(Path.of("/proc/self"));
    }

    /** Is there a listening socket of this process that a TCP connect to {@code address:port} reaches? */
    public boolean listening(InetAddress address, int port) {
        if (port <= 0 || port > 0xFFFF) {
            return false;
        }
        byte[] destination = address.getAddress();
        Set<String> inodes = new HashSet<>();
        boolean wildcardOnly = true;
        for (String table : new String[] {"tcp", "tcp6"}) {
            List<String> lines;
            try {
                lines = Files.readAllLines(procSelf.resolve("net").resolve(table), StandardCharsets.US_ASCII);
            } catch (IOException | SecurityException unreadable) {
                continue;
            }
            for (String line : lines) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 10 || !LISTEN.equals(fields[3])) {
                    continue;
                }
                int colon = fields[1].indexOf(':');
                if (colon < 0 || parsePort(fields[1].substring(colon + 1)) != port) {
                    continue;
                }
                byte[] bound = decode(fields[1].substring(0, colon));
                if (bound == null) {
                    continue;
                }
                if (isWildcard(bound)) {
                    // an IPv6 wildcard listener also takes IPv4 connects (dual stack, as the JDK binds by default)
                    if (bound.length == 4 && destination.length != 4) {
                        continue;
                    }
                    inodes.add(fields[9]);
                } else if (sameAddress(bound, destination)) {
                    inodes.add(fields[9]);
                    wildcardOnly = false;
                }
            }
        }
        if (inodes.isEmpty() || (wildcardOnly && !isOwnAddress(address))) {
            return false;
        }
        return holdsAny(inodes);
    }

    /** An address of this machine: loopback, or one of its interfaces'. */
    private static boolean isOwnAddress(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException unknown) {
            return false;
        }
    }

    /** Is one of these socket inodes open in this process? */
    private boolean holdsAny(Set<String> inodes) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(procSelf.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException | UnsupportedOperationException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")
                        && inodes.contains(target.substring("socket:[".length(), target.length() - 1))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException unreadable) {
            return false;
        }
        return false;
    }

    private static int parsePort(String hex) {
        try {
            return Integer.parseInt(hex, 16);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    /**
     * The address of a {@code /proc/net/tcp} line: 8 or 32 hex digits, each 32-bit word printed in the kernel's
     * byte order (this machine's).
     */
    static byte[] decode(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            return null;
        }
        byte[] address = new byte[hex.length() / 2];
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        try {
            for (int word = 0; word < address.length / 4; word++) {
                long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
                for (int i = 0; i < 4; i++) {
                    int shift = littleEndian ? 8 * i : 8 * (3 - i);
                    address[word * 4 + i] = (byte) (value >>> shift);
                }
            }
        } catch (NumberFormatException malformed) {
            return null;
        }
        return address;
    }

    private static boolean isWildcard(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The same address, an IPv4 one also as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) either way. */
    private static boolean sameAddress(byte[] bound, byte[] destination) {
        return Arrays.equals(ipv4Of(bound), ipv4Of(destination));
    }

    private static byte[] ipv4Of(byte[] address) {
        if (address.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return address;
                }
            }
            if (address[10] == (byte) 0xFF && address[11] == (byte) 0xFF) {
                return Arrays.copyOfRange(address, 12, 16);
            }
        }
        return address;
    }
}
