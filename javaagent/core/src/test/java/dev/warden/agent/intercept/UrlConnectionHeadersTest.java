package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlConnectionHeadersTest {

    @Test
    void aStatusLineGivesItsCodeAsGetResponseCodeReadsIt() {
        assertThat(UrlConnectionHeaders.statusCode("HTTP/1.1 200 OK")).isEqualTo(200);
        assertThat(UrlConnectionHeaders.statusCode("HTTP/1.1 301 Moved Permanently")).isEqualTo(301);
        assertThat(UrlConnectionHeaders.statusCode("HTTP/1.0 404")).as("no reason phrase").isEqualTo(404);
        assertThat(UrlConnectionHeaders.statusCode("HTTP/2 200")).as("not HTTP/1.x").isEqualTo(-1);
        assertThat(UrlConnectionHeaders.statusCode("HTTP/1.1 OK")).isEqualTo(-1);
        assertThat(UrlConnectionHeaders.statusCode("HTTP/1.1")).isEqualTo(-1);
    }
}
