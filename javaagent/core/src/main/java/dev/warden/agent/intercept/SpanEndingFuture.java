package dev.warden.agent.intercept;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The future an app gets back from an asynchronous call Warden traces: it completes only after
 * the span has ended (so a span is never lost to an app that exits right after {@code send}), and
 * cancelling it still cancels the client's own exchange.
 */
final class SpanEndingFuture<T> extends CompletableFuture<T> {

    private final CompletableFuture<T> original;

    private SpanEndingFuture(CompletableFuture<T> original) {
        this.original = original;
    }

    static <T> CompletableFuture<T> relay(CompletableFuture<T> original, BiConsumer<? super T, ? super Throwable> endSpan) {
        SpanEndingFuture<T> relayed = new SpanEndingFuture<>(original);
        original.whenComplete((result, error) -> {
            try {
                endSpan.accept(result, error);
            } finally {
                if (error != null) {
                    relayed.completeExceptionally(error);
                } else {
                    relayed.complete(result);
                }
            }
        });
        return relayed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        original.cancel(mayInterruptIfRunning);
        return super.cancel(mayInterruptIfRunning);
    }
}
