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

  /** Every row of a query, values joined by '|', byte arrays in hex. */
  static List<String> rows(TestDatabase db, String query) throws Exception {
    try (Connection c = TestDatabases.connect(db); Statement s = c.createStatement()) {
      if (db.engine().equals("postgres")) {
        s.execute("SET TIME ZONE 'UTC'");
        s.execute("SET extra_float_digits = 3");
      }
      try (ResultSet rs = s.executeQuery(query)) {
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
