package dev.warden.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matchers select the real methods of a real driver (H2). */
class JdbcInstrumentationTest {

    @Test
    void driverConnect() {
        List<Selection> selections = AdviceCoverage.onType(new JdbcDriverInstrumentation(), org.h2.Driver.class);
        assertThat(selections.get(0).methods()).containsExactly("connect(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;");
    }

    @Test
    void everyPrepareOverload() {
        List<Selection> selections = AdviceCoverage.onType(new JdbcConnectionInstrumentation(), org.h2.jdbc.JdbcConnection.class);
        assertThat(selections.get(0).methods())
                .contains("prepareStatement(Ljava/lang/String;)Ljava/sql/PreparedStatement;",
                        "prepareStatement(Ljava/lang/String;[Ljava/lang/String;)Ljava/sql/PreparedStatement;",
                        "prepareCall(Ljava/lang/String;III)Ljava/sql/CallableStatement;")
                .hasSize(9);
    }

    @Test
    void everySqlTakingStatementMethod() {
        List<Selection> selections = AdviceCoverage.onType(new JdbcStatementInstrumentation(), org.h2.jdbc.JdbcStatement.class);
        assertThat(selections.get(0).methods())
                .contains("executeQuery(Ljava/lang/String;)Ljava/sql/ResultSet;", "addBatch(Ljava/lang/String;)V",
                        "execute(Ljava/lang/String;I)Z", "executeLargeUpdate(Ljava/lang/String;[Ljava/lang/String;)J")
                .noneMatch(m -> m.startsWith("executeBatch"));
    }
}
