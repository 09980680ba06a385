package dev.warden.bench;

import java.util.List;

/** One launch of the workload: its timings per client, what the servers saw meanwhile, and the child's output. */
record HttpCallRun(List<CallTimings> timings, long serverRequests, OtlpTraceSink.Received exported, ChildOutput output) {

    CallTimings timingsOf(String client) {
        return timings.stream().filter(t -> t.client().equals(client)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no timings for " + client));
    }
}
