package dev.warden.agent.record;

import dev.warden.agent.access.ProcessStart;
import dev.warden.agent.decide.Decision;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * One span per process start Warden decided, allowed or not, with the OTel process attributes
 * ({@code process.executable.path}, {@code process.command_args}) and the decision.
 */
public final class ProcessSpans {

    static final AttributeKey<String> PROCESS_EXECUTABLE_PATH = AttributeKey.stringKey("process.executable.path");
    static final AttributeKey<List<String>> PROCESS_COMMAND_ARGS = AttributeKey.stringArrayKey("process.command_args");

    private final Supplier<Tracer> tracer;

    public ProcessSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** {@code denial} is null when the process goes ahead. */
    public void start(ProcessStart start, Decision decision, Exception denial) {
        String[] argv = start.launch().argv();
        Span span = DecisionAttributes.on(tracer.get().spanBuilder("exec").setSpanKind(SpanKind.INTERNAL), decision)
                .setAttribute(PROCESS_EXECUTABLE_PATH, argv.length > 0 ? argv[0] : "")
                .setAttribute(PROCESS_COMMAND_ARGS, Arrays.asList(argv))
                .startSpan();
        if (denial != null) {
            EgressSpans.endDenied(span, denial);
        } else {
            span.end();
        }
    }
}
