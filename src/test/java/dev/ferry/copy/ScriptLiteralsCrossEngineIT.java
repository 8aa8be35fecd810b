package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Literals across engines: values of one engine (PostgreSQL, SQLite, H2) written as scripts of
 * another dialect and replayed into that engine (MariaDB through its own client, PostgreSQL, H2 in
 * its SQL Server mode) read back as exactly the source's values: doubles by their bits (negative
 * zero, subnormals, the extremes), integers and decimals at their ends, dates from the year 1 to
 * 9999 (and beyond, where PostgreSQL holds them), every byte, text with every control character
 * but NUL.
 */
class ScriptLiteralsCrossEngineIT {

  @TempDir Path dir;

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
          : "CREATE TABLE x (k INTEGER PRIMARY KEY, f8 REAL, i8 INTEGER, n NUMERIC, d DATE,"
          + " ts TIMESTAMP, t TEXT, b BLOB)");
      TestDatabase target = TestDatabases.freshPostgres();
      Sql.exec(target, "CREATE TABLE x (k int PRIMARY KEY, f8 double precision, i8 bigint,"
          + " n numeric, d date, ts timestamp(6), t text, b bytea)");
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
    String sql = "INSERT INTO x (k, f8, i8, n, d, ts, t, b) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
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
        ps.setBytes(8, i == 0 ? everyByte() : i == 1 ? new byte[0] : new byte[] {(byte) i});
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
}
