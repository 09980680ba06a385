package dev.warden.agent.intercept;

import dev.warden.policy.decide.TextCache;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * The URI of an HttpURLConnection's URL, parsed once per URL text: an app calls the same few endpoints
 * again and again, with a new URL each time, and parsing it was a sixth of Warden's own work per request.
 * {@link URL#toURI} is {@code new URI(toString())} plus a check of the authority, which the text holds
 * too: the URI kept for a text is the one it returns for every URL of that text. One memo for the process
 * (what it keeps is a function of the text alone), loaded with the first request: none at start.
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
        if (known != null) {
            return known;
        }
        try {
            URI uri = url.toURI();
            PARSED.put(text, uri);
            return uri;
        } catch (URISyntaxException notStrict) {
            // rebuilt from the URL's parts, which its text need not decide (a custom handler's external form)
            try {
                return new URI(url.getProtocol(), url.getUserInfo(), url.getHost(), url.getPort(), url.getPath(),
                        url.getQuery(), null);
            } catch (URISyntaxException unusable) {
                throw new IllegalArgumentException("cannot read URL " + url, unusable);
            }
        }
    }
}
