package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connect to this process's own listening socket, as the kernel's tables tell it. */
class OwnListenersTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @TempDir
    Path proc;

    @Test
    void aRealServerSocketOfThisProcessOnTheWildcardIsReachedAtLoopbackAndAtThisMachinesAddressButNoOtherPortIs() throws Exception {
        OwnListeners own = OwnListeners.ofProcess();
        try (ServerSocket server = new ServerSocket(0)) {
            int port = server.getLocalPort();
            assertThat(own.listening(InetAddress.getLoopbackAddress(), port)).isTrue();
            assertThat(own.listening(InetAddress.getByName("::1"), port)).isTrue();
            assertThat(own.listening(InetAddress.getLoopbackAddress(), port == 65535 ? port - 1 : port + 1)).isFalse();
            // an address that is not this machine's, on the listening port: that connect would leave the machine
            assertThat(own.listening(InetAddress.getByName("198.51.100.7"), port)).isFalse();
        }
    }

    @Test
    void aListenerBoundToOneAddressIsReachedOnlyThereAndAClosedOneNotAtAll() throws Exception {
        OwnListeners own = OwnListeners.ofProcess();
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            port = server.getLocalPort();
            assertThat(own.listening(InetAddress.getByName("127.0.0.1"), port)).isTrue();
            assertThat(own.listening(InetAddress.getByName("127.0.0.2"), port)).isFalse();
        }
        assertThat(own.listening(InetAddress.getByName("127.0.0.1"), port)).isFalse();
    }

    @Test
    void aListenerWhoseSocketThisProcessDoesNotHoldIsAnotherProcesssAndOnlyListenStateCounts() throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.createDirectories(proc.resolve("fd"));
        Files.createSymbolicLink(proc.resolve("fd/3"), Path.of("socket:[1111]"));
        Files.createSymbolicLink(proc.resolve("fd/4"), Path.of("pipe:[2222]"));
        Files.writeString(proc.resolve("net/tcp"), HEADER
                + "   0: " + ipv4("127.0.0.1") + ":1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1\n"
                + "   1: " + ipv4("127.0.0.1") + ":1F91 " + ipv4("127.0.0.1") + ":D431 01 00000000:00000000 00:00000000 00000000     0        0 1111 1\n"
                + "   2: " + ipv4("127.0.0.1") + ":1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1\n");
        OwnListeners own = new OwnListeners(proc);

        assertThat(own.listening(InetAddress.getByName("127.0.0.1"), 0x1F90)).as("another process's listener").isFalse();
        assertThat(own.listening(InetAddress.getByName("127.0.0.1"), 0x1F91)).as("an established socket").isFalse();
        assertThat(own.listening(InetAddress.getByName("127.0.0.1"), 0x1F92)).as("ours, listening").isTrue();
    }

    @Test
    void anIpv6WildcardListenerTakesIpv4ConnectsAndAMissingProcDirectoryMeansNever() throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.createDirectories(proc.resolve("fd"));
        Files.createSymbolicLink(proc.resolve("fd/7"), Path.of("socket:[5555]"));
        Files.writeString(proc.resolve("net/tcp6"), HEADER
                + "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000"
                + " 00:00000000 00000000     0        0 5555 1\n");

        assertThat(new OwnListeners(proc).listening(InetAddress.getByName("127.0.0.1"), 0x1F90)).isTrue();
        assertThat(new OwnListeners(proc.resolve("absent")).listening(InetAddress.getByName("127.0.0.1"), 0x1F90)).isFalse();
    }

    @Test
    void addressesAreDecodedInTheKernelsByteOrder() throws Exception {
        assertThat(OwnListeners.decode(ipv4("10.1.2.3"))).containsExactly(InetAddress.getByName("10.1.2.3").getAddress());
        assertThat(OwnListeners.decode("0100007")).isNull();
    }

    /** An IPv4 address as {@code /proc/net/tcp} prints it: one 32-bit word in this machine's byte order. */
    private static String ipv4(String dotted) throws Exception {
        byte[] b = InetAddress.getByName(dotted).getAddress();
        int value = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24
                : (b[3] & 0xFF) | (b[2] & 0xFF) << 8 | (b[1] & 0xFF) << 16 | (b[0] & 0xFF) << 24;
        return String.format("%08X", value);
    }
}
