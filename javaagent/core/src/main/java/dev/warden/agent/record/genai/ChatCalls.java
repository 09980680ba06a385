package dev.warden.agent.record.genai;

import dev.warden.agent.apply.body.BodyExchange;
import dev.warden.agent.apply.body.BodyParticipant;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.ResponseBodyStream;
import dev.warden.agent.decide.Decision;
import dev.warden.policy.decide.UrlPorts;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * GenAI spans on the HTTP body seam: a POST to a chat endpoint ({@link ChatApi}) gets a {@code chat {model}} span
 * that parents the request's HTTP span, named and filled from the request body as it leaves (after data
 * protection, which comes first on the seam) and from the response body as the app reads it, streamed or not.
 */
public final class ChatCalls implements BodyParticipant {

    private final ChatApi api;
    private final ChatSpans spans;
    private final BooleanSupplier recordContents;

    /** {@code recordContents}: whether the policy in force opts in to prompt and completion texts. */
    public ChatCalls(ChatApi api, ChatSpans spans, BooleanSupplier recordContents) {
        this.api = api;
        this.spans = spans;
        this.recordContents = recordContents;
    }

    @Override
    public BodyExchange open(String method, URI uri, Decision decision) {
        if (!"POST".equals(method)) {
            return null;
        }
        ChatApi.Endpoint endpoint = api.match(uri.getRawPath());
        if (endpoint == null) {
            return null;
        }
        return new ChatCall(spans.start(endpoint, uri.getHost(), UrlPorts.of(uri)), recordContents.getAsBoolean());
    }

    private static final class ChatCall implements BodyExchange {
        private final Span span;
        private final boolean recordContents;
        private final ChatResponse response;
        private volatile int status;

        ChatCall(Span span, boolean recordContents) {
            this.span = span;
            this.recordContents = recordContents;
            this.response = new ChatResponse(recordContents);
        }

        @Override
        public Span parentOfHttpSpan() {
            return span;
        }

        @Override
        public boolean needsRequestBody() {
            return true;
        }

        @Override
        public void request(OutgoingRequest request) {
            byte[] body = request.body();
            if (body != null) {
                ChatSpans.request(span, ChatRequest.read(body, 0, body.length, recordContents));
            }
        }

        @Override
        public ResponseBodyStream response(int status, String contentType) {
            this.status = status;
            return new ResponseBodyStream() {
                @Override
                public byte[] chunk(byte[] bytes, int offset, int length) {
                    response.accept(bytes, offset, length);
                    return offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset, offset + length);
                }

                @Override
                public byte[] finish() {
                    ChatSpans.end(span, response, status >= 400 ? new ChatCallFailed(status) : null);
                    return new byte[0];
                }
            };
        }

        @Override
        public void failed(Throwable error) {
            ChatSpans.end(span, null, error);
        }

        @Override
        public void record(Span httpSpan) {
            // what this participant saw belongs to the chat span, which it fills itself
        }
    }

    /** What a chat span records for an error status: the provider answered, but not with a completion. */
    static final class ChatCallFailed extends Exception {
        private static final long serialVersionUID = 1L;

        ChatCallFailed(int status) {
            super("HTTP " + status, null, false, false);
        }
    }
}
