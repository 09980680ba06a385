package dev.warden.agent.record;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Watches the exporter so that exit does not wait on a dead collector: the final flush gets at
 * most a second when the collector took the last batch, and no time at all when it failed it.
 * Before any export has finished it gets three: the SDK is built when the first span is due, so a
 * short-lived app may exit while its first export still opens its connection, cold.
 */
final class ExportHealth {

    private static final long HEALTHY_WAIT_MILLIS = 1000;
    private static final long FIRST_EXPORT_WAIT_MILLIS = 3000;

    private volatile boolean anyExportFinished;
    private volatile boolean lastExportFailed;

    long exitWaitMillis() {
        if (lastExportFailed) {
            return 0;
        }
        return anyExportFinished ? HEALTHY_WAIT_MILLIS : FIRST_EXPORT_WAIT_MILLIS;
    }

    SpanExporter watch(SpanExporter exporter) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                CompletableResultCode result = exporter.export(spans);
                result.whenComplete(() -> {
                    lastExportFailed = !result.isSuccess();
                    anyExportFinished = true;
                });
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
