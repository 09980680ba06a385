package dev.warden.instrumentation.jdk.net;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.List;

/**
 * Bytes written to {@code SocketChannel}s and {@code Socket}s ({@code TrafficBridge}), for bytes-out budgets
 * and the bytes-sent metric: the JDK HttpClient and every NIO client write through the channel, every
 * {@code Socket} stream (HttpURLConnection, OkHttp, JDBC drivers) through {@code NioSocketImpl}. A
 * catalogue rather than advice: JDK 25 loads the channel before {@code premain}, and a socket's first
 * write then needs no general weaver. Nothing is done per write unless bytes are counted; a spent
 * budget refuses the next write.
 */
public final class TrafficEntryPoints implements EntryPointCatalogue {

    private static final String TRAFFIC = "dev.warden.bootstrap.TrafficBridge";
    private static final String CHANNEL = "sun.nio.ch.SocketChannelImpl";
    /** Every {@code Socket}'s output stream (TLS included, below the encryption) ends in its private write. */
    private static final String SOCKET_IMPL = "sun.nio.ch.NioSocketImpl";
    private static final String SEND = "bytes sent to the channel's peer";
    private static final String OVER_BUDGET = "throws SocketException (bytes-out budget spent)";

    @Override
    public List<EntryPoint> entryPoints() {
        return List.of(
                at(CHANNEL, "write(java.nio.ByteBuffer)").self().access(SEND, OVER_BUDGET).before(TRAFFIC, "beforeChannelWrite"),
                at(CHANNEL, "write(java.nio.ByteBuffer)").self().access(SEND, "counted").afterResult(TRAFFIC, "channelWrote"),
                at(CHANNEL, "write(java.nio.ByteBuffer[], int, int)").self().access(SEND, OVER_BUDGET)
                        .before(TRAFFIC, "beforeChannelWrite"),
                at(CHANNEL, "write(java.nio.ByteBuffer[], int, int)").self().access(SEND, "counted")
                        .afterResult(TRAFFIC, "channelWrote"),
                at(SOCKET_IMPL, "write(byte[], int, int)").self().access(SEND, OVER_BUDGET).before(TRAFFIC, "beforeSocketWrite"),
                at(SOCKET_IMPL, "write(byte[], int, int)").self().arguments(2).access(SEND, "counted")
                        .after(TRAFFIC, "socketWrote"));
    }
}
