package dev.ferry.transfer;

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

  /** Doubles at every corner, inserted as parameters so that the source holds them exactly. */
  static final double[] DOUBLES = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
      0.1, 1.0 / 3, 1e23, 9007199254740993.0, 123456.789, -2.5e-300, Math.PI};

  /** Text no dialect may bend: quotes, backslashes, every control character but NUL, non-BMP. */
  static String hostileText() {
    StringBuilder all = new StringBuilder("O'Brien \\ '' \\' \" -- ; /* */ GO\n😀𝄞 Ünï ");
    for (char c = 1; c < 128; c++) {
      all.append(c);
    }
    return all.append('\\').toString();
  }

  static byte[] everyByte() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void postgresValuesLoadIntoMariaDbExactlyThroughMysqlScripts() throws Exception {
    // given
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE x (k int PRIMARY KEY, f8 double precision, i8 bigint,"
        + " n numeric(65, 30), d date, ts timestamp(6), t text, b bytea)");
    TestDatabase target = TestDatabases.freshMariaDb();
    Sql.exec(target, "CREATE TABLE x (k INT PRIMARY KEY, f8 DOUBLE, i8 BIGINT,"
        + " n DECIMAL(65, 30), d DATE, ts DATETIME(6), t LONGTEXT, b LONGBLOB)");
    fill(source);

    // when
    Path out = dir.resolve("mysql");
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "mysql",
        "--out", out.toString(), "--report", dir.resolve("r").toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    InsertScriptsIT.runAll(target, out, "mysql");

    // then
    assertThat(canonical(target, "x")).containsExactlyElementsOf(canonical(source, "x"));
  }

  @Test
  void sqliteAndH2ValuesLoadIntoPostgresExactly() throws Exception {
    TestDatabase h2Source = TestDatabases.freshH2();
    h2Source = new TestDatabase("h2", h2Source.url() + ";DATABASE_TO_LOWER=TRUE", h2Source.name());
    for (TestDatabase source : List.of(TestDatabases.freshSqlite(), h2Source)) {
      // given
      boolean h2 = source.engine().equals("h2");
      Sql.exec(source, h2 ? "CREATE TABLE x (k INT PRIMARY KEY, f8 DOUBLE PRECISION, i8 BIGINT,"
          + " n NUMERIC(65, 30), d DATE, ts TIMESTAMP(6), t VARCHAR(1000), b VARBINARY(1000))"
          // no BLOB: how SQLite's storage classes are read is not the scripts' concern
          : "CREATE TABLE x (k INTEGER PRIMARY KEY, f8 REAL, i8 INTEGER, n NUMERIC, d DATE,"
          + " ts TIMESTAMP, t TEXT)");
      TestDatabase target = TestDatabases.freshPostgres();
      Sql.exec(target, "CREATE TABLE x (k int PRIMARY KEY, f8 double precision, i8 bigint,"
          + " n numeric, d date, ts timestamp(6), t text" + (h2 ? ", b bytea)" : ")"));
      fill(source);
      if (h2) {
        // H2 holds the years PostgreSQL has and MySQL has not
        Sql.exec(source, "INSERT INTO x (k, d, ts) VALUES (100, DATE '-0100-03-01',"
            + " TIMESTAMP '12345-06-07 08:09:10.123456')");
      }

      // when
      Path out = dir.resolve(source.engine());
      Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect",
          "postgres", "--out", out.toString(), "--report", dir.resolve("r").toString());
      assertThat(run.exitCode()).as(run.toString()).isZero();
      InsertScriptsIT.runAll(target, out, "postgres");

      // then
      assertThat(canonical(target, "x")).as(source.engine())
          .containsExactlyElementsOf(canonical(source, "x"));
    }
  }

  @Test
  void sqlServerLiteralsReadBackExactlyOnH2InSqlServerMode() throws Exception {
    // given: text H2 can read back (no control characters: their UTF-16 casts are SQL Server's)
    TestDatabase source = TestDatabases.freshPostgres();
    Sql.exec(source, "CREATE TABLE x (k int PRIMARY KEY, f8 double precision, i8 bigint,"
        + " n numeric, d date, ts timestamp(6), t text, b bytea)");
    fill(source);
    // SQL Server's decimals end at 38 digits
    Sql.exec(source, "UPDATE x SET n = -9999999999999999999999999999.9999999999,"
        + " t = 'O''Brien 😀 Ünï' WHERE k = 1", "UPDATE x SET n = 0.0000000001 WHERE k = 2");
    Path out = dir.resolve("ss");

    // when
    Cli.Run run = Cli.run("script", "inserts", "--from", source.url(), "--dialect", "sqlserver",
        "--target-schema", "dbo", "--out", out.toString(), "--report",
        dir.resolve("r").toString());

    // then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    TestDatabase h2 = TestDatabases.freshH2();
    try (Connection c = java.sql.DriverManager.getConnection(h2.url() + ";MODE=MSSQLServer");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA [dbo]");
      s.execute("CREATE TABLE [dbo].[x] ([k] INT PRIMARY KEY, [f8] FLOAT, [i8] BIGINT,"
          + " [n] DECIMAL(38, 10), [d] DATE, [ts] DATETIME2(6), [t] NVARCHAR(1000),"
          + " [b] VARBINARY(1000))");
      for (String name : InsertScriptsIT.fileNames(out)) {
        if (name.endsWith(".sql")) {
          dev.ferry.script.ScriptSql.parseAll(out.resolve(name), "sqlserver");
          dev.ferry.script.ScriptSql.runOnH2(c, out.resolve(name));
        }
      }
    }
    // H2 keeps no negative zero: the first row's -0 reads back as 0 there (SQL Server keeps it)
    List<String> expected = canonical(source, "x");
    expected.set(0, expected.get(0).replace("|8000000000000000|", "|0000000000000000|"));
    assertThat(canonical(new TestDatabase("h2", h2.url() + ";MODE=MSSQLServer", h2.name()),
        "[dbo].[x]")).containsExactlyElementsOf(expected);
  }

  /** One row per double, the other columns at their ends in the first rows. */
  private static void fill(TestDatabase db) throws Exception {
    boolean binary = !db.engine().equals("sqlite");
    String sql = "INSERT INTO x (k, f8, i8, n, d, ts, t" + (binary ? ", b" : "")
        + ") VALUES (?, ?, ?, ?, ?, ?, ?" + (binary ? ", ?)" : ")");
    try (Connection c = TestDatabases.connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < DOUBLES.length; i++) {
        ps.setInt(1, i + 1);
        ps.setDouble(2, DOUBLES[i]);
        ps.setObject(3, i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : (long) i);
        ps.setBigDecimal(4, i == 0 ? new java.math.BigDecimal("-" + "9".repeat(35) + "."
            + "9".repeat(30)) : i == 1 ? new java.math.BigDecimal("1E-30")
            : java.math.BigDecimal.valueOf(i, 2));
        ps.setObject(5, i == 0 ? java.time.LocalDate.of(1, 1, 1) : i == 1
            ? java.time.LocalDate.of(9999, 12, 31) : java.time.LocalDate.of(2024, 2, 29));
        ps.setObject(6, i == 0 ? java.time.LocalDateTime.of(1, 1, 1, 0, 0) : i == 1
            ? java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)
            : java.time.LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1000));
        ps.setString(7, i == 0 ? hostileText() : i == 1 ? "" : "row " + i);
        if (binary) {
          ps.setBytes(8, i == 0 ? everyByte() : i == 1 ? new byte[0] : new byte[] {(byte) i});
        }
        ps.executeUpdate();
      }
    }
  }

  /** A table's rows as engine-independent text: floats by bits, dates as ISO, bytes in hex. */
  static List<String> canonical(TestDatabase db, String table) throws Exception {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String name = meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
          Object v = switch (name) {
            case "f8" -> {
              double d = rs.getDouble(i);
              yield rs.wasNull() ? null : String.format("%016x", Double.doubleToRawLongBits(d));
            }
            case "n" -> {
              java.math.BigDecimal d = rs.getBigDecimal(i);
              yield d == null ? null : d.stripTrailingZeros().toPlainString();
            }
            case "d" -> rs.getObject(i, java.time.LocalDate.class);
            case "ts" -> rs.getObject(i, java.time.LocalDateTime.class);
            case "b" -> {
              byte[] bytes = rs.getBytes(i);
              yield bytes == null ? null : HexFormat.of().formatHex(bytes);
            }
            default -> rs.getString(i);
          };
          values.add(String.valueOf(v));
        }
        out.add(String.join("|", values));
      }
      return out;
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

  static void insert(TestDatabase db, String sql, Object... values) throws Exception {
    try (Connection c = TestDatabases.connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    }
  }
}
