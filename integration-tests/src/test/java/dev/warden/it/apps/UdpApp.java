package dev.warden.it.apps;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * One UDP send of {@code hello-udp}. Args: {@code KIND HOST PORT} with KIND one of {@code datagram-connect}
 * (DatagramSocket.connect then send), {@code datagram-send} (unconnected DatagramSocket.send to the address),
 * {@code channel-connect} (DatagramChannel.connect then write), {@code channel-send} (unconnected
 * DatagramChannel.send). Prints {@code RESULT ok sent=<bytes>}.
 */
public final class UdpApp {
    public static final String PAYLOAD = "hello-udp";

    public static void main(String[] args) {
        String kind = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        byte[] data = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        Report.run(() -> {
            InetSocketAddress target = new InetSocketAddress(host, port);
            int sent;
            switch (kind) {
                case "datagram-connect" -> {
                    try (DatagramSocket s = new DatagramSocket()) {
                        s.connect(target);
                        s.send(new DatagramPacket(data, data.length));
                        sent = data.length;
                    }
                }
                case "datagram-send" -> {
                    try (DatagramSocket s = new DatagramSocket()) {
                        s.send(new DatagramPacket(data, data.length, target));
                        sent = data.length;
                    }
                }
                case "channel-connect" -> {
                    try (DatagramChannel ch = DatagramChannel.open()) {
                        ch.connect(target);
                        sent = ch.write(ByteBuffer.wrap(data));
                    }
                }
                case "channel-send" -> {
                    try (DatagramChannel ch = DatagramChannel.open()) {
                        sent = ch.send(ByteBuffer.wrap(data), target);
                    }
                }
                default -> throw new IllegalArgumentException("kind " + kind);
            }
            return new String[] {"sent", String.valueOf(sent)};
        });
    }
}
