package dev.ferry.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Escaping per dialect, with hostile identifiers and values; every literal parses. */
class SqlLiteralsTest {

  static final List<String> HOSTILE_TEXT = List.of("", "plain", "O'Brien", "''", "'",
      "Robert'); DROP TABLE x;--", "a;b; c", "-- not a comment", "/* nor this */ */",
      "back\\slash", "\\'", "ends with \\", "\\\\n", "tab\there", "new\nline", "cr\rlf\r\n",
      "\nGO\n", "ctrl-z \u001a", "\u0001'(", "\u001a'(", "\\''(", "\u007f\\'x",
      "𝄞😀 ünïcödé 中文", "\"dq\" `bt` [br] ]]", "$$ dollar $tag$",
      "x".repeat(100_000) + "'" + "y".repeat(10));
  static final List<String> HOSTILE_NAMES = List.of("plain", "a\"b", "a`b", "a]b", "a[b",
      "x; DROP TABLE y;--", "-- c", "/* c */", "sp ace", "back\\slash", "ünï𝄞", "O'Brien");

  @Test
  void escapesStringsPerDialect() {
    assertThat(SqlLiterals.POSTGRES.string("O'Brien")).isEqualTo("'O''Brien'");
    assertThat(SqlLiterals.POSTGRES.string("a\\b\n")).isEqualTo("E'a\\\\b\\n'");
    assertThat(SqlLiterals.POSTGRES.string("Robert'); DROP TABLE x;--"))
        .isEqualTo("'Robert''); DROP TABLE x;--'");
    assertThat(SqlLiterals.MYSQL.string("a\\b'\n\r")).isEqualTo("'a\\\\b\\'\\n\\r'");
    assertThat(SqlLiterals.MYSQL.string("a'\0\u001a"))
        .isEqualTo("CONVERT(X'6127001A' USING utf8mb4)");
    assertThat(SqlLiterals.POSTGRES.string("\u0001'")).isEqualTo("E'\\x01\\x27'");
    assertThat(SqlLiterals.SQLSERVER.string("ü'x")).isEqualTo("N'ü''x'");
    assertThat(SqlLiterals.SQLSERVER.string("plain 'x'")).isEqualTo("'plain ''x'''");
    assertThat(SqlLiterals.SQLSERVER.string("a\nb")).isEqualTo("CAST(0x61000A006200 AS NVARCHAR(MAX))");
    assertThat(SqlLiterals.SQLSERVER.string("\\")).isEqualTo("CAST(0x5C00 AS NVARCHAR(MAX))");
  }

