package dev.warden.agent.record.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The numbers the page is drawn from (the drawing itself is checked in a real browser by the integration tests). */
class AuditReportTest {

    private final AuditReport report = new AuditReport();

    @Test
    void countsDecisionsPerDestinationRuleAndToolAndKeepsTheLatestDenialsFirst() {
        for (int i = 0; i < 5; i++) {
            decision(1_000_000L + i * 1000, "https://api.openai.com/v1/chat/completions", "allow", "egress[0]", null);
        }
        decision(1_010_000L, "https://evil.example/steal", "deny", "default-deny", "tool:fetch_url");
        decision(1_020_000L, "http://evil.example:80/x</script><b>", "deny", "default-deny", "tool:fetch_url");

        String html = report.html("Warden audit: test", "7 records", true);

        assertThat(html).contains("\"totals\":{\"allow\":5,\"deny\":2}")
                .contains("[\"api.openai.com:443\",5,0]")
                .contains("[\"default-deny\",2]")
                .contains("[\"tool:fetch_url\",2]")
                .contains("x<\\/script><b>") // cannot close the data block early
                .doesNotContain("x</script>");
        assertThat(html.indexOf("evil.example:80/x")).isLessThan(html.indexOf("evil.example/steal"));
    }

    private void decision(long at, String target, String decision, String rule, String scope) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "decision");
        record.put("time", java.time.Instant.ofEpochMilli(at).toString());
        record.put("kind", "egress");
        record.put("action", "GET");
        record.put("target", target);
        record.put("decision", decision);
        record.put("rule", rule);
        if (scope != null) {
            record.put("scope", scope);
        }
        record.put("at", at);
        report.accept(record);
    }
}
