package dev.warden.agent.intercept;

import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.body.ResponseBodyStream;
import dev.warden.agent.record.EgressSpans;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * HttpURLConnection's adapter to the HTTP body seam. Without a streaming mode, the connection itself buffers the
 * body in a {@code PosterOutputStream} and sends it (with its {@code Content-Length}) only when the response is
 * asked for: Warden hands the app a buffer of its own instead, and when the response is asked for, passes what the
 * app wrote through the seam into the connection's buffer, or refuses the request before any of it is written to the
 * socket. The response stream is wrapped so its bytes pass through the seam as the app reads them. Streaming modes
 * (fixed length, chunked) send as the app writes: their bodies are not seen (docs/data-protection.md).
 */
final class UrlConnectionBodies {

    private static final String POSTER = "sun.net.www.http.PosterOutputStream";

    private UrlConnectionBodies() {
    }

    static Object output(UrlConnectionCall call, Object stream) {
        if (call == null || call.bodies == null || !call.bodies.needsRequestBody() || stream == null
                || !stream.getClass().getName().equals(POSTER)) {
            return stream;
        }
        if (call.poster == stream) {
            return call.appOutput;
        }
        call.poster = (OutputStream) stream;
        call.heldBody = new ByteArrayOutputStream();
        ByteArrayOutputStream held = call.heldBody;
        call.appOutput = new OutputStream() {
            @Override
            public void write(int b) {
                held.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                held.write(bytes, offset, length);
            }
        };
        return call.appOutput;
    }

    /** Before the request is written: the held body goes through the seam into the connection's buffer, or is refused. */
    static void beforeResponse(HttpURLConnection connection, UrlConnectionCall call) throws IOException {
        if (call == null || call.heldBody == null) {
            return;
        }
        byte[] body = call.heldBody.toByteArray();
        call.heldBody = null;
        URI uri = HttpBodySeam.shown(toUri(connection), call.bodies);
        OutgoingRequest request = new OutgoingRequest(connection.getRequestMethod(), uri, Map.of(), call.contentType, body);
        try {
            call.bodies.request(request);
            call.bodies.record(call.span);
        } catch (RequestRefused refused) {
            call.bodies.record(call.span);
            ConnectException denial = HttpRequests.refusedBody(connection.getRequestMethod(), uri, refused, call.decision);
            call.denial = denial;
            call.ended = true;
            EgressSpans.endDenied(call.span, denial);
            call.bodies.failed(denial);
            connection.disconnect();
            throw denial;
        }
        call.poster.write(request.body());
    }

    static Object input(HttpURLConnection connection, UrlConnectionCall call, Object stream) {
        if (call == null || call.bodies == null || !(stream instanceof InputStream raw)) {
            return stream;
        }
        if (call.rawInput == raw) {
            return call.appInput;
        }
        ResponseBodyStream seam;
        try {
            seam = call.bodies.response(connection.getResponseCode(), connection.getContentType(), call.span);
        } catch (IOException unreadable) {
            return stream;
        }
        if (seam == null) {
            return stream;
        }
        call.rawInput = raw;
        call.appInput = new SeamInputStream(raw, seam);
        return call.appInput;
    }

    private static URI toUri(HttpURLConnection connection) {
        try {
            return connection.getURL().toURI();
        } catch (URISyntaxException notStrict) {
            return URI.create(connection.getURL().getProtocol() + "://" + connection.getURL().getAuthority());
        }
    }

    /** Reads the connection's stream through the seam; never returns 0 bytes while the body lasts. */
    private static final class SeamInputStream extends FilterInputStream {
        private final ResponseBodyStream seam;
        private byte[] pending = new byte[0];
        private int at;
        private boolean finished;

        SeamInputStream(InputStream in, ResponseBodyStream seam) {
            super(in);
            this.seam = seam;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (at == pending.length) {
                if (finished) {
                    return -1;
                }
                byte[] chunk = new byte[8192];
                int n = in.read(chunk, 0, chunk.length);
                finished = n < 0;
                pending = finished ? seam.finish() : seam.chunk(chunk, 0, n);
                at = 0;
            }
            int n = Math.min(length, pending.length - at);
            System.arraycopy(pending, at, bytes, offset, n);
            at += n;
            return n;
        }

        @Override
        public int available() {
            return pending.length - at;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            seam.finish();
            super.close();
        }

    }
}
