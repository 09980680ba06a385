package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What a driver runs itself while connecting, as the URL or the properties asked it to. */
class DatabaseSetUpTest {

    @Test
    void sqliteRunsThePragmasOfItsUrlOptionsAndProperties() {
        Properties properties = new Properties();
        properties.setProperty("synchronous", "OFF");
        String url = "jdbc:sqlite:/srv/crm.db?journal_mode=WAL&foreign_keys=true";

        assertThat(DatabaseSetUp.isSetUpOf(url, properties, "pragma journal_mode=WAL")).isTrue();
        assertThat(DatabaseSetUp.isSetUpOf(url, properties, "pragma foreign_keys=true")).isTrue();
        assertThat(DatabaseSetUp.isSetUpOf(url, properties, "pragma synchronous=OFF")).isTrue();
        assertThat(DatabaseSetUp.isSetUpOf(url, properties, "pragma busy_timeout=3000")).as("the driver's default").isTrue();
    }

    @Test
    void anythingElseIsNot() {
        String url = "jdbc:sqlite:/srv/crm.db?journal_mode=WAL";

        assertThat(DatabaseSetUp.isSetUpOf(url, Map.of(), "pragma journal_mode=OFF")).isFalse();
        assertThat(DatabaseSetUp.isSetUpOf(url, Map.of(), "pragma writable_schema=1")).isFalse();
        assertThat(DatabaseSetUp.isSetUpOf(url, Map.of(), "pragma journal_mode=WAL; drop table customers")).isFalse();
        assertThat(DatabaseSetUp.isSetUpOf(url, Map.of(), "pragma null=null")).isFalse();
        String smuggling = "jdbc:sqlite:/srv/crm.db?journal_mode=WAL;drop table customers";
        assertThat(DatabaseSetUp.isSetUpOf(smuggling, Map.of(), "pragma journal_mode=WAL;drop table customers")).isFalse();
        assertThat(DatabaseSetUp.isSetUpOf("jdbc:h2:mem:crm;journal_mode=WAL", Map.of(), "pragma journal_mode=WAL")).isFalse();
    }
}
