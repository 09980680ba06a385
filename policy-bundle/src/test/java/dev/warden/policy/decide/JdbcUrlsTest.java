package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void h2() {
        assertThat(JdbcUrls.normalise("jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1", null).urls()).containsExactly("jdbc:h2:mem:crm");
        String home = System.getProperty("user.home");
        assertThat(JdbcUrls.normalise("jdbc:h2:~/data/../db", null).url()).isEqualTo("jdbc:h2:file:" + Path.of(home, "db"));
        assertThat(JdbcUrls.normalise("jdbc:h2:file:/srv/x/./db", null).url()).isEqualTo("jdbc:h2:file:/srv/x/db");
        JdbcTarget tcp = JdbcUrls.normalise("jdbc:h2:tcp://LocalHost/mem:crm", null);
        assertThat(tcp.urls()).containsExactly("jdbc:h2:tcp://localhost:9092/mem:crm");
        assertThat(tcp.endpoints()).containsExactly(new JdbcTarget.Endpoint("localhost", 9092));
    }

    @Test
    void sqlite() {
        assertThat(JdbcUrls.normalise("jdbc:sqlite:", null).url()).isEqualTo("jdbc:sqlite::memory:");
        assertThat(JdbcUrls.normalise("jdbc:sqlite:file:/tmp/a/../b.db?journal_mode=WAL", null).url())
                .isEqualTo("jdbc:sqlite:/tmp/b.db");
    }

    @Test
    void postgresql() {
        JdbcTarget multi = JdbcUrls.normalise("jdbc:postgresql://db1,[::1]:6543/crm?targetServerType=primary", null);
        assertThat(multi.urls()).containsExactly("jdbc:postgresql://db1:5432/crm", "jdbc:postgresql://[::1]:6543/crm");
        assertThat(multi.namespace()).isEqualTo("crm");
        assertThat(JdbcUrls.normalise("jdbc:postgresql:crm", null).urls()).containsExactly("jdbc:postgresql://localhost:5432/crm");
        assertThat(JdbcUrls.normalise("jdbc:postgresql://h/crm?socketFactoryArg=x", null).refusal()).contains("socketFactoryArg");
        assertThat(JdbcUrls.normalise("jdbc:postgresql://h/crm", Map.of("socketFactory", "x")).refusal()).contains("socketFactory");
        assertThat(JdbcUrls.normalise("jdbc:postgresql://h/crm", Map.of("user", "u")).refusal()).isNull();
    }

    @Test
    void otherDriversAsWritten() {
        JdbcTarget other = JdbcUrls.normalise("jdbc:MySQL://h:3306/x", null);
        assertThat(other.system()).isEqualTo("mysql");
        assertThat(other.urls()).isEqualTo(List.of("jdbc:mysql://h:3306/x"));
        assertThat(other.endpoints()).isEmpty();
    }
}
