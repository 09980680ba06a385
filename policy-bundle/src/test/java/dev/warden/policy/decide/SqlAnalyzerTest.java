package dev.warden.policy.decide;

import static dev.warden.policy.DatabaseOperation.DDL;
import static dev.warden.policy.DatabaseOperation.DELETE;
import static dev.warden.policy.DatabaseOperation.INSERT;
import static dev.warden.policy.DatabaseOperation.SELECT;
import static dev.warden.policy.DatabaseOperation.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlAnalyzerTest {

    private static List<TableAccess> accesses(String sql) {
        SqlAnalysis analysis = SqlAnalyzer.analyze(sql);
        assertThat(analysis.unreadableReason()).as(sql).isNull();
        return analysis.statements().stream().flatMap(s -> s.accesses().stream()).toList();
    }

    @Test
    void selectWithCommentsQuotedSchemaQualifiedNamesAndJoins() {
        assertThat(accesses("/* hi */ select * from \"Crm\".customers c join orders o on c.id = o.cid -- tail"))
                .containsExactly(new TableAccess(SELECT, "crm.customers"), new TableAccess(SELECT, "orders"));
    }

    @Test
    void cteNamesAreNotTablesButWhatTheyReadIs() {
        assertThat(accesses("with x as (select * from secrets) select * from x"))
                .containsExactly(new TableAccess(SELECT, "secrets"));
    }

    @Test
    void subqueriesAreReadWhileTheTargetIsWritten() {
        assertThat(accesses("delete from a where id in (select id from b)"))
                .containsExactlyInAnyOrder(new TableAccess(DELETE, "a"), new TableAccess(SELECT, "b"));
        assertThat(accesses("update a set x = (select max(y) from b)"))
                .containsExactlyInAnyOrder(new TableAccess(UPDATE, "a"), new TableAccess(SELECT, "b"));
        assertThat(accesses("insert into a select * from b"))
                .containsExactly(new TableAccess(INSERT, "a"), new TableAccess(SELECT, "b"));
    }

    @Test
    void selectIntoCreatesAndFillsItsTarget() {
        assertThat(accesses("select a into newt from b")).containsExactly(
                new TableAccess(DDL, "newt"), new TableAccess(INSERT, "newt"), new TableAccess(SELECT, "b"));
    }

    @Test
    void mergeWritesItsTargetPerClause() {
        assertThat(accesses("merge into t using s on (t.id = s.id) when matched then delete "
                + "when not matched then insert (a) values (1)"))
                .containsExactly(new TableAccess(DELETE, "t"), new TableAccess(INSERT, "t"), new TableAccess(SELECT, "s"));
    }

    @Test
    void upsertOnConflictAlsoUpdates() {
        assertThat(accesses("insert into t values (1) on conflict (id) do update set a = 1"))
                .containsExactly(new TableAccess(INSERT, "t"), new TableAccess(UPDATE, "t"));
    }

    @Test
    void ddlNamesItsObject() {
        assertThat(accesses("drop table customers")).containsExactly(new TableAccess(DDL, "customers"));
        assertThat(accesses("create table x as select * from y"))
                .containsExactly(new TableAccess(DDL, "x"), new TableAccess(SELECT, "y"));
        assertThat(accesses("create index i on a(b)")).containsExactly(new TableAccess(DDL, "a"));
        assertThat(accesses("truncate table x")).containsExactly(new TableAccess(DDL, "x"));
        assertThat(accesses("create view v as select * from t"))
                .containsExactly(new TableAccess(DDL, "v"), new TableAccess(SELECT, "t"));
        assertThat(accesses("alter table a add column b int")).containsExactly(new TableAccess(DDL, "a"));
    }

    @Test
    void copyFromWritesCopyToReads() {
        assertThat(accesses("COPY crm.customers (id, name) FROM STDIN")).containsExactly(new TableAccess(INSERT, "crm.customers"));
        assertThat(accesses("copy orders to stdout")).containsExactly(new TableAccess(SELECT, "orders"));
        assertThat(accesses("copy (select * from secrets) to stdout")).containsExactly(new TableAccess(SELECT, "secrets"));
        assertThat(SqlAnalyzer.analyze("copy t from program 'rm -rf /'").functions()).containsExactly("copy_program");
        assertThat(SqlAnalyzer.analyze("copy (select * from t) to '/tmp/out'").functions()).containsExactly("copy_file");
        assertThat(SqlAnalyzer.analyze("copy t from '/etc/passwd'").functions()).containsExactly("copy_file");
        assertThat(SqlAnalyzer.analyze("copy t to stdout").functions()).isEmpty();
    }

    @Test
    void severalStatementsInOneStringAreEachRead() {
        SqlAnalysis analysis = SqlAnalyzer.analyze("select * from a; drop table b");
        assertThat(analysis.statements()).extracting(SqlStatement::operationName).containsExactly("SELECT", "DROP");
        assertThat(analysis.operationName()).isEqualTo("BATCH");
    }

    @Test
    void sessionStatementsNeedNoOperation() {
        assertThat(SqlAnalyzer.analyze("commit").statements().get(0).operation()).isNull();
        assertThat(SqlAnalyzer.analyze("set search_path = x").statements().get(0).operation()).isNull();
    }

    @Test
    void whatCannotBeReadSaysSo() {
        assertThat(SqlAnalyzer.analyze("selec * frm x").unreadableReason()).startsWith("the SQL cannot be parsed");
        // a data-modifying CTE: the parser reads it, the table finder cannot
        assertThat(SqlAnalyzer.analyze("with d as (delete from x returning *) select * from d").readable()).isFalse();
    }

    @Test
    void queryTextIsSanitised() {
        SqlAnalysis analysis = SqlAnalyzer.analyze("select * from t where a = 'O''Brien' and b = 42 and c = ? -- secret");
        assertThat(analysis.sanitisedText()).isEqualTo("select * from t where a = ? and b = ? and c = ?");
        assertThat(analysis.operationName()).isEqualTo("SELECT");
        assertThat(analysis.collectionName()).isEqualTo("t");
    }

    @Test
    void cacheParsesEachTextOnceAndStaysBounded() {
        SqlAnalysisCache cache = new SqlAnalysisCache(2);
        SqlAnalysis first = cache.analyze("select 1");
        assertThat(cache.analyze("select 1")).isSameAs(first);
        cache.analyze("select 2");
        cache.analyze("select 3");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void functionsAreReadFromTheTextWhateverTheQuotesAndQualifiers() {
        assertThat(SqlAnalyzer.analyze("select lower(name), pg_catalog.pg_read_file('/etc/passwd') from t").functions())
                .containsExactly("lower", "pg_read_file");
        assertThat(SqlAnalyzer.analyze("select \"PG_LS_DIR\" ('.')").functions()).containsExactly("pg_ls_dir");
        // names inside literals and comments are not calls
        assertThat(SqlAnalyzer.analyze("select 'lo_export(1)' /* file_read( */ from t").functions()).isEmpty();
        assertThat(SqlAnalyzer.analyze("do $$ begin execute 'x'; end $$").functions()).containsExactly("do");
        assertThat(SqlAnalyzer.analyze("CREATE ALIAS REVERSE AS 'String r(String s) { return s; }'").functions())
                .containsExactly("create_alias");
        assertThat(SqlAnalyzer.analyze("attach database '/tmp/x.db' as x").functions()).containsExactly("attach");
        assertThat(SqlAnalyzer.analyze("create foreign table f (a int) server s").functions()).contains("foreign_data");
    }

    @Test
    void h2TrailingIfExistsAndIdentityColumnsParse() {
        assertThat(accesses("DROP TABLE vets IF EXISTS")).containsExactly(new TableAccess(DDL, "vets"));
        assertThat(accesses("DROP TABLE vet_specialties IF EXISTS; DROP TABLE vets IF EXISTS"))
                .containsExactly(new TableAccess(DDL, "vet_specialties"), new TableAccess(DDL, "vets"));
        assertThat(accesses("CREATE TABLE IF NOT EXISTS vets (id INTEGER IDENTITY PRIMARY KEY, first_name VARCHAR(30))"))
                .containsExactly(new TableAccess(DDL, "vets"));
        assertThat(accesses("CREATE TABLE owners (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)"))
                .containsExactly(new TableAccess(DDL, "owners"));
        assertThat(accesses("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n TEXT)"))
                .containsExactly(new TableAccess(DDL, "t"));
        assertThat(accesses("CREATE TABLE t (id SERIAL PRIMARY KEY, n TEXT)")).containsExactly(new TableAccess(DDL, "t"));
    }
}
