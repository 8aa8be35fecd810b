package dev.ferry.schema;

import dev.ferry.testing.SqlScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;

/**
 * Tests' view of emitted DDL: splits a file into statements as the dialect's client would and
 * parses each with JSqlParser. The one statement JSqlParser's grammar lacks, PostgreSQL's {@code
 * CREATE TYPE ... AS ENUM}, is checked against an exact pattern instead.
 */
final class SchemaSql {

  private static final String STRING = "'(?:[^']|'')*'";
  static final Pattern CREATE_ENUM = Pattern.compile("CREATE TYPE \"(?:[^\"]|\"\")+\" AS ENUM \\("
      + STRING + "(?:, " + STRING + ")*\\)");

  /** JSqlParser takes DEFERRABLE in ALTER TABLE ... ADD CONSTRAINT, but not INITIALLY ...: */
  private static final Pattern INITIALLY = Pattern.compile(
      "(ALTER TABLE .* DEFERRABLE) INITIALLY (?:DEFERRED|IMMEDIATE)", Pattern.DOTALL);

  private SchemaSql() {}

  /** The statements of a file, split as its dialect's client would. */
  static List<String> statements(Path file, String dialect) throws Exception {
    String engine = switch (dialect) {
      case "mysql" -> "mariadb";
      default -> dialect;
    };
    return SqlScripts.statements(Files.readString(file), engine);
  }

  /**
   * Parses every statement; returns how many JSqlParser parsed.
   *
   * @throws AssertionError naming the file and the statement that does not parse
   */
  static int parseAll(Path file, String dialect) throws Exception {
    int parsed = 0;
    for (String sql : statements(file, dialect)) {
      if (dialect.equals("postgres") && CREATE_ENUM.matcher(sql).matches()
          || dialect.equals("sqlserver") && sql.equals("SET QUOTED_IDENTIFIER ON")) {
        continue;
      }
      var initially = INITIALLY.matcher(sql);
      String parsable = initially.matches() ? initially.group(1) : sql;
      try {
        Statements s = CCJSqlParserUtil.parseStatements(parsable, (CCJSqlParser p) -> {
          p.withBackslashEscapeCharacter(dialect.equals("mysql"));
          p.withSquareBracketQuotation(dialect.equals("sqlserver"));
        });
        if (s.size() != 1) {
          throw new IllegalStateException("expected one statement, parsed " + s.size());
        }
        parsed++;
      } catch (Exception e) {
        throw new AssertionError(file.getFileName() + ": " + dialect + " statement does not"
            + " parse: " + sql + "\n  " + String.valueOf(e.getMessage()).split("\n")[0], e);
      }
    }
    return parsed;
  }
}
