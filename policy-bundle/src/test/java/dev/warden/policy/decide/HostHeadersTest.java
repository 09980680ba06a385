package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HostHeadersTest {

    private static final URI REQUEST = URI.create("http://10.0.0.5:8080/v1/items?page=2");

    @Test
    void theRequestsOwnAuthorityInAnySpellingIsNoOtherDestination() {
        assertThat(HostHeaders.authorityOf(REQUEST, "10.0.0.5:8080")).isNull();
        assertThat(HostHeaders.authorityOf(URI.create("https://API.example.com/"), "api.example.com.")).isNull();
        assertThat(HostHeaders.authorityOf(URI.create("https://api.example.com/"), "api.example.com:443")).isNull();
        assertThat(HostHeaders.authorityOf(URI.create("http://[::1]:8080/"), " [::1]:8080 ")).isNull();
    }

    @Test
    void anotherHostOrPortIsTheSameRequestToThatAuthority() {
        assertThat(HostHeaders.authorityOf(REQUEST, "admin.internal")).hasToString("http://admin.internal:80/v1/items?page=2");
        assertThat(HostHeaders.authorityOf(REQUEST, "10.0.0.5:9090")).hasToString("http://10.0.0.5:9090/v1/items?page=2");
        assertThat(HostHeaders.authorityOf(REQUEST, "[fe80::1]:8080")).hasToString("http://[fe80::1]:8080/v1/items?page=2");
    }

    @Test
    void whatIsNotHostAndPortIsUnreadable() {
        for (String header : new String[] {"", "evil.example@10.0.0.5", "a b", "evil.example/x", "host:port", "host:70000",
            "[not-v6]:80", "evil.example:"}) {
            assertThat(HostHeaders.authorityOf(REQUEST, header)).as(header).isSameAs(HostHeaders.UNREADABLE);
        }
    }
}
