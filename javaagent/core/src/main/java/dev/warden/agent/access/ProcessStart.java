package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import dev.warden.json.JsonWriter;
import java.io.IOException;
import java.util.Arrays;

/** A process to start with exactly this argv (a copy the app can no longer change). */
public record ProcessStart(String[] argv) implements AccessRequest<IOException> {

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
        for (String argument : argv) {
            json.value(argument);
        }
        return json.endArray().toString();
    }

    @Override
    public String watchKey() {
        return argv[0];
    }

    @Override
    public String denied() {
        return "start of process " + Arrays.toString(argv);
    }

    @Override
    public IOException denial(String message) {
        return new IOException(message);
    }
}
