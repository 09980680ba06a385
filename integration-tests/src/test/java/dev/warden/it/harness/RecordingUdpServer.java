package dev.warden.it.harness;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Loopback UDP server recording every datagram it receives. */
public final class RecordingUdpServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> datagrams = new CopyOnWriteArrayList<>();

    private RecordingUdpServer(String bindAddress) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindAddress), 0));
        Thread t = new Thread(this::receiveLoop, "recording-udp-server");
        t.setDaemon(true);
        t.start();
    }

    public static RecordingUdpServer start() throws IOException {
        return new RecordingUdpServer("127.0.0.1");
    }

    public static RecordingUdpServer start(String bindAddress) throws IOException {
        return new RecordingUdpServer(bindAddress);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public int datagramCount() {
        return datagrams.size();
    }

    public List<String> datagrams() {
        return List.copyOf(datagrams);
    }

    public void awaitDatagrams(int n, Duration wait) {
        Awaits.awaitAtLeast("datagrams received on port " + port(), datagrams::size, n, wait);
    }

    public void assertNoDatagram(Duration wait) {
        Awaits.assertStaysZero("datagrams received on port " + port(), datagrams::size, wait, datagrams::toString);
    }

    private void receiveLoop() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                datagrams.add(new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8));
            } catch (SocketException closed) {
                return;
            } catch (IOException ignored) {
                // keep receiving
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
