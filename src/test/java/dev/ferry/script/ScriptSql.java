package dev.ferry.script;

import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;

/**
 * Tests' view of emitted scripts: splits them into statements as the dialect's client would,
 * parses every statement with a real SQL parser (JSqlParser), and runs them on a database.
 *
 * <p>JSqlParser's grammar lacks a few transaction and session statements; those are checked
 * against exact patterns instead (listed in {@link #KNOWN}), and SQL Server's {@code IF <cond>
 * <statement>} has its condition parsed by JSqlParser and its statement checked the same way.
 */
public final class ScriptSql {

  private static final String BRACKETED = "(?:\\[[^\\]]*\\]|\"(?:[^\"]|\"\")*\")";
  private static final String NAME = BRACKETED + "(?:\\." + BRACKETED + ")?";
  private static final String STRING = "N?'(?:[^']|'')*'";
  /** Statements JSqlParser cannot parse, per dialect, as exact patterns. */
  static final List<Pattern> KNOWN = List.of(
      Pattern.compile("BEGIN|COMMIT|START TRANSACTION|SET CONSTRAINTS ALL DEFERRED"),
      Pattern.compile("BEGIN TRANSACTION|COMMIT TRANSACTION|SET XACT_ABORT ON|SET NOCOUNT ON"
          + "|SET QUOTED_IDENTIFIER ON|SET ANSI_WARNINGS ON"),
      Pattern.compile("SET IDENTITY_INSERT " + NAME + " (ON|OFF)"),
      Pattern.compile("DBCC CHECKIDENT \\(" + STRING + ", RESEED\\)"),
      Pattern.compile("WAITFOR DELAY '\\d\\d:\\d\\d:\\d\\d\\.\\d{3}'"));
  private static final Pattern IF = Pattern.compile(
      "IF (OBJECTPROPERTY\\(OBJECT_ID\\(" + STRING + "\\), 'TableHasIdentity'\\) = 1) (.*)",
      Pattern.DOTALL);

  private ScriptSql() {}

