package dev.warden.agent.record;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The {@code warden.egress.bytes_sent} counter: bytes written to connected sockets, by the egress
 * rule that allowed the destination (rules are few, so the attribute sets are too).
 */
public final class TrafficMetrics {

    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("warden.destination");
    private static final String UNMATCHED = "(no egress rule)";

    private final Map<String, Attributes> byRule = new ConcurrentHashMap<>();
    /** Counted here and observed by the SDK once it is built: a write never waits for it. */
    private final Map<Attributes, LongAdder> bytesSent = new ConcurrentHashMap<>();

    public TrafficMetrics(Consumer<Consumer<Meter>> whenMeterReady) {
        whenMeterReady.accept(meter -> meter.counterBuilder("warden.egress.bytes_sent").setUnit("By")
                .setDescription("Bytes written to connected sockets, by the egress rule that allowed the destination")
                .buildWithCallback(counter -> bytesSent.forEach((attributes, count) -> counter.record(count.sum(), attributes))));
    }

    /** @param destination the rule's {@code to:}, or null when no rule allowed it (local traffic) */
    public void sent(String rule, String destination, long bytes) {
        String key = rule == null ? UNMATCHED : rule;
        Attributes attributes = byRule.get(key);
        if (attributes == null) {
            attributes = Attributes.of(WardenAttributes.WARDEN_RULE, key, DESTINATION, destination == null ? UNMATCHED : destination);
            byRule.put(key, attributes);
        }
        bytesSent.computeIfAbsent(attributes, a -> new LongAdder()).add(bytes);
    }

}
