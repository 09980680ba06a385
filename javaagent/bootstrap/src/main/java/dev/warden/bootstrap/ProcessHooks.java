package dev.warden.bootstrap;

import java.io.IOException;

/** What the agent does before a process starts. Implemented by the agent core, reached through {@link ProcessBridge}. */
public interface ProcessHooks {

    /** {@code ProcessBuilder.start(Redirect[])}: may this exact argv start; a denial is an {@code IOException}. */
    void beforeStart(String[] command) throws IOException;
}
