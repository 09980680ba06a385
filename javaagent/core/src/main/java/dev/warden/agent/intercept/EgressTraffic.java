package dev.warden.agent.intercept;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.record.TrafficMetrics;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.TrafficHooks;
import java.net.InetAddress;
import java.net.SocketException;

/**
 * Bytes out through connected sockets: refused when the destination rule's bytes-out budget is
 * spent, counted into the budget and the bytes-sent metric after each write. Nothing is done per
 * write unless the policy budgets bytes or metrics are exported.
 */
public final class EgressTraffic implements TrafficHooks {

    private final EgressDecider decider;
    private final TrafficMetrics metrics;
    private final boolean metricsExported;
    private final DecisionRecorder recorder;

    public EgressTraffic(EgressDecider decider, TrafficMetrics metrics, boolean metricsExported, DecisionRecorder recorder) {
        this.decider = decider;
        this.metrics = metrics;
        this.metricsExported = metricsExported;
        this.recorder = recorder;
    }

    @Override
    public boolean counting() {
        return metricsExported || decider.budgetsBytes();
    }

    @Override
    public void beforeSend(InetAddress address, int port) throws SocketException {
        String rule = decider.allowingRule(address, port);
        Decision refused = rule == null ? null : decider.bytesOutRefused(rule);
        if (refused == null) {
            return;
        }
        SocketException denial = Denials.bytesOut(address, port, refused);
        recorder.socket("write", address.getHostAddress(), port, refused);
        if (refused.blocks()) {
            WardenLog.decision(denial.getMessage());
            throw denial;
        }
        WardenLog.decision(Denials.auditLine(denial.getMessage()));
    }

    @Override
    public void sent(InetAddress address, int port, long bytes) {
        String rule = decider.allowingRule(address, port);
        decider.bytesSent(rule, bytes);
        if (metricsExported) {
            metrics.sent(rule, rule == null ? null : decider.destinationOf(rule), bytes);
        }
    }
}
