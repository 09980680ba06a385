package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
    void aUrlWhoseHostItsTextReadsOtherwiseGetsNoUriKeptForThatText() throws Exception {
        URL parsed = new URL("http://a@b:80/v1");
        assertThat(UrlUris.of(parsed, parsed.toExternalForm()).getHost()).isEqualTo("b");
        URL built = new URL("http", "a@b", 80, "/v1"); // its host is a@b, its text the same as parsed's
        assertThat(built.toExternalForm()).isEqualTo(parsed.toExternalForm());
        Throwable thrown = catchThrowable(() -> UrlUris.of(built, built.toExternalForm()));
        assertThat(thrown).as("as URL.toURI and the URI of its parts refuse it").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read URL");
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
