package dev.warden.bootstrap;

import java.io.IOException;
import java.util.Map;

/** What the agent does before a process starts. Implemented by the agent core, reached through {@link ProcessBridge}. */
public interface ProcessHooks {

    /**
     * {@code ProcessBuilder.start(Redirect[])}: may this exact argv start, in {@code directory} (as
     * the app set it; null: the JVM's working directory) with {@code environment} (null: the JVM's
     * own); a denial is an {@code IOException}.
     */
    void beforeStart(String[] command, String directory, Map<String, String> environment) throws IOException;
}
