package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.demo.EgressDemo;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.WardenAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command shows what the README says it shows. */
class DemoIT {

    @Test
    void theSampleAgentsAllowedCallWorksAndNothingReachesTheAttacker() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        EgressDemo.Outcome outcome = EgressDemo.run(WardenAgent.jar(), null, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(outcome.asClaimed()).as(output).isTrue();
        assertThat(outcome.spans()).as(output)
                .anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("POST");
                    assertThat(s.str("warden.decision")).isEqualTo("allow");
                    assertThat(s.lng("http.response.status_code")).isEqualTo(200L);
                })
                .anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("resolve");
                    assertThat(s.str("warden.decision")).isEqualTo("deny");
                });
        assertThat(outcome.spans().stream().filter(s -> "deny".equals(s.str("warden.decision"))).map(ReceivedSpan::name))
                .as(output).containsExactlyInAnyOrder("GET", "connect", "resolve", "GET");
        assertThat(output).contains("[warden] enforcing bundle \"demo-support-bot\" revision 1 signed by ")
                .contains("as claimed: the allowed call worked, nothing reached the attacker")
                .contains("FAILED  tool fetch_url").contains("ok      chat: ask the LLM");
    }
}
