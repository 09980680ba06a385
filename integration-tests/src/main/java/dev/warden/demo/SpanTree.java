package dev.warden.demo;

import dev.warden.it.harness.ReceivedSpan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Prints decoded spans as one tree per trace, in start order: what happened, Warden's decision, the rule. */
final class SpanTree {

    private static final String[] TARGETS = {"url.full", "db.query.text", "file.path", "dns.question.name"};

    private SpanTree() {
    }

    static void print(List<ReceivedSpan> spans, PrintStream out) {
        List<ReceivedSpan> ordered = new ArrayList<>(spans);
        ordered.sort(Comparator.comparingLong(ReceivedSpan::startEpochNanos));
        for (ReceivedSpan root : ordered) {
            if (root.isRoot() || ordered.stream().noneMatch(s -> s.spanId().equals(root.parentSpanId()))) {
                print(root, ordered, 1, out);
            }
        }
    }

    private static void print(ReceivedSpan span, List<ReceivedSpan> all, int depth, PrintStream out) {
        String decision = span.str("warden.decision");
        out.printf("%s%-28s %s%s%n", "  ".repeat(depth), span.name(), describe(span),
                decision == null ? "" : "  [" + decision + (span.str("warden.rule") == null ? "" : " " + span.str("warden.rule")) + "]");
        if ("ERROR".equals(span.statusCode()) && span.statusMessage() != null && !span.statusMessage().isEmpty()) {
            out.println("  ".repeat(depth + 2) + "! " + span.statusMessage());
        }
        for (ReceivedSpan child : all) {
            if (child.parentSpanId().equals(span.spanId())) {
                print(child, all, depth + 1, out);
            }
        }
    }

    private static String describe(ReceivedSpan span) {
        StringBuilder text = new StringBuilder();
        if (span.str("gen_ai.response.model") != null) {
            text.append(span.str("gen_ai.response.model")).append(", tokens ").append(span.attr("gen_ai.usage.input_tokens"))
                    .append(" in / ").append(span.attr("gen_ai.usage.output_tokens")).append(" out");
        }
        if (span.str("gen_ai.tool.call.id") != null) {
            text.append(span.str("gen_ai.tool.call.id"));
        }
        for (String key : TARGETS) {
            if (span.str(key) != null) {
                text.append(span.str(key));
                break;
            }
        }
        if (text.length() == 0 && span.str("network.peer.address") != null) {
            text.append(span.str("network.peer.address")).append(':').append(span.attr("network.peer.port"));
        }
        Object status = span.attr("http.response.status_code");
        return status == null ? text.toString() : text + " -> " + status;
    }
}
