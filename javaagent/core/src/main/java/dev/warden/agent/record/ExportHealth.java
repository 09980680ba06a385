package dev.warden.agent.record;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Watches the exporter so that exit does not wait on a dead collector: the final flush gets at
 * most a second when the collector took the last batch, and no time at all when it failed it.
 */
final class ExportHealth {

    private static final long HEALTHY_WAIT_MILLIS = 1000;

    private volatile boolean lastExportFailed;

    long exitWaitMillis() {
        return lastExportFailed ? 0 : HEALTHY_WAIT_MILLIS;
    }

    SpanExporter watch(SpanExporter exporter) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                CompletableResultCode result = exporter.export(spans);
                result.whenComplete(() -> lastExportFailed = !result.isSuccess());
                return result;
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }

            @Override
            public String toString() {
                return exporter.toString();
            }
        };
    }
}