  @Test
  void quotesIdentifiersPerDialect() {
    assertThat(SqlLiterals.POSTGRES.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(SqlLiterals.MYSQL.identifier("a`b")).isEqualTo("`a``b`");
    assertThat(SqlLiterals.SQLSERVER.identifier("a]b")).isEqualTo("\"a]b\"");
    assertThat(SqlLiterals.SQLSERVER.identifier("a\"b")).isEqualTo("[a\"b]");
    assertThat(SqlLiterals.SQLSERVER.qualified("dbo", "x; DROP TABLE y;--"))
        .isEqualTo("[dbo].[x; DROP TABLE y;--]");
    assertThatThrownBy(() -> SqlLiterals.POSTGRES.identifier("a\nGO"))
        .isInstanceOf(FerryException.class).hasMessageContaining("line break");
  }

  @Test
  void writesOtherKindsPerDialect() {
    byte[] bytes = {0, (byte) 0xff, 0x10};
    assertThat(SqlLiterals.POSTGRES.literal(bytes, ValueKind.BINARY))
        .isEqualTo("decode('00ff10', 'hex')");
    assertThat(SqlLiterals.MYSQL.literal(bytes, ValueKind.BINARY)).isEqualTo("X'00FF10'");
    assertThat(SqlLiterals.SQLSERVER.literal(new byte[0], ValueKind.BINARY)).isEqualTo("0x");
    LocalDateTime ts = LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1000);
    assertThat(SqlLiterals.POSTGRES.literal(ts, ValueKind.TIMESTAMP))
        .isEqualTo("TIMESTAMP '2024-01-01 00:00:00.000001'");
    assertThat(SqlLiterals.MYSQL.literal(ts, ValueKind.TIMESTAMP))
        .isEqualTo("TIMESTAMP '2024-01-01 00:00:00.000001'");
    assertThat(SqlLiterals.SQLSERVER.literal(ts, ValueKind.TIMESTAMP))
        .isEqualTo("'2024-01-01T00:00:00.000001'");
    OffsetDateTime tz = OffsetDateTime.of(2024, 6, 30, 12, 0, 0, 123_456_000,
        ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(SqlLiterals.POSTGRES.literal(tz, ValueKind.TIMESTAMP_TZ))
        .isEqualTo("TIMESTAMP WITH TIME ZONE '2024-06-30 12:00:00.123456+05:30'");
    assertThat(SqlLiterals.MYSQL.literal(tz, ValueKind.TIMESTAMP_TZ))
        .isEqualTo("TIMESTAMP '2024-06-30 06:30:00.123456'");
    assertThat(SqlLiterals.SQLSERVER.literal(tz, ValueKind.TIMESTAMP_TZ))
        .isEqualTo("'2024-06-30T12:00:00.123456+05:30'");
    assertThat(SqlLiterals.POSTGRES.literal(OffsetDateTime.MAX, ValueKind.TIMESTAMP_TZ))
        .isEqualTo("TIMESTAMP WITH TIME ZONE 'infinity'");
    assertThat(SqlLiterals.POSTGRES.literal(LocalTime.of(23, 59, 59, 999_999_000),
        ValueKind.TIME)).isEqualTo("TIME '23:59:59.999999'");
    assertThat(SqlLiterals.SQLSERVER.literal(LocalDate.of(2024, 2, 29), ValueKind.DATE))
        .isEqualTo("'2024-02-29'");
    assertThat(SqlLiterals.POSTGRES.literal(true, ValueKind.BOOLEAN)).isEqualTo("TRUE");
    assertThat(SqlLiterals.MYSQL.literal(false, ValueKind.BOOLEAN)).isEqualTo("0");
    assertThat(SqlLiterals.POSTGRES.literal(Double.NaN, ValueKind.FLOAT))
        .isEqualTo("CAST('NaN' AS DOUBLE PRECISION)");
    assertThat(SqlLiterals.MYSQL.literal(-2.25e10, ValueKind.FLOAT)).isEqualTo("-2.25E10");
    assertThat(SqlLiterals.MYSQL.literal(new BigDecimal("1E-10"), ValueKind.DECIMAL))
        .isEqualTo("0.0000000001");
    assertThat(SqlLiterals.SQLSERVER.literal(new BigInteger("123456789012345678901234567890"),
        ValueKind.INTEGER)).isEqualTo("123456789012345678901234567890");
    UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat(SqlLiterals.POSTGRES.literal(u, ValueKind.UUID))
        .isEqualTo("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid");
    assertThat(SqlLiterals.MYSQL.literal(null, ValueKind.TEXT)).isEqualTo("NULL");
  }

  @Test
  void refusesWhatTheDialectCannotHold() {
    assertThatThrownBy(() -> SqlLiterals.POSTGRES.string("a\0b"))
        .isInstanceOf(FerryException.class).hasMessageContaining("NUL");
    assertThatThrownBy(() -> SqlLiterals.MYSQL.literal(Double.POSITIVE_INFINITY,
        ValueKind.FLOAT)).isInstanceOf(FerryException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> SqlLiterals.SQLSERVER.literal(LocalDate.of(10_000, 1, 1),
        ValueKind.DATE)).isInstanceOf(FerryException.class).hasMessageContaining("9999");
  }

  @Test
  void everyHostileLiteralAndNameParsesInEveryDialect() throws Exception {
    List<String> failures = new java.util.ArrayList<>();
    for (SqlLiterals q : List.of(SqlLiterals.POSTGRES, SqlLiterals.MYSQL, SqlLiterals.SQLSERVER)) {
      for (String name : HOSTILE_NAMES) {
        for (String text : HOSTILE_TEXT) {
          String sql = "INSERT INTO " + q.qualified(q.dialect().equals("mysql") ? null : "s", name)
              + " (" + q.identifier(name) + ", " + q.identifier("b") + ") VALUES ("
              + q.string(text) + ", " + q.literal(new byte[] {1, 2}, ValueKind.BINARY) + ")";
          List<String> split = ScriptSql.statements(sql + ";\n", q.dialect());
          assertThat(split).as(q.dialect() + ": " + name + " / " + text.length()).hasSize(1);
          try {
            assertThat(ScriptSql.parse(split.get(0), q.dialect())).as(sql).isTrue();
          } catch (Exception e) {
            failures.add(q.dialect() + " " + sql.substring(0, Math.min(200, sql.length())) + " -> "
                + String.valueOf(e.getMessage()).split("\n")[0]);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void sqlServerStringsReadBackOnH2InMsSqlServerMode() throws Exception {
    // H2 has no UTF-16 binary-to-text cast: the control-character form is parsed, not run here
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:literals;MODE=MSSQLServer");
        Statement s = c.createStatement()) {
      for (String text : HOSTILE_TEXT) {
        String literal = SqlLiterals.SQLSERVER.string(text);
        if (literal.startsWith("CAST(0x")) {
          continue;
        }
        try (ResultSet rs = s.executeQuery("SELECT " + literal)) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo(text);
        }
      }
    }
  }
}
