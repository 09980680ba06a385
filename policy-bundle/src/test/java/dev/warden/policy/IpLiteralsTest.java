package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    private static long ipv4(String text) {
        return IpLiterals.parseIpv4(text, 0, text.length());
    }

    private static String roundTripIpv6(String text) {
        long[] out = new long[2];
        assertThat(IpLiterals.parseIpv6(text, 0, text.length(), out)).as(text).isTrue();
        return IpLiterals.formatIpv6(out[0], out[1]);
    }

    @Test
    void dottedQuads() {
        assertThat(ipv4("127.0.0.1")).isEqualTo(0x7f000001L);
        assertThat(ipv4("255.255.255.255")).isEqualTo(0xffffffffL);
        assertThat(ipv4("0.0.0.0")).isZero();
        assertThat(ipv4("010.0.0.1")).isEqualTo(0x0a000001L);
        assertThat(IpLiterals.parseIpv4("x1.2.3.4y", 1, 8)).isEqualTo(0x01020304L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.", ".1.2.3", "1..2.3", "0x7f.0.0.1",
            "1.2.3.4 ", "2130706433", "1.2.3.0001", "a.b.c.d"})
    void notDottedQuads(String text) {
        assertThat(ipv4(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:db8::0:1, 2001:db8::1",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3",
            "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
            "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
            "::ffff:1.2.3.4, ::ffff:102:304",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "fe80::1:2, fe80::1:2",
    })
    void ipv6RoundTrips(String text, String canonical) {
        assertThat(roundTripIpv6(text)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1::2:",
            "12345::", "g::", "1:2:3:4:5:6:7::8", "::1.2.3", "::1.2.3.4:5", "1.2.3.4", "::ffff:1.2.3.4.5",
            "1:2:3:4:5:6:7:1.2.3.4"})
    void notIpv6(String text) {
        assertThat(IpLiterals.parseIpv6(text, 0, text.length(), new long[2])).as(text).isFalse();
    }

    @Test
    void embeddedIpv4() {
        assertThat(IpLiterals.embedsIpv4(0, 0xffff_0a000001L)).isTrue();
        assertThat(IpLiterals.embedsIpv4(0, 0x0a000001L)).isTrue();
        assertThat(IpLiterals.embedsIpv4(0, 1)).isFalse();
        assertThat(IpLiterals.embedsIpv4(0, 0)).isFalse();
        assertThat(IpLiterals.embedsIpv4(1, 0xffff_0a000001L)).isFalse();
        assertThat(IpLiterals.embedsIpv4(0, 0x1_ffff_0a000001L)).isFalse();
    }

    @Test
    void ipv4OfBytes() {
        assertThat(IpLiterals.ipv4Of(new byte[] {10, 0, 0, 1})).isEqualTo(0x0a000001L);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[15] = 7;
        assertThat(IpLiterals.ipv4Of(mapped)).isEqualTo(0xc0000007L);
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertThat(IpLiterals.ipv4Of(loopback)).isEqualTo(-1);
        assertThat(IpLiterals.formatIpv4(0xc0a80001L)).isEqualTo("192.168.0.1");
    }
}
