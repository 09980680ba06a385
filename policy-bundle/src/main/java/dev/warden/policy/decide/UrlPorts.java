package dev.warden.policy.decide;

import java.net.URI;

/** The port a URL reaches: its own, or its scheme's default ({@code https}, {@code wss}: 443; else 80). */
public final class UrlPorts {

    private UrlPorts() {
    }

    public static int of(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : defaultOf(uri.getScheme());
    }

    static int defaultOf(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
