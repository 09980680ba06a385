package dev.warden.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names as real apps draw them per run (spring-petclinic on Tomcat and H2), and names that stay. */
class RunValuesTest {

    @Test
    void uuidsLongNumbersAndLongHexadecimalValuesBecomeAStarAndTheTextAroundThemStays() {
        assertThat(RunValues.generalise("jdbc:h2:mem:ff99f619-3c1a-4c0b-9a4e-0d9e5b7c1f22")).isEqualTo("jdbc:h2:mem:*");
        assertThat(RunValues.generalise("/tmp/tomcat.8080.17631594838905135665/work")).isEqualTo("/tmp/tomcat.8080.*/work");
        assertThat(RunValues.generalise("/tmp/tomcat-docbase.8080.1234567890123456789")).isEqualTo("/tmp/tomcat-docbase.8080.*");
        assertThat(RunValues.generalise("/tmp/upload8123456789012345.tmp")).isEqualTo("/tmp/upload*.tmp");
        assertThat(RunValues.generalise("/tmp/cache-3f9a0c1b2d4e5f60.bin")).isEqualTo("/tmp/cache-*.bin");
        assertThat(RunValues.generalise("/sys/fs/cgroup/system.slice/docker-4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a0918273645f"
                + "e5d4c3b2a1908172.scope/memory.max")).isEqualTo("/sys/fs/cgroup/system.slice/docker-*.scope/memory.max");
    }

    @Test
    void portsVersionsShortNumbersAndWordsStay() {
        for (String stays : new String[] {"jdbc:postgresql://127.0.0.1:5432/crm", "/srv/app/lib/spring-core-6.2.14.jar",
            "/proc/self/status", "/srv/app/data/2024/report-17.csv", "/opt/deadbeefcafe/conf"}) {
            assertThat(RunValues.generalise(stays)).isEqualTo(stays);
        }
    }
}
