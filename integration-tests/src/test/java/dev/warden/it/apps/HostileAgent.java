package dev.warden.it.apps;

import java.lang.instrument.Instrumentation;

/** A second agent in the app's JVM (what a compromised dependency with an agent flag would hold): it keeps its Instrumentation. */
public final class HostileAgent {
    static volatile Instrumentation instrumentation;

    private HostileAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
    }
}
