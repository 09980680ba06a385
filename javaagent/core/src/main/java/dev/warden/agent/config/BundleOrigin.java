package dev.warden.agent.config;

import java.io.IOException;

/**
 * Where the bytes of a bundle come from between reloads: the reloader asks each interval and
 * verifies the bundle file only when the answer is yes.
 */
public interface BundleOrigin {

    /**
     * Whether the bundle file now holds something not looked at yet (a download has already been
     * written to it); false when nothing changed.
     *
     * @throws IOException when the origin could not be asked (reported; the last good bundle stays)
     */
    boolean refresh() throws IOException;
}
