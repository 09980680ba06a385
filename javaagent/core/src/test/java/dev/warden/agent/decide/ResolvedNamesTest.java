package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ResolvedNamesTest {

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void remembersEveryNameThatResolvedToAnAddressNormalised() throws Exception {
        ResolvedNames names = new ResolvedNames(8);
        names.record("A.example.com.", new InetAddress[] {ip(1), ip(2)});
        names.record("b.example.com", new InetAddress[] {ip(1)});
        names.record("a.example.com", new InetAddress[] {ip(1)});

        assertThat(names.namesOf(ip(1))).containsExactly("a.example.com", "b.example.com");
        assertThat(names.namesOf(ip(2))).containsExactly("a.example.com");
        assertThat(names.namesOf(ip(3))).isEmpty();
    }

    @Test
    void forgetsTheLeastRecentlyUsedAddressBeyondItsCapacity() throws Exception {
        ResolvedNames names = new ResolvedNames(2);
        names.record("one", new InetAddress[] {ip(1)});
        names.record("two", new InetAddress[] {ip(2)});
        names.namesOf(ip(1));
        names.record("three", new InetAddress[] {ip(3)});

        assertThat(names.namesOf(ip(1))).containsExactly("one");
        assertThat(names.namesOf(ip(2))).isEmpty();
        assertThat(names.namesOf(ip(3))).containsExactly("three");
    }

    @Test
    void keepsAtMostFourNamesPerAddressDroppingTheOldest() throws Exception {
        ResolvedNames names = new ResolvedNames(8);
        for (String name : new String[] {"n1", "n2", "n3", "n4", "n5"}) {
            names.record(name, new InetAddress[] {ip(1)});
        }

        assertThat(names.namesOf(ip(1))).containsExactly("n2", "n3", "n4", "n5");
    }
}
