package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.SocketWrite;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.record.TrafficMetrics;
import dev.warden.bootstrap.TrafficHooks;
import java.lang.instrument.Instrumentation;
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
    private final AccessMediator mediator;
    private final AccessSpans<? super SocketWrite> spans;
    private final Instrumentation instrumentation;
    /** Made at the first socket stream write counted: a class fewer at start. */
    private volatile SocketImplPeers socketImplPeers;

    public EgressTraffic(EgressDecider decider, TrafficMetrics metrics, boolean metricsExported, AccessMediator mediator,
            AccessSpans<? super SocketWrite> spans, Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
        this.decider = decider;
        this.metrics = metrics;
        this.metricsExported = metricsExported;
        this.mediator = mediator;
        this.spans = spans;
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
        SocketException denial = mediator.apply(new SocketWrite(address, port), refused, spans);
        if (denial != null) {
            throw denial;
        }
    }

    @Override
    public InetAddress addressOfSocketImpl(Object socketImpl) {
        return socketImplPeers().addressOf(socketImpl);
    }

    @Override
    public int portOfSocketImpl(Object socketImpl) {
        return socketImplPeers().portOf(socketImpl);
    }

    private SocketImplPeers socketImplPeers() {
        SocketImplPeers peers = socketImplPeers;
        if (peers == null) {
            peers = new SocketImplPeers(instrumentation);
            socketImplPeers = peers;
        }
        return peers;
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
