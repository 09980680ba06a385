package dev.warden.agent.intercept;

import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.body.ResponseBodyStream;
import io.opentelemetry.api.trace.Span;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK HttpClient's adapter to the HTTP body seam: the request's {@code BodyPublisher} is collected, passed through
 * the participants and republished from the bytes they return (with its new length); the app's response
 * {@code BodyHandler} is wrapped so that every chunk of the body passes through them on its way to the app's
 * subscriber, streamed bodies (SSE) included.
 */
final class JdkHttpClientBodies {

    /** How long a publisher that delivers on another thread may take to hand over the body to be protected. */
    private static final long COLLECT_SECONDS = 30;

    /**
     * The request to send in place of the app's, or null when nothing changed.
     *
     * @throws RequestRefused when a participant refuses it, or its body cannot be read to be inspected
     */
    static HttpRequest request(HttpRequest request, HttpBodySeam.Exchange exchange, Span span) throws RequestRefused {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        byte[] body = null;
        if (exchange.needsRequestBody() && publisher.isPresent() && publisher.get().contentLength() != 0) {
            body = collect(publisher.get());
        }
        Map<String, List<String>> headers = request.headers().map();
        OutgoingRequest outgoing = new OutgoingRequest(request.method(), request.uri(), headers,
                request.headers().firstValue("Content-Type").orElse(null), body);
        exchange.request(outgoing);
        if (!outgoing.changed()) {
            return null;
        }
        HttpBodySeam.showSent(span, outgoing);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true).uri(outgoing.uri());
        if (body != null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(outgoing.body()));
        }
        for (Map.Entry<String, List<String>> header : outgoing.headers().entrySet()) {
            if (!header.getValue().equals(headers.get(header.getKey()))) {
                List<String> values = header.getValue();
                builder.setHeader(header.getKey(), values.get(0));
                for (int i = 1; i < values.size(); i++) {
                    builder.header(header.getKey(), values.get(i));
                }
            }
        }
        return builder.build();
    }

    /** The whole body of a publisher; those of {@code BodyPublishers} deliver it during {@code subscribe}. */
    private static byte[] collect(HttpRequest.BodyPublisher publisher) throws RequestRefused {
        CompletableFuture<byte[]> collected = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable error) {
                collected.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                collected.complete(bytes.toByteArray());
            }
        });
        try {
            return collected.isDone() ? collected.join() : collected.get(COLLECT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RequestRefused("its body could not be read to be protected (interrupted)", null);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CompletionException unreadable) {
            throw new RequestRefused("its body could not be read to be protected (" + unreadable + ")", null);
        }
    }

    /** The app's handler, or one that passes the body through the call's participants first. */
    static Object responseHandler(Object call, Object handler) {
        if (!(call instanceof HttpClientCall clientCall) || clientCall.exchange() == null) {
            return handler;
        }
        @SuppressWarnings("unchecked")
        HttpResponse.BodyHandler<Object> appHandler = (HttpResponse.BodyHandler<Object>) handler;
        HttpBodySeam.Exchange exchange = clientCall.exchange();
        Span span = clientCall.span();
        return (HttpResponse.BodyHandler<Object>) info -> {
            ResponseBodyStream stream = exchange.response(info.statusCode(),
                    info.headers().firstValue("Content-Type").orElse(null), span);
            HttpResponse.BodySubscriber<Object> appSubscriber = appHandler.apply(info);
            return stream == null ? appSubscriber : new SeamSubscriber<>(appSubscriber, stream);
        };
    }

    /**
     * Passes each chunk through the seam before the app's subscriber sees it. One chunk in, one chunk out, so the
     * app's demand maps one to one onto the client's; only the bytes held back to the end may need one more item,
     * delivered once the app asks for it.
     */
    static final class SeamSubscriber<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> app;
        private final ResponseBodyStream stream;
        private long demand;
        private List<ByteBuffer> last;
        private boolean completed;

        SeamSubscriber(HttpResponse.BodySubscriber<T> app, ResponseBodyStream stream) {
            this.app = app;
            this.stream = stream;
        }

        @Override
        public CompletionStage<T> getBody() {
            return app.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            app.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    List<ByteBuffer> pending;
                    synchronized (SeamSubscriber.this) {
                        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                        pending = last;
                        last = null;
                    }
                    if (pending != null) {
                        deliverLast(pending);
                        return;
                    }
                    if (!completedNow()) {
                        subscription.request(n);
                    }
                }

                @Override
                public void cancel() {
                    subscription.cancel();
                    stream.finish();
                }
            });
        }

        private synchronized boolean completedNow() {
            return completed;
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            int size = 0;
            for (ByteBuffer buffer : item) {
                size += buffer.remaining();
            }
            byte[] bytes = new byte[size];
            int at = 0;
            for (ByteBuffer buffer : item) {
                int length = buffer.remaining();
                buffer.get(bytes, at, length);
                at += length;
            }
            byte[] passed = stream.chunk(bytes, 0, bytes.length);
            synchronized (this) {
                demand--;
            }
            app.onNext(List.of(ByteBuffer.wrap(passed)));
        }

        @Override
        public void onError(Throwable error) {
            stream.finish();
            app.onError(error);
        }

        @Override
        public void onComplete() {
            byte[] rest = stream.finish();
            boolean deliverNow;
            synchronized (this) {
                completed = true;
                deliverNow = rest.length == 0 || demand > 0;
                if (!deliverNow) {
                    last = List.of(ByteBuffer.wrap(rest));
                }
            }
            if (deliverNow) {
                deliverLast(rest.length == 0 ? null : List.of(ByteBuffer.wrap(rest)));
            }
        }

        private void deliverLast(List<ByteBuffer> rest) {
            if (rest != null) {
                synchronized (this) {
                    demand--;
                }
                app.onNext(rest);
            }
            app.onComplete();
        }
    }
}
