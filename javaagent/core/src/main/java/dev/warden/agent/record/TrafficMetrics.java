package dev.warden.agent.record;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code warden.egress.bytes_sent} counter: bytes written to connected sockets, by the egress
 * rule that allowed the destination (rules are few, so the attribute sets are too).
 */
public final class TrafficMetrics {

    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("warden.destination");
    private static final String UNMATCHED = "(no egress rule)";

    private final Supplier<Meter> meter;
    private final Map<String, Attributes> byRule = new ConcurrentHashMap<>();
    private volatile LongCounter bytesSent;

    public TrafficMetrics(Supplier<Meter> meter) {
        this.meter = meter;
    }

    /** @param destination the rule's {@code to:}, or null when no rule allowed it (local traffic) */
    public void sent(String rule, String destination, long bytes) {
        String key = rule == null ? UNMATCHED : rule;
        Attributes attributes = byRule.get(key);
        if (attributes == null) {
            attributes = Attributes.of(WardenAttributes.WARDEN_RULE, key, DESTINATION, destination == null ? UNMATCHED : destination);
            byRule.put(key, attributes);
        }
        counter().add(bytes, attributes);
    }

    private LongCounter counter() {
        LongCounter counter = bytesSent;
        if (counter == null) {
            counter = meter.get().counterBuilder("warden.egress.bytes_sent").setUnit("By")
                    .setDescription("Bytes written to connected sockets, by the egress rule that allowed the destination").build();
            bytesSent = counter;
        }
        return counter;
    }
}