  /** The statements of a script as its client runs them ({@code GO} lines end SQL Server batches). */
  public static List<String> statements(String script, String dialect) {
    if (!dialect.equals("sqlserver")) {
      return SqlScripts.statements(script, dialect.equals("mysql") ? "mariadb" : dialect);
    }
    List<String> out = new ArrayList<>();
    StringBuilder batch = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      if (line.equals("GO")) {
        out.addAll(SqlScripts.statements(batch.toString(), "sqlserver"));
        batch.setLength(0);
      } else {
        batch.append(line).append('\n');
      }
    }
    out.addAll(SqlScripts.statements(batch.toString(), "sqlserver"));
    return out;
  }

  /** The statements of a file. */
  public static List<String> statements(Path file, String dialect) {
    try {
      return statements(Files.readString(file, StandardCharsets.UTF_8), dialect);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses every statement of a file; returns how many JSqlParser parsed (the rest matched
   * {@link #KNOWN}).
   *
   * @throws AssertionError naming the file and statement that does not parse
   */
  public static int parseAll(Path file, String dialect) {
    int parsed = 0;
    for (String sql : statements(file, dialect)) {
      try {
        parsed += parse(sql, dialect) ? 1 : 0;
      } catch (Exception e) {
        throw new AssertionError(file.getFileName() + ": " + dialect + " statement does not parse: "
            + abbreviate(sql) + "\n  " + String.valueOf(e.getMessage()).split("\n")[0], e);
      }
    }
    return parsed;
  }

  /** Parses one statement; true when JSqlParser parsed it, false when a known pattern matched. */
  public static boolean parse(String sql, String dialect) throws Exception {
    if (KNOWN.stream().anyMatch(p -> p.matcher(sql).matches())) {
      return false;
    }
    var conditional = IF.matcher(sql);
    if (dialect.equals("sqlserver") && conditional.matches()) {
      jsql("SELECT CASE WHEN " + conditional.group(1) + " THEN 1 END", dialect);
      return parse(conditional.group(2), dialect);
    }
    Statements parsed = jsql(sql, dialect);
    if (parsed.size() != 1) {
      throw new IllegalStateException("expected one statement, parsed " + parsed.size());
    }
    return true;
  }

  private static Statements jsql(String sql, String dialect) throws Exception {
    return CCJSqlParserUtil.parseStatements(sql, (CCJSqlParser p) -> {
      if (!dialect.equals("sqlserver")) {
        // MySQL strings and PostgreSQL's E'' strings escape with backslashes (ferry writes
        // PostgreSQL strings holding a backslash only as E'')
        p.withBackslashEscapeCharacter(true);
      }
      if (dialect.equals("sqlserver")) {
        p.withSquareBracketQuotation(true);
      }
    });
  }

  /**
   * Runs a script on a database statement by statement, as its client would: the script's own
   * BEGIN and COMMIT decide the transactions. Stops at the first error, like {@code psql -v
   * ON_ERROR_STOP=1} or {@code mysql} in batch mode.
   */
  public static void run(TestDatabase db, Path file, String dialect) {
    if (dialect.equals("mysql") && TestDatabases.mariaDbClient().isPresent()) {
      runWithClient(db, file, TestDatabases.mariaDbClient().get());
      return;
    }
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      for (String sql : statements(file, dialect)) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new IllegalStateException(file.getFileName() + " failed on " + db.engine() + ": "
              + e.getMessage() + "\n  at: " + abbreviate(sql), e);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Pattern MARIADB_URL = Pattern.compile(
      "jdbc:mariadb://([^:/]+):(\\d+)/([^?]+)\\?user=([^&]*)&password=(.*)");

  /**
   * Runs a script with MariaDB's command-line client in batch mode, as an operator would ({@code
   * mysql DATABASE < FILE}): it stops at the first error.
   */
  private static void runWithClient(TestDatabase db, Path file, Path client) {
    var url = MARIADB_URL.matcher(db.url());
    if (!url.matches()) {
      throw new IllegalStateException("unexpected MariaDB test URL " + db.bareUrl());
    }
    try {
      Process p = new ProcessBuilder(client.toString(), "--no-defaults", "--protocol=TCP",
          "--host=" + url.group(1), "--port=" + url.group(2), "--user=" + url.group(4),
          "--password=" + url.group(5), "--default-character-set=utf8mb4", "--batch",
          url.group(3)).redirectInput(file.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException(file.getFileName() + " failed in the mariadb client: "
            + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the statements of a SQL Server script on H2 in its MSSQLServer mode, where H2 can: the
   * transaction statements become JDBC transactions, and the statements H2 has no form for are
   * left out and returned (SQL Server session settings, IDENTITY_INSERT, CHECKIDENT, WAITFOR);
   * {@code NOCHECK} and {@code WITH CHECK CHECK CONSTRAINT} become H2's {@code SET
   * REFERENTIAL_INTEGRITY} on the table.
   */
  public static List<String> runOnH2(Connection c, Path file) throws SQLException {
    List<String> skipped = new ArrayList<>();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      for (String sql : statements(file, "sqlserver")) {
        if (sql.equals("BEGIN TRANSACTION")) {
          c.setAutoCommit(false);
        } else if (sql.equals("COMMIT TRANSACTION")) {
          c.commit();
          c.setAutoCommit(true);
        } else if (sql.startsWith("SET ") || sql.startsWith("WAITFOR ") || sql.startsWith("IF OBJECTPROPERTY")) {
          skipped.add(sql);
        } else if (NOCHECK.matcher(sql).matches()) {
          // H2's own switch for a table's keys; WITH CHECK checks the rows again
          var m = NOCHECK.matcher(sql);
          m.matches();
          s.execute("ALTER TABLE " + m.group(1) + " SET REFERENTIAL_INTEGRITY "
              + (m.group(2).equals("NOCHECK") ? "FALSE" : "TRUE CHECK"));
        } else if (sql.startsWith("IF OBJECT_ID(")) {
          // IF OBJECT_ID(name, 'U') IS NULL CREATE TABLE ...: H2 says IF NOT EXISTS
          s.execute(sql.replaceFirst("^IF OBJECT_ID\\(.*?\\) IS NULL CREATE TABLE",
              "CREATE TABLE IF NOT EXISTS"));
        } else {
          try {
            s.execute(sql);
          } catch (SQLException e) {
            throw new SQLException(file.getFileName() + " failed on H2: " + e.getMessage()
                + "\n  at: " + abbreviate(sql), e);
          }
        }
      }
    }
    return skipped;
  }

  private static final Pattern NOCHECK = Pattern.compile(
      "ALTER TABLE (.*) (NOCHECK|WITH CHECK CHECK) CONSTRAINT .*", Pattern.DOTALL);

  /** A query's rows as text ("a|b"), for dry-run listings. */
  public static List<String> query(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          values.add(rs.getString(i));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  private static String abbreviate(String sql) {
    return sql.length() > 300 ? sql.substring(0, 300) + "..." : sql;
  }
}
