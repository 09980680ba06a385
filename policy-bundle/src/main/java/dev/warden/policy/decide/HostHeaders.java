package dev.warden.policy.decide;

import java.net.URI;
import java.util.Locale;

/**
 * The authority a request really names when the app sets its own {@code Host} header: a server
 * routes by it (virtual hosts), so a header naming another host is another destination.
 */
public final class HostHeaders {

    /** A header that is not {@code host[:port]}: nothing Warden can decide, so it is refused. */
    public static final URI UNREADABLE = URI.create("unreadable:host");

    private HostHeaders() {
    }

    /**
     * The request's URL with the header's host and port in place of its own; null when the header
     * names the URL's own authority; {@link #UNREADABLE} when it is not {@code host[:port]}.
     */
    public static URI authorityOf(URI uri, String hostHeader) {
        String header = hostHeader.trim();
        int portStart = header.startsWith("[") ? header.indexOf("]:") + 1 : header.lastIndexOf(':');
        String host = portStart > 0 ? header.substring(0, portStart) : header;
        int port;
        try {
            port = portStart > 0 ? Integer.parseInt(header.substring(portStart + 1)) : UrlPorts.defaultOf(uri.getScheme());
        } catch (NumberFormatException notAPort) {
            return UNREADABLE;
        }
        if (!isHost(host) || port < 1 || port > 65535) {
            return UNREADABLE;
        }
        if (normal(host).equals(normal(String.valueOf(uri.getHost()))) && port == UrlPorts.of(uri)) {
            return null;
        }
        String rest = (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            return new URI(uri.getScheme() + "://" + host + ":" + port + rest);
        } catch (java.net.URISyntaxException unusable) {
            return UNREADABLE;
        }
    }

    /** A DNS name or an IPv4 literal, or a bracketed IPv6 literal: no user info, no path, no spaces. */
    private static boolean isHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        for (int i = bracketed ? 1 : 0; i < (bracketed ? host.length() - 1 : host.length()); i++) {
            char c = host.charAt(i);
            boolean allowed = bracketed ? Character.digit(c, 16) >= 0 || c == ':' || c == '.'
                    : c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static String normal(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
