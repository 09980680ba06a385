package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import dev.warden.json.JsonWriter;
import dev.warden.policy.decide.ProcessLaunch;
import java.io.IOException;
import java.util.Arrays;

/** A process to start: its exact argv (a copy the app can no longer change), directory and what the app set in its environment. */
public record ProcessStart(ProcessLaunch launch) implements AccessRequest<IOException> {

    @Override
    public String kind() {
        return DecisionRecorder.PROCESS;
    }

    @Override
    public String action() {
        return "exec";
    }

    /** The argv as a JSON array, so spaces inside arguments stay visible. */
    @Override
    public String target() {
        JsonWriter json = new JsonWriter().beginArray();
        for (String argument : launch.argv()) {
            json.value(argument);
        }
        return json.endArray().toString();
    }

    /** Where it starts and which variables the app set for it, when either is not the JVM's own. */
    @Override
    public String detail() {
        String dir = launch.directory() == null ? "" : "dir " + launch.directory();
        String env = launch.environmentSet().isEmpty() ? "" : "env sets " + String.join(",", new java.util.TreeSet<>(launch.environmentSet()));
        String both = dir.isEmpty() || env.isEmpty() ? dir + env : dir + "; " + env;
        return both.isEmpty() ? null : both;
    }

    @Override
    public String watchKey() {
        return launch.argv()[0];
    }

    @Override
    public String denied() {
        return "start of process " + Arrays.toString(launch.argv())
                + (launch.directory() == null ? "" : " in " + launch.directory());
    }

    @Override
    public IOException denial(String message) {
        return new IOException(message);
    }
}
