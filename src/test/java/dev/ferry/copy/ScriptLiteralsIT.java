package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.SqlScripts;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every literal a script writes loads back as exactly the source's value: the INSERT scripts of a
 * table of extremes (negative zero, NaN, infinities, subnormals, every integer type's ends,
 * decimals of large precision and scale, the dates and times at each engine's ends, every byte,
 * text with quotes, backslashes, control and non-BMP characters) are replayed into a real server
 * and the stored values are compared with the source's: floating-point values by their bits,
 * everything else by the server's own text of it.
 */
class ScriptLiteralsIT {

  @TempDir Path dir;

  static final String POSTGRES = """
      CREATE TABLE lit (k int PRIMARY KEY, f8 double precision, f4 real, i2 smallint,
        i4 integer, i8 bigint, n numeric, d date, ts timestamp(6), tz timestamptz(6),
        tm time(6), b bytea, t text, u uuid, bo boolean);
      """;

  /** Values written as PostgreSQL text, one row each per column, NULLs elsewhere. */
  static final String POSTGRES_ROWS = """
      INSERT INTO lit (k, f8, f4, i2, i4, i8, n, d, ts, tz, tm, t, u, bo) VALUES
        (1, '-0', '-0', -32768, -2147483648, -9223372036854775808,
         '-0.00000000000000000000000000000000000000000000000001', '4713-01-01 BC',
         '4713-01-01 00:00:00 BC', '4713-01-02 00:00:00+00 BC', '00:00:00', '', NULL, false),
        (2, '0', '0', 32767, 2147483647, 9223372036854775807,
         '123456789012345678901234567890123456789012345678901234567890.123456789012345678901234567890123456789',
         '5874897-12-31', '294276-12-31 23:59:59.999999', '294276-12-30 23:59:59.999999+00',
         '23:59:59.999999', 'O''Brien \\ back\\slash '' "double" -- ; /* */ end\\',
         'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true),
        (3, 'NaN', 'NaN', 0, 0, 0, 'NaN', 'infinity', 'infinity', 'infinity', '24:00:00',
         'non-BMP 😀 𝄞, U+2028 [ ] U+0085 [] U+FFFF [￿] Ünï', NULL, NULL),
        (4, 'Infinity', 'Infinity', 1, 1, 1, 'Infinity', '-infinity', '-infinity', '-infinity',
         NULL, NULL, NULL, NULL),
        (5, '-Infinity', '-Infinity', -1, -1, -1, '-Infinity', '0001-01-01', '0001-01-01 00:00:00',
         '0001-01-01 00:00:00+00', NULL, NULL, NULL, NULL),
        (6, '4.9e-324', '1.4e-45', NULL, NULL, NULL, '1e-1000', '0001-12-31 BC',
         '0001-12-31 23:59:59.999999 BC', '2024-06-30 12:00:00.123456+05:30', NULL, NULL, NULL,
         NULL),
        (7, '1.7976931348623157e308', '3.4028235e38', NULL, NULL, NULL,
         '1e1000', '9999-12-31', '9999-12-31 23:59:59.999999', NULL, NULL, NULL, NULL, NULL),
        (8, '-2.2250738585072014e-308', '1.17549435e-38', NULL, NULL, NULL, '0.000', '10000-01-01',
         '10000-01-01 00:00:00', NULL, NULL, NULL, NULL, NULL),
        (9, '0.1', '0.1', NULL, NULL, NULL, '-1.50', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (10, '0.30000000000000004', '16777216', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL),
        (11, '1e23', '-3.4028235e38', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL),
        (12, '2.2250738585072009e-308', '7e-45', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL),
        (13, '9007199254740993', '123456.79', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL),
        (14, '-1.0000000000000002', '-0.3333333', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL);
      UPDATE lit SET b = (SELECT decode(string_agg(lpad(to_hex(i), 2, '0'), '' ORDER BY i), 'hex')
        FROM generate_series(0, 255) i) WHERE k = 1;
      UPDATE lit SET b = '\\x' WHERE k = 2;
      UPDATE lit SET t = (SELECT string_agg(chr(i), '' ORDER BY i) FROM generate_series(1, 127) i)
        WHERE k = 4;
      UPDATE lit SET t = E'\\\\''\\\\\\\\''''\\n\\r\\t\\b\\f\\x01\\x1a\\x7f' WHERE k = 5;
      """;

