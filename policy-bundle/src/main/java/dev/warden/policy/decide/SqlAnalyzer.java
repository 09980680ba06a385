package dev.warden.policy.decide;

import dev.warden.policy.DatabaseOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterSession;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads SQL text into statements, operations and tables with JSqlParser. Every table the parser
 * finds is read ({@code select}) unless the statement writes it: the target of INSERT, UPDATE,
 * DELETE, MERGE, {@code SELECT ... INTO}, COPY FROM, and the object of DDL. Anything the parser
 * or this classification cannot read is reported as unreadable, never guessed.
 */
public final class SqlAnalyzer {

    private SqlAnalyzer() {
    }

    /** H2's {@code DROP TABLE name IF EXISTS}, which JSqlParser reads only as {@code DROP TABLE IF EXISTS name}. */
    private static final Pattern TRAILING_IF_EXISTS = Pattern.compile(
            "(?is)^(\\s*DROP\\s+(?:TABLE|VIEW|INDEX|SEQUENCE|SCHEMA)\\s+)([^\\s;]+)\\s+IF\\s+EXISTS\\b");

    public static SqlAnalysis analyze(String sql) {
        return statements(sql).withFunctions(ServerEffects.scan(sql));
    }

    /** The statements and tables of {@code sql}; {@link #analyze} adds the functions it calls. */
    static SqlAnalysis statements(String sql) {
        String sanitised = SqlSanitizer.sanitise(sql);
        SqlAnalysis copy = CopyStatements.read(sql, sanitised);
        if (copy != null) {
            return copy;
        }
        Statements statements;
        try {
            statements = parse(sql);
        } catch (Exception | Error unparsable) {
            // JavaCC's token manager fails with an Error, deeply nested text with StackOverflowError
            try {
                statements = parse(dialectFallback(sql, unparsable));
            } catch (Exception | Error stillUnparsable) {
                return SqlAnalysis.unreadable("the SQL cannot be parsed (" + firstLine(unparsable) + ")", sanitised);
            }
        }
        if (statements == null || statements.isEmpty()) {
            return SqlAnalysis.unreadable("the SQL holds no statement", sanitised);
        }
        List<SqlStatement> read = new ArrayList<>(statements.size());
        for (Statement statement : statements) {
            try {
                read.add(classify(statement));
            } catch (RuntimeException unsupported) {
                return SqlAnalysis.unreadable("the tables of a " + kind(statement) + " statement cannot be determined ("
                        + firstLine(unsupported) + ")", sanitised);
            }
        }
        return SqlAnalysis.of(read, sanitised);
    }

