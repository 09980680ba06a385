package dev.warden.policy.decide;

import dev.warden.policy.Glob;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an SQL text makes the database server do beyond reading and writing the tables it names:
 * the functions it calls and the statement forms with server-side effects (files, programs, native
 * code, links to other databases, code the database runs). Read lexically from the text, not from
 * the parse tree, so that it works the same for every dialect and for text the parser cannot read.
 *
 * <p>Statement forms are named like functions: {@code copy_file}, {@code copy_program},
 * {@code attach}, {@code create_alias}, {@code create_trigger}, {@code create_function},
 * {@code runscript}, {@code script}, {@code foreign_data}, {@code create_extension}, {@code load},
 * {@code do}, {@code alter_system}. Per database family ({@link JdbcTarget#system()}) a list of
 * globs says which names are denied unless a rule's {@code functions:} lists them; every other
 * function (arithmetic, strings, dates, aggregates) touches no server state and needs nothing.
 */
public final class ServerEffects {

    /** Statement forms with effects of their own, denied in every family unless listed. */
    private static final List<String> STATEMENT_FORMS = List.of("copy_file", "copy_program", "attach", "create_alias",
            "create_trigger", "create_function", "runscript", "script", "foreign_data", "create_extension", "load",
            "do", "alter_system");

    static final List<String> POSTGRESQL = List.of(
            "pg_read_*", "pg_ls_*", "pg_stat_file", "pg_file_*", "lo_*", "dblink*", "*_to_xml*", "*_to_xmlschema",
            "ts_stat", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_promote", "pg_switch_wal", "pg_create_*", "pg_drop_replication_slot", "pg_replication_*",
            "pg_logical_*", "pg_backup_*", "pg_start_backup", "pg_stop_backup", "pg_import_system_collations");
    static final List<String> H2 = List.of(
            "file_read", "file_write", "csvread", "csvwrite", "link_schema", "cancel_session", "abort_session");
    static final List<String> SQLITE = List.of(
            "load_extension", "readfile", "writefile", "edit", "fsdir", "zipfile", "sqlar_*", "fts3_tokenizer");

    private static final List<Glob> POSTGRESQL_DENIED = compile(POSTGRESQL);
    private static final List<Glob> H2_DENIED = compile(H2);
    private static final List<Glob> SQLITE_DENIED = compile(SQLITE);
    private static final List<Glob> OTHER_DENIED = compile(concat(POSTGRESQL, H2, SQLITE));

    private ServerEffects() {
    }

    /** The names the family denies by default, as globs (statement forms included). */
    public static List<String> deniedByDefault(String system) {
        return concat(STATEMENT_FORMS, switch (system) {
            case "postgresql" -> POSTGRESQL;
            case "h2" -> H2;
            case "sqlite" -> SQLITE;
            default -> concat(POSTGRESQL, H2, SQLITE);
        });
    }

    /** Whether {@code name} (a function or statement form of {@link #scan}) is denied by default in {@code system}. */
    static boolean deniedByDefault(String system, String name) {
        if (STATEMENT_FORMS.contains(name)) {
            return true;
        }
        List<Glob> denied = switch (system) {
            case "postgresql" -> POSTGRESQL_DENIED;
            case "h2" -> H2_DENIED;
            case "sqlite" -> SQLITE_DENIED;
            default -> OTHER_DENIED;
        };
        for (Glob glob : denied) {
            if (glob.matches(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every name called like a function ({@code name(}, quotes off, lower case, the last part of a
     * qualified name) and every statement form with a server-side effect, in order of appearance.
     * Keywords followed by a parenthesis ({@code IN (}, {@code VALUES (}) are listed too; no
     * family denies them.
     */
    static List<String> scan(String sql) {
        Set<String> found = new LinkedHashSet<>();
        List<Token> statement = new ArrayList<>();
        for (Token token : tokens(sql)) {
            if (token.kind == Kind.END) {
                statementForm(statement, found);
                statement.clear();
            } else {
                statement.add(token);
                // a statement's first word before a parenthesis is its keyword (COPY (query) TO ...), not a call
                if (token.kind == Kind.OPEN && statement.size() >= 3) {
                    Token before = statement.get(statement.size() - 2);
                    if (before.kind == Kind.WORD) {
                        found.add(before.text);
                    }
                }
            }
        }
        statementForm(statement, found);
        return List.copyOf(found);
    }

    private static void statementForm(List<Token> statement, Set<String> found) {
        if (statement.isEmpty() || statement.get(0).kind != Kind.WORD) {
            return;
        }
        String first = statement.get(0).text;
        switch (first) {
            case "copy" -> {
                for (int i = 1; i < statement.size(); i++) {
                    Token token = statement.get(i);
                    if (token.is("program")) {
                        found.add("copy_program");
                    } else if ((token.is("to") || token.is("from")) && i + 1 < statement.size()
                            && statement.get(i + 1).kind == Kind.STRING) {
                        found.add("copy_file");
                    }
                }
            }
            case "attach", "runscript", "script", "load", "do" -> found.add(first);
            case "create" -> {
                for (int i = 1; i < Math.min(statement.size(), 6); i++) {
                    Token token = statement.get(i);
                    if (token.is("alias")) {
                        found.add("create_alias");
                    } else if (token.is("trigger")) {
                        found.add("create_trigger");
                    } else if (token.is("function") || token.is("procedure") || token.is("aggregate")
                            || token.is("language")) {
                        found.add("create_function");
                    } else if (token.is("foreign") || token.is("server")) {
                        found.add("foreign_data");
                    } else if (token.is("extension")) {
                        found.add("create_extension");
                    } else if (token.is("table") || token.is("view") || token.is("index")) {
                        break;
                    }
                }
            }
            case "import" -> {
                if (statement.size() > 1 && statement.get(1).is("foreign")) {
                    found.add("foreign_data");
                }
            }
            case "alter" -> {
                if (statement.size() > 1 && statement.get(1).is("system")) {
                    found.add("alter_system");
                } else if (statement.size() > 1 && (statement.get(1).is("server") || statement.get(1).is("foreign"))) {
                    found.add("foreign_data");
                }
            }
            default -> {
            }
        }
    }

    private enum Kind { WORD, STRING, OPEN, OTHER, END }

    private record Token(Kind kind, String text) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }
    }

    /** Words (lower case, quotes off), string literals, {@code (}, {@code ;}; comments and blanks dropped. */
    private static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            i = SqlText.skipBlank(sql, i);
            if (i >= n) {
                break;
            }
            char c = sql.charAt(i);
            if (c == '\'') {
                i = SqlText.closingQuote(sql, i, '\'');
                tokens.add(new Token(Kind.STRING, ""));
            } else if (c == '$' && SqlText.dollarTagEnd(sql, i) > 0) {
                int tagEnd = SqlText.dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                i = close < 0 ? n : close + tag.length();
                tokens.add(new Token(Kind.STRING, ""));
            } else if (c == '"' || c == '`') {
                int end = SqlText.closingQuote(sql, i, c);
                tokens.add(new Token(Kind.WORD, sql.substring(i + 1, Math.max(i + 1, end - 1)).toLowerCase(Locale.ROOT)));
                i = end;
            } else if (SqlText.isNamePart(c)) {
                int end = i;
                while (end < n && SqlText.isNamePart(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, end).toLowerCase(Locale.ROOT)));
                i = end;
            } else {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ';' ? Kind.END : Kind.OTHER, ""));
                i++;
            }
        }
        return tokens;
    }


    private static List<Glob> compile(List<String> globs) {
        List<Glob> compiled = new ArrayList<>(globs.size());
        for (String glob : globs) {
            compiled.add(Glob.compile(glob, '.'));
        }
        return List.copyOf(compiled);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
