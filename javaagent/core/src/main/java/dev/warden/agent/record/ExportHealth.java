package dev.warden.agent.record;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** Remembers whether the collector took the last batch, so that exit does not wait on a dead one. */
final class ExportHealth {

    private volatile boolean lastExportFailed;

    boolean lastExportFailed() {
        return lastExportFailed;
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
