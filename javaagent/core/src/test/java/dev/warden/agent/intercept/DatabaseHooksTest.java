package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.DatabaseDecider;
import dev.warden.agent.decide.DatabaseSockets;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.record.DatabaseSpans;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.WardenAttributes;
import dev.warden.policy.Mode;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.SqlAnalysisCache;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDBC hooks as the bridge calls them, around a real H2 driver (no agent in this JVM). */
class DatabaseHooksTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final AtomicReference<ActivePolicy> active = new AtomicReference<>();
    private final EgressDecider egress;
    private final DatabaseSockets sockets;
    private final DatabaseHooks hooks;
    private final org.h2.Driver driver = new org.h2.Driver();
    private Connection connection;

    DatabaseHooksTest() throws Exception {
        active.set(policy("[select]", Mode.ENFORCE));
        egress = new EgressDecider(active.get(), new ResolvedNames(16));
        sockets = new DatabaseSockets(egress);
        hooks = new DatabaseHooks(new DatabaseDecider(active::get, new SqlAnalysisCache(16)), sockets,
                new DatabaseSpans(() -> tracing.get("test")),
                new AccessMediator(new DecisionRecorder(null, ready -> { }, 0, null)));
    }

    private static ActivePolicy policy(String allow, Mode mode) throws Exception {
        return new ActivePolicy(PolicyEngine.compile(PolicyParser.parse("""
                policy: jdbc-hooks-test
                databases:
                  - url: "jdbc:h2:mem:hooks"
                    allow: %s
                  - url: "jdbc:h2:tcp://127.0.0.1:9092/crm"
                    allow: [select]
                """.formatted(allow), "hooks.yaml")), 0, "test").withMode(mode);
    }

    @AfterEach
    void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    private Statement openStatement() throws Exception {
        Object call = hooks.beforeConnect(driver, "jdbc:h2:mem:hooks", new Properties(), null);
        assertThat(call).isNotInstanceOf(String.class);
        connection = driver.connect("jdbc:h2:mem:hooks", new Properties());
        hooks.afterConnect(call, connection, null);
        return connection.createStatement();
    }

    @Test
    void statementsAreDecidedOnTheirConnectionsGrantWithASpanEach() throws Exception {
        Statement statement = openStatement();
        Object allowed = hooks.beforeSql(statement, "select 42", false, null);
        assertThat(allowed).isNotInstanceOf(String.class);
        hooks.afterSql(allowed, null);

        Object denied = hooks.beforeSql(statement, "drop table customers", false, null);
        assertThat(denied).isInstanceOf(String.class);
        assertThat((String) denied).isEqualTo("warden: denied DROP on jdbc:h2:mem:hooks: no databases rule allows ddl on "
                + "customers (databases[0] allows [select]) [rule databases[0]]");

        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactly("CONNECT hooks", "SELECT", "DROP customers");
    }

    @Test
    void preparingOnAConnectionIsDecidedLikeSendingThroughAStatement() throws Exception {
        openStatement();
        assertThat(hooks.beforeSql(connection, "delete from customers", true, null)).asString().contains("delete on customers");
    }

    @Test
    void auditModeRecordsButLetsThrough() throws Exception {
        active.set(policy("[select]", Mode.AUDIT));
        Statement statement = openStatement();
        Object call = hooks.beforeSql(statement, "drop table customers", false, null);
        assertThat(call).isNotInstanceOf(String.class);
        hooks.afterSql(call, null);
        assertThat(exported.getFinishedSpanItems().get(1).getAttributes().asMap().toString()).contains("audit-deny");
    }

    @Test
    void afterAReloadTheConnectionsStatementsFollowTheNewRules() throws Exception {
        Statement statement = openStatement();
        assertThat(hooks.beforeSql(statement, "drop table customers", false, null)).isInstanceOf(String.class);
        active.set(policy("[select, ddl]", Mode.ENFORCE));
        assertThat(hooks.beforeSql(statement, "drop table customers", false, null)).isNotInstanceOf(String.class);
    }

    @Test
    void aTextPreparedAgainIsAnsweredAsBeforeWithASpanEachAndAModeChangeDecidesItAgain() throws Exception {
        openStatement();
        for (int i = 0; i < 2; i++) {
            assertThat(hooks.beforeSql(connection, "drop table customers", true, null)).asString().contains("denied DROP");
        }
        active.set(active.get().withMode(Mode.AUDIT));
        Object audited = hooks.beforeSql(connection, "drop table customers", true, null);
        assertThat(audited).isNotInstanceOf(String.class);
        hooks.afterSql(audited, null);
        assertThat(exported.getFinishedSpanItems()).extracting(span -> span.getName() + " "
                        + span.getAttributes().get(WardenAttributes.WARDEN_DECISION))
                .containsExactly("CONNECT hooks allow", "DROP customers deny", "DROP customers deny", "DROP customers audit-deny");
    }

    @Test
    void theSameSqlOnTheSameConnectionInsideADecidedCallIsNotDecidedAgain() throws Exception {
        Statement statement = openStatement();
        Object outer = hooks.beforeSql(statement, "select 42", false, null);

        // a pool's proxy statement delegating to the driver's, a driver's executeQuery calling its execute
        assertThat(hooks.beforeSql(connection.createStatement(), "select 42", false, outer)).isNull();
        assertThat(hooks.beforeSql(connection, "select 42", true, outer)).isNull();
        hooks.afterSql(outer, null);
        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("CONNECT hooks", "SELECT");
    }

    @Test
    void otherSqlInsideAnAllowedCallIsDecidedOnItsOwn() throws Exception {
        Statement statement = openStatement();
        Object outer = hooks.beforeSql(statement, "select 42", false, null);

        assertThat(hooks.beforeSql(statement, "drop table customers", false, outer)).asString()
                .startsWith("warden: denied DROP on jdbc:h2:mem:hooks");
        Object allowedInside = hooks.beforeSql(statement, "select 43", false, outer);
        assertThat(allowedInside).isNotNull().isNotInstanceOf(String.class);
        // and what runs inside that one is compared with it, not with the call around it
        assertThat(hooks.beforeSql(statement, "select 42", false, allowedInside)).isNotNull();
    }

    @Test
    void sqlOnAnInternalConnectionInsideADecidedCallIsDecidedByThatCallsConnection() throws Exception {
        Statement statement = openStatement();
        Object outer = hooks.beforeSql(statement, "select 42", false, null);
        // H2 runs the query given to CSVWRITE on a connection of its own
        try (Connection internal = driver.connect("jdbc:h2:mem:internal", new Properties())) {
            assertThat(hooks.beforeSql(internal.createStatement(), "select 42", false, outer)).isNull();
            assertThat(hooks.beforeSql(internal.createStatement(), "drop table customers", false, outer)).asString()
                    .startsWith("warden: denied DROP on jdbc:h2:mem:hooks");
        }
    }

    @Test
    void aConnectInsideAConnectToTheSameUrlRegistersWhatItReturnsButOneToAnotherUrlIsDecided() throws Exception {
        Object outer = hooks.beforeConnect(driver, "jdbc:h2:mem:hooks", new Properties(), null);
        assertThat(hooks.beforeConnect(driver, "jdbc:h2:mem:other", new Properties(), outer)).asString()
                .startsWith("warden: denied connect to database jdbc:h2:mem:other");
        Properties withUser = new Properties();
        withUser.setProperty("user", "sa");
        Object otherProperties = hooks.beforeConnect(driver, "jdbc:h2:mem:hooks", withUser, outer);
        assertThat(otherProperties).isNotNull();
        hooks.afterConnect(otherProperties, null, new java.sql.SQLException("wrong user"));

        Object delegated = hooks.beforeConnect(driver, "jdbc:h2:mem:hooks", new Properties(), outer);
        connection = driver.connect("jdbc:h2:mem:hooks", new Properties());
        hooks.afterConnect(delegated, connection, null);
        assertThat(hooks.beforeSql(connection.createStatement(), "drop table customers", false, outer)).asString()
                .contains("ddl on customers");
        assertThat(hooks.beforeSql(connection.createStatement(), "select 42", false, outer)).isNotInstanceOf(String.class);
        hooks.afterConnect(outer, connection, null);
        assertThat(exported.getFinishedSpanItems()).extracting(SpanData::getName).filteredOn(name -> name.startsWith("CONNECT"))
                .containsExactly("CONNECT other", "CONNECT hooks", "CONNECT hooks");
    }

    @Test
    void sqlOnTheConnectionBeingOpenedIsDecidedAgainstTheRulesOfItsUrl() throws Exception {
        Object connecting = hooks.beforeConnect(driver, "jdbc:h2:mem:hooks", new Properties(), null);
        try (Connection opening = driver.connect("jdbc:h2:mem:hooks", new Properties())) {
            assertThat(hooks.beforeSql(opening.createStatement(), "drop table customers", false, connecting)).asString()
                    .startsWith("warden: denied DROP on jdbc:h2:mem:hooks").endsWith("[rule databases[0]]");
            Object allowed = hooks.beforeSql(opening.createStatement(), "select 42", false, connecting);
            assertThat(allowed).isNotInstanceOf(String.class);
            // deeper down, still the connection being opened
            assertThat(hooks.beforeSql(opening.createStatement(), "delete from customers", false, allowed)).asString()
                    .contains("delete on customers");
        }
    }

    @Test
    void sqlOnAConnectionWardenDidNotSeeOpenIsDenied() throws Exception {
        try (Connection unseen = driver.connect("jdbc:h2:mem:unseen", new Properties())) {
            assertThat(hooks.beforeSql(unseen.createStatement(), "select 1", false, null)).asString()
                    .contains("not opened through a mediated Driver.connect");
        }
    }

    @Test
    void aRefusedUrlIsNeverConnected() {
        assertThat(hooks.beforeConnect(driver, "jdbc:h2:mem:other", new Properties(), null)).asString()
                .startsWith("warden: denied connect to database jdbc:h2:mem:other");
    }

    @Test
    void anAllowedConnectOpensItsServersAddressOnItsThreadAndTheThreadsItStartsUntilItReturns() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Object call = hooks.beforeConnect(driver, "jdbc:h2:tcp://127.0.0.1:9092/crm", new Properties(), null);
        assertThat(sockets.connect(loopback, 9092)).isNotNull();
        assertThat(sockets.connect(loopback, 9093)).isNull();
        AtomicReference<Object> seenByChild = new AtomicReference<>();
        Thread child = new Thread(() -> seenByChild.set(sockets.connect(loopback, 9092)));
        child.start();
        child.join();
        assertThat(seenByChild.get()).isNotNull();
        hooks.afterConnect(call, null, new java.sql.SQLException("server down"));
        assertThat(sockets.connect(loopback, 9092)).isNull();
    }
}
