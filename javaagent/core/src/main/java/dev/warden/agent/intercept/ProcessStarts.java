package dev.warden.agent.intercept;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.decide.ProcessStartDecider;
import dev.warden.json.JsonWriter;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.ProcessSpans;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.ProcessHooks;
import java.io.IOException;

/** Process starts: decide the exact argv, record it, and refuse before the child exists. */
public final class ProcessStarts implements ProcessHooks {

    private final ProcessStartDecider decider;
    private final ProcessSpans spans;
    private final DecisionRecorder recorder;

    public ProcessStarts(ProcessStartDecider decider, ProcessSpans spans, DecisionRecorder recorder) {
        this.decider = decider;
        this.spans = spans;
        this.recorder = recorder;
    }

    @Override
    public void beforeStart(String[] command) throws IOException {
        if (command.length == 0) {
            return; // the JDK refuses an empty command itself: nothing starts
        }
        String[] argv = command.clone();
        Decision decision = decider.start(argv);
        if (recorder.keepsDetails()) {
            JsonWriter argvJson = new JsonWriter().beginArray();
            for (String argument : argv) {
                argvJson.value(argument);
            }
            recorder.record(DecisionRecorder.PROCESS, "exec", argvJson.endArray().toString(), null, argv[0], decision, null);
        } else {
            recorder.count(DecisionRecorder.PROCESS, decision);
        }
        if (decision.outcome() == Outcome.ALLOW) {
            spans.start(argv, decision, null);
            return;
        }
        IOException denial = Denials.process(argv, decision);
        spans.start(argv, decision, decision.blocks() ? denial : null);
        WardenLog.decision(decision.blocks() ? denial.getMessage() : Denials.auditLine(denial.getMessage()));
        if (decision.blocks()) {
            throw denial;
        }
    }
}
