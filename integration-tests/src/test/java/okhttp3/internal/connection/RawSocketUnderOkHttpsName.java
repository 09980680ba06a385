package okhttp3.internal.connection;

import java.net.Socket;

/**
 * App code that names itself like OkHttp's connection code (a class anyone may define in that
 * package, in the app's own jar): the raw socket it opens must not count as OkHttp's.
 */
public final class RawSocketUnderOkHttpsName {

    private RawSocketUnderOkHttpsName() {
    }

    /** Connects a plain socket and hands it to {@code request}, which writes and reads by hand. */
    public static String[] connect(String host, int port, SocketRequest request) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            return request.on(socket);
        }
    }

    @FunctionalInterface
    public interface SocketRequest {
        String[] on(Socket socket) throws Exception;
    }
}
