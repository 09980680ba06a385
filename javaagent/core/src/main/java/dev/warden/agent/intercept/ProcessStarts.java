package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.ProcessStart;
import dev.warden.agent.decide.ProcessStartDecider;
import dev.warden.agent.record.ProcessSpans;
import dev.warden.bootstrap.ProcessHooks;
import java.io.IOException;

/** Process starts: decide the exact argv, record it, and refuse before the child exists. */
public final class ProcessStarts implements ProcessHooks {

    private final ProcessStartDecider decider;
    private final AccessMediator mediator;
    private final AccessSpans<ProcessStart> spans;

    public ProcessStarts(ProcessStartDecider decider, ProcessSpans spans, AccessMediator mediator) {
        this.decider = decider;
        this.mediator = mediator;
        this.spans = spans::start;
    }

    @Override
    public void beforeStart(String[] command) throws IOException {
        if (command.length == 0) {
            return; // the JDK refuses an empty command itself: nothing starts
        }
        IOException denial = mediator.mediate(new ProcessStart(command.clone()), start -> decider.start(start.argv()), spans);
        if (denial != null) {
            throw denial;
        }
    }
}
