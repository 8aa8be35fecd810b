package dev.ferry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads vendor SQL scripts (such as the Chinook scripts) into a {@link TestDatabase} over JDBC.
 *
 * <p>The script is split into statements by a small lexer that knows string literals ({@code ''}
 * doubling, and backslash escapes on MariaDB), quoted identifiers ({@code "x"}, {@code `x`}, and
 * {@code [x]} on SQLite), PostgreSQL dollar quotes, {@code --} and {@code /* *}{@code /} comments.
 * A semicolon outside all of these ends a statement, so data such as {@code 'Sully Erna; Tony
 * Rombola'} or {@code 'ver--Bônus'} stays intact. Statements that create, drop or switch databases
 * ({@code CREATE DATABASE}, {@code DROP DATABASE}, {@code USE}, psql's {@code \c}) are skipped:
 * the script runs inside the fresh database it is given.
 *
 * <p>Statements run in JDBC batches inside one transaction (engines that commit DDL implicitly do
 * so; the data still loads in few round trips).
 */
public final class SqlScripts {

  private static final int BATCH_SIZE = 50;
  private static final Pattern DATABASE_LEVEL = Pattern.compile(
      "(?is)^(?:(?:CREATE|DROP)\\s+DATABASE\\b|USE\\b).*");

  private SqlScripts() {}

  /**
   * Runs a script file in the database.
   *
   * @return the number of statements executed
   * @throws IllegalStateException naming the file and the failing batch's lines
   */
  public static int load(TestDatabase db, Path script) {
    try {
      return execute(db, Files.readString(script, StandardCharsets.UTF_8), script.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + script, e);
    }
  }

  /**
   * Runs the statements of an inline script (a text block) in the database.
   *
   * @return the number of statements executed
   */
  public static int execute(TestDatabase db, String script) {
    return execute(db, script, "inline script");
  }

  private static int execute(TestDatabase db, String script, String source) {
    List<Piece> statements = split(script, db.engine());
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (int from = 0; from < statements.size(); from += BATCH_SIZE) {
        int to = Math.min(from + BATCH_SIZE, statements.size());
        List<Piece> batch = statements.subList(from, to);
        try {
          for (Piece p : batch) {
            s.addBatch(p.sql());
          }
          s.executeBatch();
        } catch (SQLException e) {
          c.rollback();
          SQLException cause = e.getNextException() != null ? e.getNextException() : e;
          throw new IllegalStateException(source + ": a statement between lines "
              + batch.get(0).line() + " and " + batch.get(batch.size() - 1).line()
              + " failed on " + db.engine() + ": " + cause.getMessage(), e);
        }
      }
      c.commit();
      return statements.size();
    } catch (SQLException e) {
      throw new IllegalStateException(source + ": cannot run on " + db.engine(), e);
    }
  }

  /** The statements of a script, as they would be executed on that engine. */
  public static List<String> statements(String script, String engine) {
    return split(script, engine).stream().map(Piece::sql).toList();
  }

  private static List<Piece> split(String script, String engine) {
    boolean backslashEscapes = "mariadb".equals(engine);
    boolean dollarQuotes = "postgres".equals(engine);
    boolean brackets = "sqlite".equals(engine) || "sqlserver".equals(engine);
    List<Piece> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean blank = true;
    int line = 1;
    int startLine = 1;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      char next = i + 1 < n ? script.charAt(i + 1) : '\0';
      if (blank) {
        startLine = line;
        if (c == '\\') {
          // a psql meta-command such as \c runs to the end of its line
          int end = script.indexOf('\n', i);
          i = end < 0 ? n : end;
          continue;
        }
      }
      if (c == '-' && next == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? n : end;
        continue;
      }
      if (c == '/' && next == '*') {
        int end = script.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        line += count(script, i, stop, '\n');
        current.append(' ');
        i = stop;
        continue;
      }
      int end = -1;
      if (c == '\'' || c == '"' || c == '`') {
        // PostgreSQL's E'...' strings take backslash escapes
        boolean escapeString = dollarQuotes && c == '\'' && i > 0
            && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
            && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)));
        end = closingQuote(script, i, c, (backslashEscapes || escapeString) && c != '`');
      } else if (c == '[' && brackets) {
        end = closingQuote(script, i, ']', false);
      } else if (c == '$' && dollarQuotes) {
        end = closingDollar(script, i);
      }
      if (end > i) {
        blank = false;
        current.append(script, i, end);
        line += count(script, i, end, '\n');
        i = end;
        continue;
      }
      if (c == ';') {
        add(out, current.toString(), startLine);
        current.setLength(0);
        blank = true;
      } else {
        blank &= Character.isWhitespace(c);
        current.append(c);
        if (c == '\n') {
          line++;
        }
      }
      i++;
    }
    add(out, current.toString(), startLine);
    return out;
  }

  private static void add(List<Piece> out, String statement, int line) {
    String sql = statement.strip();
    if (!sql.isEmpty() && !DATABASE_LEVEL.matcher(sql).matches()) {
      out.add(new Piece(sql, line));
    }
  }

  /** The index just past the literal opened at {@code start}; the quote doubled is an escape. */
  private static int closingQuote(String s, int start, char close, boolean backslashEscapes) {
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == close) {
        if (i + 1 < s.length() && s.charAt(i + 1) == close && close != ']') {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated " + close + " literal opened at offset "
        + start);
  }

  /** The index just past a PostgreSQL {@code $tag$...$tag$} literal, or -1 when it is not one. */
  private static int closingDollar(String s, int start) {
    int close = s.indexOf('$', start + 1);
    if (close < 0) {
      return -1;
    }
    String tag = s.substring(start, close + 1);
    if (!tag.matches("\\$[A-Za-z_]*\\$")) {
      return -1;
    }
    int end = s.indexOf(tag, close + 1);
    if (end < 0) {
      throw new IllegalArgumentException("unterminated " + tag + " literal at offset " + start);
    }
    return end + tag.length();
  }

  private static int count(String s, int from, int to, char wanted) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == wanted) {
        n++;
      }
    }
    return n;
  }

  private record Piece(String sql, int line) {}
}
