package dev.warden.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDBC door shows its hooks: each call with the decided call around it, never a skipped one. */
class JdbcBridgeTest {

    /** Decides each text as allowed (the handle shows the text), "deny*" as a denial; records what it was shown. */
    private static final class RecordingJdbcHooks implements JdbcHooks {
        final List<String> shown = new ArrayList<>();
        Runnable duringDecision = () -> { };

        @Override
        public Object beforeConnect(Object driver, String url, Object properties, Object enclosing) {
            return before(url, enclosing);
        }

        @Override
        public void afterConnect(Object handle, Object connection, Throwable thrown) {
            shown.add("after " + handle);
        }

        @Override
        public Object beforeSql(Object subject, String sql, boolean prepare, Object enclosing) {
            return before(sql, enclosing);
        }

        @Override
        public void afterSql(Object handle, Throwable thrown) {
            shown.add("after " + handle);
        }

        private Object before(String text, Object enclosing) {
            shown.add(text + " in " + enclosing);
            duringDecision.run();
            return text.startsWith("deny") ? "warden: denied " + text : new StringBuilder(text);
        }
    }

    private static final RecordingJdbcHooks HOOKS = new RecordingJdbcHooks();

    @BeforeAll
    static void install() {
        WardenBridgeTest.install();
        JdbcBridge.install(HOOKS, WardenBridgeTest.CAPABILITY);
    }

    @BeforeEach
    void clear() {
        HOOKS.shown.clear();
        HOOKS.duringDecision = () -> { };
    }

    @Test
    void eachCallIsShownWithTheInnermostDecidedCallAroundIt() {
        Object connect = JdbcBridge.beforeConnect(null, "jdbc:h2:mem:crm", null);
        Object select = JdbcBridge.beforeSql(null, "select 1", false);
        Object denied = JdbcBridge.beforeSql(null, "deny drop", false);
        Object insert = JdbcBridge.beforeSql(null, "insert", false);
        JdbcBridge.afterSql(insert, null);
        JdbcBridge.afterSql(select, null);
        Object afterwards = JdbcBridge.beforeSql(null, "select 2", false);
        JdbcBridge.afterSql(afterwards, null);
        JdbcBridge.afterConnect(connect, null, null);
        Object alone = JdbcBridge.beforeSql(null, "select 3", false);
        JdbcBridge.afterSql(alone, null);

        assertThat(denied).isInstanceOf(String.class);
        assertThat(HOOKS.shown).containsExactly("jdbc:h2:mem:crm in null", "select 1 in jdbc:h2:mem:crm",
                "deny drop in select 1", "insert in select 1", "after insert", "after select 1",
                "select 2 in jdbc:h2:mem:crm", "after select 2", "after jdbc:h2:mem:crm", "select 3 in null", "after select 3");
    }

    @Test
    void jdbcRunByCodeTheHooksCallIsRefusedNotSkipped() {
        List<Object> inside = new ArrayList<>();
        HOOKS.duringDecision = () -> inside.add(JdbcBridge.beforeSql(null, "delete from customers", false));

        Object outer = JdbcBridge.beforeSql(null, "select 1", false);
        JdbcBridge.afterSql(outer, null);

        assertThat(inside).containsExactly(JdbcBridge.INSIDE_WARDEN);
        assertThat(HOOKS.shown).containsExactly("select 1 in null", "after select 1");
        // and once the hooks returned, the app's next call is shown again
        HOOKS.duringDecision = () -> { };
        JdbcBridge.afterSql(JdbcBridge.beforeSql(null, "select 2", false), null);
        assertThat(HOOKS.shown).endsWith("select 2 in null", "after select 2");
    }
}
