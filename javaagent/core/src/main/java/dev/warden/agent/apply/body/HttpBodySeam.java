package dev.warden.agent.apply.body;

import dev.warden.agent.decide.Decision;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place where HTTP request and response bodies of every mediated client pass through Warden. Client
 * adapters (JDK HttpClient, HttpURLConnection, OkHttp) open an {@link Exchange} per allowed request; participants
 * (data protection, GenAI spans) see the request before it leaves and the response body as it streams to the app.
 * With no participant interested in a request, {@link #open} returns null and the adapter changes nothing.
 */
public final class HttpBodySeam {

    private final List<BodyParticipant> participants = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The URL spans, messages and the audit log show for an exchange with participants: without its query string,
     * which may carry the very values a participant protects (and is shown again, protected, once rewritten).
     */
    public static URI shown(URI uri, Exchange exchange) {
        if (exchange == null || uri.getRawQuery() == null) {
            return uri;
        }
        String text = uri.toString();
        return URI.create(text.substring(0, text.indexOf('?')));
    }

    /**
     * A rewritten request's span shows the URL it was sent to, with its query as rewritten but without the real value
     * of a credential ({@link OutgoingRequest#shownUri()}).
     */
    public static void showSent(Span span, OutgoingRequest sent) {
        if (sent.shownUri().getRawQuery() != null) {
            dev.warden.agent.record.EgressSpans.sentTo(span, sent.shownUri());
        }
    }

    public void add(BodyParticipant participant) {
        participants.add(participant);
    }

    /** The context an HTTP span starts in: {@link Exchange#httpSpanParent()}, or the current one without an exchange. */
    public static Context httpSpanParent(Exchange exchange) {
        return exchange == null ? Context.current() : exchange.httpSpanParent();
    }

    /** The exchange's participants, or null when none takes part. */
    public Exchange open(String method, URI uri, Decision decision) {
        List<BodyExchange> taking = null;
        for (BodyParticipant participant : participants) {
            BodyExchange exchange = participant.open(method, uri, decision);
            if (exchange != null) {
                if (taking == null) {
                    taking = new ArrayList<>(2);
                }
                taking.add(exchange);
            }
        }
        return taking == null ? null : new Exchange(taking);
    }

    /** The participants of one exchange, in the order they were added (the request goes through each in turn). */
    public static final class Exchange {
        private final List<BodyExchange> exchanges;

        Exchange(List<BodyExchange> exchanges) {
            this.exchanges = exchanges;
        }

        /**
         * The context the exchange's HTTP span starts in: under a participant's span (an LLM call's chat span), else
         * the caller's current context.
         */
        public Context httpSpanParent() {
            for (BodyExchange exchange : exchanges) {
                Span parent = exchange.parentOfHttpSpan();
                if (parent != null) {
                    return Context.current().with(parent);
                }
            }
            return Context.current();
        }

        /** The exchange failed before its response body ended (see {@link BodyExchange#failed}). */
        public void failed(Throwable error) {
            for (BodyExchange exchange : exchanges) {
                exchange.failed(error);
            }
        }

        public boolean needsRequestBody() {
            for (BodyExchange exchange : exchanges) {
                if (exchange.needsRequestBody()) {
                    return true;
                }
            }
            return false;
        }

        public void request(OutgoingRequest request) throws RequestRefused {
            for (BodyExchange exchange : exchanges) {
                exchange.request(request);
            }
        }

        /**
         * The response body's stream through every participant that wants it, or null when none does. Its
         * {@code finish} may be called more than once (end, cancel, error): the participants finish once, and then
         * add what they saw to {@code span}.
         */
        public ResponseBodyStream response(int status, String contentType, Span span) {
            ResponseBodyStream stream = response(status, contentType);
            return stream == null ? null : new Ending(stream, () -> record(span));
        }

        private ResponseBodyStream response(int status, String contentType) {
            List<ResponseBodyStream> streams = new ArrayList<>(exchanges.size());
            for (BodyExchange exchange : exchanges) {
                ResponseBodyStream stream = exchange.response(status, contentType);
                if (stream != null) {
                    streams.add(stream);
                }
            }
            if (streams.isEmpty()) {
                return null;
            }
            return streams.size() == 1 ? streams.get(0) : new Chained(streams);
        }

        public void record(Span span) {
            for (BodyExchange exchange : exchanges) {
                exchange.record(span);
            }
        }
    }

    /** Finishes the participants' streams once, then records. */
    private static final class Ending implements ResponseBodyStream {
        private final ResponseBodyStream stream;
        private final Runnable ended;
        private boolean finished;

        Ending(ResponseBodyStream stream, Runnable ended) {
            this.stream = stream;
            this.ended = ended;
        }

        @Override
        public byte[] chunk(byte[] bytes, int offset, int length) {
            return stream.chunk(bytes, offset, length);
        }

        @Override
        public synchronized byte[] finish() {
            if (finished) {
                return new byte[0];
            }
            finished = true;
            byte[] rest = stream.finish();
            ended.run();
            return rest;
        }
    }

    /** Streams in a row: what the first returns is the second's input. */
    private static final class Chained implements ResponseBodyStream {
        private final List<ResponseBodyStream> streams;

        Chained(List<ResponseBodyStream> streams) {
            this.streams = streams;
        }

        @Override
        public byte[] chunk(byte[] bytes, int offset, int length) {
            byte[] current = streams.get(0).chunk(bytes, offset, length);
            for (int i = 1; i < streams.size(); i++) {
                current = streams.get(i).chunk(current, 0, current.length);
            }
            return current;
        }

        @Override
        public byte[] finish() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] carried = new byte[0];
            for (ResponseBodyStream stream : streams) {
                byte[] fromEarlier = carried.length == 0 ? carried : stream.chunk(carried, 0, carried.length);
                out.reset();
                out.writeBytes(fromEarlier);
                out.writeBytes(stream.finish());
                carried = out.toByteArray();
            }
            return carried;
        }
    }
}