    private static Statements parse(String sql) throws Exception {
        return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true).Statements();
    }

    /**
     * The text in the form JSqlParser reads, for statements of H2's, PostgreSQL's or SQLite's own
     * syntax it does not; rethrows the parser's error when no fallback applies.
     */
    private static String dialectFallback(String sql, Throwable unparsable) throws Exception {
        StringBuilder rewritten = new StringBuilder();
        boolean changed = false;
        for (String statement : sql.split(";")) {
            Matcher trailing = TRAILING_IF_EXISTS.matcher(statement);
            if (trailing.find()) {
                statement = trailing.group(1) + "IF EXISTS " + trailing.group(2) + statement.substring(trailing.end());
                changed = true;
            }
            rewritten.append(rewritten.length() == 0 ? "" : ";").append(statement);
        }
        if (!changed) {
            throw unparsable instanceof Exception e ? e : new IllegalStateException(unparsable);
        }
        return rewritten.toString();
    }

    private static SqlStatement classify(Statement statement) {
        if (statement instanceof Select select) {
            Map<String, DatabaseOperation> tables = tables(statement, DatabaseOperation.SELECT);
            List<Table> into = new ArrayList<>();
            collectInto(select, into);
            if (into.isEmpty()) {
                return new SqlStatement("SELECT", DatabaseOperation.SELECT, accesses(tables));
            }
            // SELECT ... INTO creates the target table and fills it
            List<TableAccess> accesses = new ArrayList<>();
            for (Table target : into) {
                tables.remove(name(target));
                accesses.add(new TableAccess(DatabaseOperation.DDL, name(target)));
                accesses.add(new TableAccess(DatabaseOperation.INSERT, name(target)));
            }
            accesses.addAll(accesses(tables));
            return new SqlStatement("SELECT INTO", DatabaseOperation.DDL, accesses);
        }
        if (statement instanceof Insert insert) {
            Map<String, DatabaseOperation> tables = tables(statement, DatabaseOperation.SELECT);
            String target = name(insert.getTable());
            tables.remove(target);
            List<TableAccess> accesses = new ArrayList<>();
            accesses.add(new TableAccess(DatabaseOperation.INSERT, target));
            if (insert.getConflictAction() != null || insert.getDuplicateUpdateSets() != null) {
                accesses.add(new TableAccess(DatabaseOperation.UPDATE, target));
            }
            accesses.addAll(accesses(tables));
            return new SqlStatement("INSERT", DatabaseOperation.INSERT, accesses);
        }
        if (statement instanceof Upsert upsert) {
            return writes("UPSERT", statement, upsert.getTable(), DatabaseOperation.INSERT, DatabaseOperation.UPDATE);
        }
        if (statement instanceof Update update) {
            return writes("UPDATE", statement, update.getTable(), DatabaseOperation.UPDATE);
        }
        if (statement instanceof Delete delete) {
            Map<String, DatabaseOperation> tables = tables(statement, DatabaseOperation.SELECT);
            if (delete.getTables() != null && !delete.getTables().isEmpty()) {
                delete.getTables().forEach(t -> tables.put(name(t), DatabaseOperation.DELETE));
            } else {
                tables.put(name(delete.getTable()), DatabaseOperation.DELETE);
            }
            return new SqlStatement("DELETE", DatabaseOperation.DELETE, accesses(tables));
        }
        if (statement instanceof Merge merge) {
            return mergeStatement(merge);
        }
        if (statement instanceof Execute) {
            return new SqlStatement("CALL", DatabaseOperation.CALL, List.of());
        }
        if (statement instanceof CreateIndex createIndex) {
            return new SqlStatement("CREATE INDEX", DatabaseOperation.DDL,
                    List.of(new TableAccess(DatabaseOperation.DDL, name(createIndex.getTable()))));
        }
        if (statement instanceof CreateTable create) {
            return ddl(statement, create.getTable());
        }
        if (statement instanceof CreateView create) {
            return ddl(statement, create.getView());
        }
        if (statement instanceof AlterView alter) {
            return ddl(statement, alter.getView());
        }
        if (statement instanceof Alter alter) {
            return ddl(statement, alter.getTable());
        }
        if (statement instanceof Drop drop) {
            return ddl(statement, drop.getName());
        }
        if (statement instanceof Truncate truncate) {
            return ddl(statement, truncate.getTable());
        }
        if (statement instanceof RenameTableStatement || statement instanceof Comment) {
            return ddlOnEveryTable(statement);
        }
        if (statement instanceof CreateSchema || statement instanceof CreateSequence
                || statement instanceof AlterSequence || statement instanceof Grant) {
            return new SqlStatement(kind(statement), DatabaseOperation.DDL, List.of());
        }
        if (statement instanceof ExplainStatement explain) {
            SqlStatement inner = explain.getStatement() == null ? null : classify(explain.getStatement());
            // EXPLAIN ANALYZE runs the statement: it needs what the statement needs
            return inner == null ? new SqlStatement("EXPLAIN", DatabaseOperation.SELECT, List.of())
                    : new SqlStatement("EXPLAIN", inner.operation(), inner.accesses());
        }
        if (statement instanceof SetStatement || statement instanceof ResetStatement || statement instanceof Commit
                || statement instanceof RollbackStatement || statement instanceof SavepointStatement
                || statement instanceof ShowStatement || statement instanceof ShowTablesStatement
                || statement instanceof ShowColumnsStatement || statement instanceof ShowIndexStatement
                || statement instanceof DescribeStatement || statement instanceof UseStatement
                || statement instanceof AlterSession) {
            return new SqlStatement(kind(statement), null, List.of());
        }
        throw new UnsupportedOperationException("no rule operation is defined for it");
    }

    private static SqlStatement mergeStatement(Merge merge) {
        Map<String, DatabaseOperation> tables = tables(merge, DatabaseOperation.SELECT);
        String target = name(merge.getTable());
        tables.remove(target);
        List<TableAccess> accesses = new ArrayList<>();
        List<MergeOperation> operations = merge.getOperations();
        for (MergeOperation operation : operations == null ? List.<MergeOperation>of() : operations) {
            DatabaseOperation op = operation instanceof MergeInsert ? DatabaseOperation.INSERT
                    : operation instanceof MergeUpdate ? DatabaseOperation.UPDATE
                    : operation instanceof MergeDelete ? DatabaseOperation.DELETE : null;
            if (op == null) {
                throw new UnsupportedOperationException("unknown MERGE clause " + operation);
            }
            accesses.add(new TableAccess(op, target));
        }
        if (accesses.isEmpty()) {
            accesses.add(new TableAccess(DatabaseOperation.UPDATE, target));
        }
        accesses.addAll(accesses(tables));
        return new SqlStatement("MERGE", accesses.get(0).operation(), accesses);
    }

    private static SqlStatement writes(String name, Statement statement, Table target, DatabaseOperation... ops) {
        Map<String, DatabaseOperation> tables = tables(statement, DatabaseOperation.SELECT);
        String written = name(target);
        tables.remove(written);
        List<TableAccess> accesses = new ArrayList<>();
        for (DatabaseOperation op : ops) {
            accesses.add(new TableAccess(op, written));
        }
        accesses.addAll(accesses(tables));
        return new SqlStatement(name, ops[0], accesses);
    }

    /** DDL on {@code target} (created, changed or dropped); every other table it names is read. */
    private static SqlStatement ddl(Statement statement, Table target) {
        Map<String, DatabaseOperation> tables = tables(statement, DatabaseOperation.SELECT);
        String object = name(target);
        tables.remove(object);
        List<TableAccess> accesses = new ArrayList<>();
        accesses.add(new TableAccess(DatabaseOperation.DDL, object));
        accesses.addAll(accesses(tables));
        return new SqlStatement(kind(statement), DatabaseOperation.DDL, accesses);
    }

    /** DDL that names several objects (RENAME a TO b, COMMENT ON): each of them. */
    private static SqlStatement ddlOnEveryTable(Statement statement) {
        Map<String, DatabaseOperation> tables = tables(statement, DatabaseOperation.DDL);
        return new SqlStatement(kind(statement), DatabaseOperation.DDL, accesses(tables));
    }

    private static void collectInto(Select select, List<Table> into) {
        if (select instanceof PlainSelect plain && plain.getIntoTables() != null) {
            into.addAll(plain.getIntoTables());
        } else if (select instanceof SetOperationList union) {
            union.getSelects().forEach(each -> collectInto(each, into));
        } else if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
            collectInto(parenthesed.getSelect(), into);
        }
    }

    /** Every table the statement names (CTE names excluded), in order, each with {@code defaultOperation}. */
    private static Map<String, DatabaseOperation> tables(Statement statement, DatabaseOperation defaultOperation) {
        Set<String> found = new TablesNamesFinder<Void>().getTables(statement);
        Map<String, DatabaseOperation> tables = new LinkedHashMap<>();
        for (String each : found) {
            tables.put(normalise(each), defaultOperation);
        }
        return tables;
    }

    private static List<TableAccess> accesses(Map<String, DatabaseOperation> tables) {
        List<TableAccess> accesses = new ArrayList<>(tables.size());
        tables.forEach((table, op) -> accesses.add(new TableAccess(op, table)));
        return accesses;
    }

    private static String name(Table table) {
        if (table == null) {
            throw new UnsupportedOperationException("the statement names no table");
        }
        return normalise(table.getFullyQualifiedName());
    }

    /** {@code "Crm".`Customers`} becomes {@code crm.customers}: quotes off, lower case. */
    static String normalise(String qualifiedName) {
        StringBuilder out = new StringBuilder(qualifiedName.length());
        char quote = 0;
        for (int i = 0; i < qualifiedName.length(); i++) {
            char c = qualifiedName.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    out.append(c);
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static String kind(Statement statement) {
        String simple = statement.getClass().getSimpleName().replace("Statement", "");
        return switch (simple) {
            case "CreateTable" -> "CREATE TABLE";
            case "CreateView" -> "CREATE VIEW";
            case "AlterView" -> "ALTER VIEW";
            case "RenameTable" -> "RENAME";
            case "CreateSchema" -> "CREATE SCHEMA";
            case "CreateSequence" -> "CREATE SEQUENCE";
            case "AlterSequence" -> "ALTER SEQUENCE";
            case "ShowTables", "ShowColumns", "ShowIndex" -> "SHOW";
            case "Savepoint" -> "SAVEPOINT";
            case "AlterSession" -> "ALTER SESSION";
            default -> simple.toUpperCase(Locale.ROOT);
        };
    }

    private static String firstLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