  /** The stored values exactly: float bits, everything else as the server's text. */
  static final String POSTGRES_EXACT = "SELECT k, encode(float8send(f8), 'hex'),"
      + " encode(float4send(f4), 'hex'), i2, i4, i8, n::text, d::text, ts::text, tz::text,"
      + " tm::text, encode(b, 'hex'), t, u::text, bo::text FROM lit ORDER BY k";

  @Test
  void postgresScriptsLoadEveryExtremeValueBackExactly() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    SqlScripts.execute(source, POSTGRES + POSTGRES_ROWS);
    TestDatabase target = TestDatabases.freshPostgres();
    SqlScripts.execute(target, POSTGRES);
    Path out = dir.resolve("pg");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "postgres",
        "--out", out.toString(), "--rows-per-insert", "3", "--report", dir.resolve("r").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    InsertScriptsIT.runAll(target, out, "postgres");

    // then
    List<String> expected = rows(source, POSTGRES_EXACT);
    assertThat(expected).hasSize(14);
    assertThat(expected.get(0)).startsWith("1|8000000000000000|80000000|");
    assertThat(rows(target, POSTGRES_EXACT)).containsExactlyElementsOf(expected);
  }

  static final String MARIADB = """
      CREATE TABLE lit (k INT PRIMARY KEY, f8 DOUBLE, f4 FLOAT, i1 TINYINT, u1 TINYINT UNSIGNED,
        i2 SMALLINT, u2 SMALLINT UNSIGNED, i4 INT, u4 INT UNSIGNED, i8 BIGINT,
        u8 BIGINT UNSIGNED, n DECIMAL(65, 30), n0 DECIMAL(65, 0), d DATE, dt DATETIME(6),
        tm TIME(6), b LONGBLOB, t LONGTEXT, bo BOOLEAN);
      """;

  static final String MARIADB_ROWS = """
      INSERT INTO lit VALUES
        (1, -0E0, -0E0, -128, 0, -32768, 0, -2147483648, 0, -9223372036854775808, 0,
         -99999999999999999999999999999999999.999999999999999999999999999999,
         -99999999999999999999999999999999999999999999999999999999999999999, '0001-01-01',
         '0001-01-01 00:00:00', '00:00:00', X'', '', 0),
        (2, 0E0, 0E0, 127, 255, 32767, 65535, 2147483647, 4294967295, 9223372036854775807,
         18446744073709551615, 0.000000000000000000000000000001,
         99999999999999999999999999999999999999999999999999999999999999999, '9999-12-31',
         '9999-12-31 23:59:59.999999', '23:59:59.999999', NULL,
         'O''Brien \\\\ back\\\\slash \\' "double" -- ; /* */ end\\\\', 1),
        (3, 4.9406564584124654E-324, 1.4013E-45, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, -0.000000000000000000000000000001, 0, '2024-02-29',
         '2024-02-29 12:34:56.000001', '12:00:00.5', NULL,
         'non-BMP 😀 𝄞, U+2028 [ ] U+0085 [] Ünï', NULL),
        (4, 1.7976931348623157E308, 3.40282E38, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, '00:00:00', NULL, NULL, NULL),
        (5, -2.2250738585072014E-308, 1.17549E-38, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (6, 0.1E0, 0.1E0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL),
        (7, 0.30000000000000004E0, 123457E0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (8, 1E23, -0.333333E0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL),
        (9, 2.225073858507201E-308, 65504E0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, '0000-01-01', '0000-03-01 00:00:00', NULL, NULL, NULL, NULL);
      UPDATE lit SET b = (SELECT UNHEX(GROUP_CONCAT(LPAD(HEX(seq), 2, '0') ORDER BY seq
        SEPARATOR '')) FROM seq_0_to_255) WHERE k = 1;
      UPDATE lit SET t = (SELECT GROUP_CONCAT(CHAR(seq USING utf8mb4) ORDER BY seq SEPARATOR '')
        FROM seq_0_to_127) WHERE k = 4;
      UPDATE lit SET t = CONCAT('\\\\\\'', CHAR(0), '\\\\\\'', CHAR(26), '\\\\\\'') WHERE k = 5;
      """;

  /**
   * Floats as their bits (read as the server's binary values), everything else as text. FLOAT
   * values have at most six significant digits and times stay within a day: MariaDB's text
   * protocol, which the copy reads, rounds a FLOAT to six digits, and its driver wraps a TIME
   * beyond 24 hours; neither is a literal's doing.
   */
  static final String MARIADB_EXACT = "SELECT k, f8, f4, i1, u1, i2, u2, i4, u4, i8, u8,"
      + " CAST(n AS CHAR), CAST(n0 AS CHAR), CAST(d AS CHAR), CAST(dt AS CHAR), CAST(tm AS CHAR),"
      + " HEX(b), HEX(t), bo FROM lit ORDER BY k";

  @Test
  void mysqlScriptsLoadEveryExtremeValueBackExactlyThroughTheMariaDbClient() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, MARIADB + MARIADB_ROWS);
    TestDatabase target = TestDatabases.freshMariaDb();
    SqlScripts.execute(target, MARIADB);
    Path out = dir.resolve("mysql");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "mysql",
        "--out", out.toString(), "--rows-per-insert", "4", "--report", dir.resolve("r").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    InsertScriptsIT.runAll(target, out, "mysql");

    // then
    List<String> expected = rows(source, MARIADB_EXACT);
    assertThat(expected).hasSize(9);
    assertThat(expected.get(8)).contains("|0000-01-01|");
    assertThat(expected.get(0)).startsWith("1|8000000000000000|80000000|");
    assertThat(rows(target, MARIADB_EXACT)).containsExactlyElementsOf(expected);
    if (System.getenv("FERRY_TEST_MARIADB_URL") == null) {
      assertThat(TestDatabases.mariaDbClient()).isPresent();
    }
  }

  @Test
  void mysqlScriptsRunStrictSoThatAValueTheColumnCannotHoldFailsInsteadOfBeingClipped()
      throws Exception {
    // given: a target column narrower than the source's values, on a session that is not strict
    TestDatabase source = TestDatabases.freshMariaDb();
    SqlScripts.execute(source, "CREATE TABLE m (k INT PRIMARY KEY, n DECIMAL(10, 2));"
        + " INSERT INTO m VALUES (1, 1.5), (2, 12345.67);");
    TestDatabase target = TestDatabases.freshMariaDb();
    SqlScripts.execute(target, "CREATE TABLE m (k INT PRIMARY KEY, n DECIMAL(5, 2));");
    Path out = dir.resolve("strict");
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "mysql",
        "--out", out.toString(), "--report", dir.resolve("r").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path file = out.resolve(InsertScriptsIT.fileNames(out).get(0));

    // when: the file runs on a session whose sql_mode is empty, and on one that has
    // NO_BACKSLASH_ESCAPES between other modes
    for (String mode : List.of("", "ANSI_QUOTES,NO_BACKSLASH_ESCAPES,NO_ZERO_DATE")) {
      try (Connection c = TestDatabases.connect(target); Statement s = c.createStatement()) {
        s.execute("SET SESSION sql_mode = '" + mode + "'");
        java.sql.SQLException failure = null;
        for (String sql : dev.ferry.script.ScriptSql.statements(file, "mysql")) {
          try {
            s.execute(sql);
          } catch (java.sql.SQLException e) {
            failure = e;
            break;
          }
        }

        // then: the value that does not fit fails the file, which committed nothing
        assertThat(failure == null ? "no failure" : failure.getMessage()).as(mode)
            .contains("Out of range");
        try (ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
          rs.next();
          assertThat(rs.getString(1)).contains("STRICT_ALL_TABLES")
              .doesNotContain("NO_BACKSLASH_ESCAPES");
        }
        s.execute("ROLLBACK");
      }
      assertThat(Sql.rows(target, "SELECT COUNT(*) FROM m")).containsExactly("0");
    }
  }

  /** Every row of a query, values joined by '|', byte arrays in hex. */
  static List<String> rows(TestDatabase db, String query) throws Exception {
    String url = db.engine().equals("mariadb") ? db.url() + "&useServerPrepStmts=true" : db.url();
    try (Connection c = java.sql.DriverManager.getConnection(url);
        PreparedStatement s = c.prepareStatement(query)) {
      if (db.engine().equals("postgres")) {
        try (Statement settings = c.createStatement()) {
          settings.execute("SET TIME ZONE 'UTC'");
        }
      }
      try (ResultSet rs = s.executeQuery()) {
        return render(rs);
      }
    }
  }

  static List<String> render(ResultSet rs) throws Exception {
    ResultSetMetaData meta = rs.getMetaData();
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        Object v = rs.getObject(i);
        values.add(v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
            : v instanceof Double d ? String.format("%016x", Double.doubleToRawLongBits(d))
            : v instanceof Float f ? String.format("%08x", Float.floatToRawIntBits(f))
            : String.valueOf(v));
      }
      out.add(String.join("|", values));
    }
    return out;
  }
}
