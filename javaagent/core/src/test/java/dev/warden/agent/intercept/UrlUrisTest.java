package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;

class UrlUrisTest {

    @Test
    void aUrlTextIsParsedOnceAndGivesWhatToUriGives() throws Exception {
        for (String text : new String[] {"http://127.0.0.1:8080/v1/chat?x=1", "https://user@[::1]:8443/a%20b#f",
                "http://api.example.com/", "HTTP://Example.COM:80/x"}) {
            URL first = new URL(text);
            URI parsed = UrlUris.of(first, first.toExternalForm());
            assertThat(parsed).isEqualTo(first.toURI());
            URL again = new URL(text);
            assertThat(UrlUris.of(again, again.toExternalForm())).isSameAs(parsed);
        }
        URL other = new URL("http://127.0.0.1:8080/v1/chat?x=2");
        assertThat(UrlUris.of(other, other.toExternalForm()).getRawQuery()).isEqualTo("x=2");
    }

    @Test
    void aUrlNoUriCanParseIsReadFromItsPartsEveryTime() throws Exception {
        URL spaced = new URL("http://example.com/a b?q=c d");
        URI first = UrlUris.of(spaced, spaced.toExternalForm());
        assertThat(first.getHost()).isEqualTo("example.com");
        assertThat(first.getPath()).isEqualTo("/a b");
        assertThat(first.getQuery()).isEqualTo("q=c d");
        assertThat(UrlUris.of(spaced, spaced.toExternalForm())).isEqualTo(first).isNotSameAs(first);
    }
}
