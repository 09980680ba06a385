package dev.warden.agent.intercept;

import dev.warden.policy.decide.TextCache;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * The URI of an HttpURLConnection's URL, parsed once per URL text: an app calls the same few endpoints
 * again and again, with a new URL each time, and parsing it was a sixth of Warden's own work per request.
 * {@link URL#toURI} is {@code new URI(toString())} plus a check that the URL's own host agrees with the
 * text's (a URL built from parts can hold a host its text reads otherwise: {@code a@b} is read as user
 * {@code a} at {@code b}): a URI kept for a text serves a URL of that text whose host and port are the URI's.
 * One memo for the process, loaded with the first request: none at start.
 */
final class UrlUris {

    private static final int TEXTS_KEPT = 512;
    private static final int LONGEST_KEPT = 2048;

    private static final TextCache<URI> PARSED = new TextCache<>(TEXTS_KEPT, LONGEST_KEPT);

    private UrlUris() {
    }

    /** The URI of {@code url}, whose {@link URL#toExternalForm()} is {@code text}. */
    static URI of(URL url, String text) {
        URI known = PARSED.get(text);
        if (known != null && known.getPort() == url.getPort() && url.getHost().equals(known.getHost())) {
            return known;
        }
        try {
            URI uri = url.toURI();
            PARSED.put(text, uri);
            return uri;
        } catch (URISyntaxException notStrict) {
            return fromParts(url);
        }
    }

    /** A URL no URI parses as it stands (a space in its path): its parts quoted; refused when its host would read otherwise. */
    private static URI fromParts(URL url) {
        URI uri;
        try {
            uri = new URI(url.getProtocol(), url.getUserInfo(), url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null);
        } catch (URISyntaxException unusable) {
            throw new IllegalArgumentException("cannot read URL " + url, unusable);
        }
        if (!url.getHost().equals(uri.getHost())) {
            // decided on one host, connected to another: never
            throw new IllegalArgumentException("cannot read URL " + url + ": its host " + url.getHost() + " reads as " + uri.getHost());
        }
        return uri;
    }
}
