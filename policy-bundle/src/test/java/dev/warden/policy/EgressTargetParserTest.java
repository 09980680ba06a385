package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.warden.policy.HostPattern.AnyHost;
import dev.warden.policy.HostPattern.ExactName;
import dev.warden.policy.HostPattern.IpPrefix;
import dev.warden.policy.HostPattern.NameSuffix;

class EgressTargetParserTest {

    private static EgressTarget parse(String text) {
        return EgressTargetParser.parse(text);
    }

    @Test
    void names() {
        assertThat(parse("api.openai.com:443"))
                .isEqualTo(new EgressTarget(new ExactName("api.openai.com"), new PortRange(443, 443)));
        assertThat(parse("API.OpenAI.com.")).isEqualTo(new EgressTarget(new ExactName("api.openai.com"), PortRange.ANY));
        assertThat(parse("localhost:8000-8099"))
                .isEqualTo(new EgressTarget(new ExactName("localhost"), new PortRange(8000, 8099)));
        assertThat(parse("my_service.internal").host()).isEqualTo(new ExactName("my_service.internal"));
    }

    @Test
    void suffixesAndAny() {
        assertThat(parse("*.Wikipedia.org:443"))
                .isEqualTo(new EgressTarget(new NameSuffix("wikipedia.org"), new PortRange(443, 443)));
        assertThat(parse("*")).isEqualTo(new EgressTarget(new AnyHost(), PortRange.ANY));
        assertThat(parse("*:443")).isEqualTo(new EgressTarget(new AnyHost(), new PortRange(443, 443)));
    }

    @Test
    void ipv4AddressesAndBlocks() {
        assertThat(parse("127.0.0.1:8080"))
                .isEqualTo(new EgressTarget(new IpPrefix(false, 0, 0x7f000001L, 32), new PortRange(8080, 8080)));
        assertThat(parse("10.0.0.0/8:443"))
                .isEqualTo(new EgressTarget(new IpPrefix(false, 0, 0x0a000000L, 8), new PortRange(443, 443)));
        assertThat(parse("0.0.0.0/0").host()).isEqualTo(new IpPrefix(false, 0, 0, 0));
    }

    @Test
    void ipv6AddressesAndBlocks() {
        assertThat(parse("::1")).isEqualTo(new EgressTarget(new IpPrefix(true, 0, 1, 128), PortRange.ANY));
        assertThat(parse("[::1]")).isEqualTo(new EgressTarget(new IpPrefix(true, 0, 1, 128), PortRange.ANY));
        assertThat(parse("[::1]:8080"))
                .isEqualTo(new EgressTarget(new IpPrefix(true, 0, 1, 128), new PortRange(8080, 8080)));
        assertThat(parse("fd00::/8")).isEqualTo(new EgressTarget(new IpPrefix(true, 0xfd00L << 48, 0, 8), PortRange.ANY));
        assertThat(parse("[fd00::/8]:443"))
                .isEqualTo(new EgressTarget(new IpPrefix(true, 0xfd00L << 48, 0, 8), new PortRange(443, 443)));
        assertThat(parse("2001:DB8::10").host().toString()).isEqualTo("2001:db8::10");
    }

    @Test
    void ipv4MappedAndCompatibleRulesBecomeIpv4() {
        assertThat(parse("::ffff:10.1.2.3").host()).isEqualTo(new IpPrefix(false, 0, 0x0a010203L, 32));
        assertThat(parse("[::ffff:10.0.0.0/104]:443").host()).isEqualTo(new IpPrefix(false, 0, 0x0a000000L, 8));
        assertThat(parse("::10.1.2.3").host()).isEqualTo(new IpPrefix(false, 0, 0x0a010203L, 32));
        assertThat(parse("::").host()).isEqualTo(new IpPrefix(true, 0, 0, 128));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty target",
            "a.com:|missing port after ':'",
            ":443|missing host before ':'",
            "a.com:0|port must be a number from 1 to 65535, found '0'",
            "a.com:65536|port must be a number from 1 to 65535, found '65536'",
            "a.com:http|port must be a number from 1 to 65535, found 'http'",
            "a.com:10-5|port range 10-5 is backwards (low > high)",
            "a.com:1-|port must be a number from 1 to 65535, found ''",
            "10.0.0.0/33|CIDR prefix must be a number from 0 to 32, found '33'",
            "10.0.0.0/|CIDR prefix must be a number from 0 to 32, found ''",
            "10.0.0.1/8|address has bits set beyond the /8 prefix; did you mean 10.0.0.0/8?",
            "fd00::1/8|address has bits set beyond the /8 prefix; did you mean fd00::/8?",
            "fd00::/129|CIDR prefix must be a number from 0 to 128, found '129'",
            "300.1.1.1|'300.1.1.1' is neither a host name nor an IPv4 address",
            "1.2.3|'1.2.3' is neither a host name nor an IPv4 address",
            "a.*.com|'*' is allowed only as the whole host or as a leading '*.'",
            "*.|empty host name",
            "a..com|host name labels must have 1 to 63 characters",
            "-a.com|host name label '-a' starts or ends with '-'",
            "bücher.de|invalid character 'ü' in host name (write international names in their xn-- form)",
            "a.com/8|'a.com' is not an IPv4 address",
            "[::1|missing ']'",
            "[::1]443|expected ':port' after ']'",
            "[10.0.0.0/8]:443|brackets are only for IPv6",
            "[1.2.3.4]|'1.2.3.4' is not an IPv6 address",
            "fe80::1%eth0|zone ids ('%') are not supported",
            "1:2:3|'1:2:3' is not an IPv6 address",
            "fd00::/8:443|CIDR prefix must be a number from 0 to 128, found '8:443'; an IPv6 address with a port is written in brackets, like [::1]:8080",
    })
    void invalidTargets(String text, String reason) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }
}
