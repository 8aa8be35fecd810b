package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Column;
import dev.ferry.verify.Hashing;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The canonical encoding: one text per value, whichever Java type a driver chose and whichever
 * engine held it (docs/verification.md lists these forms).
 */
class CanonicalValueTest {

  private static String enc(Object value, ValueKind kind) {
    return CanonicalValue.encode(value, kind);
  }

  @Test
  void integersAreDecimalWhateverTheirJavaType() {
    assertThat(enc(42L, ValueKind.INTEGER)).isEqualTo("42");
    assertThat(enc(42, ValueKind.INTEGER)).isEqualTo("42");
    assertThat(enc((short) 42, ValueKind.INTEGER)).isEqualTo("42");
    assertThat(enc(BigInteger.valueOf(42), ValueKind.INTEGER)).isEqualTo("42");
    assertThat(enc(new BigInteger("18446744073709551616"), ValueKind.INTEGER))
        .isEqualTo("18446744073709551616");
    assertThat(enc(-7L, ValueKind.INTEGER)).isEqualTo("-7");
    assertThat(enc(0L, ValueKind.INTEGER)).isEqualTo("0");
  }

  @Test
  void decimalsLoseTrailingZerosExponentsAndTheSignOfZero() {
    assertThat(enc(new BigDecimal("1.50"), ValueKind.DECIMAL))
        .isEqualTo(enc(new BigDecimal("1.5"), ValueKind.DECIMAL))
        .isEqualTo(enc(new BigDecimal("15E-1"), ValueKind.DECIMAL)).isEqualTo("1.5");
    assertThat(enc(new BigDecimal("1E+3"), ValueKind.DECIMAL)).isEqualTo("1000");
    assertThat(enc(new BigDecimal("-0.000"), ValueKind.DECIMAL)).isEqualTo("0");
    assertThat(enc(new BigDecimal("0E-10"), ValueKind.DECIMAL)).isEqualTo("0");
    assertThat(enc(new BigDecimal("-0.0000000001"), ValueKind.DECIMAL))
        .isEqualTo("-0.0000000001");
    // a whole decimal equals the same integer: DECIMAL(10,0) against BIGINT
    assertThat(enc(new BigDecimal("250.00"), ValueKind.DECIMAL))
        .isEqualTo(enc(250L, ValueKind.INTEGER));
    // PostgreSQL's numeric NaN arrives as text
    assertThat(enc("NaN", ValueKind.DECIMAL)).isEqualTo("NaN");
  }

  @Test
  void floatsAreTheirBitsWithOneZeroAndOneNaN() {
    assertThat(enc(0.1, ValueKind.FLOAT)).isEqualTo("3fb999999999999a");
    assertThat(enc(-0.0, ValueKind.FLOAT)).isEqualTo(enc(0.0, ValueKind.FLOAT))
        .isEqualTo("0000000000000000");
    assertThat(enc(Double.NaN, ValueKind.FLOAT))
        .isEqualTo(enc(Double.longBitsToDouble(0x7ff0000000000001L), ValueKind.FLOAT))
        .isEqualTo("7ff8000000000000");
    assertThat(enc(Double.POSITIVE_INFINITY, ValueKind.FLOAT)).isEqualTo("7ff0000000000000");
    assertThat(enc(1.5f, ValueKind.FLOAT)).isEqualTo(enc(1.5, ValueKind.FLOAT));
  }

  @Test
  void singlePrecisionColumnsAgreeHoweverTheDriverWidenedTheFloat() {
    // given: a float4 0.1 read once as text ("0.1" -> 0.1) and once widened (0.10000000149...)
    CanonicalValue real = CanonicalValue.of(column("float4", "REAL"), "postgres");

    // then
    assertThat(real.singlePrecision()).isTrue();
    assertThat(real.encode(0.1)).isEqualTo(real.encode((double) 0.1f));
    assertThat(CanonicalValue.of(column("REAL", "REAL"), "sqlite").singlePrecision()).isFalse();
    assertThat(CanonicalValue.of(column("FLOAT", "REAL"), "mariadb").singlePrecision()).isTrue();
  }

  @Test
  void theLargestFloat4ReadFromItsShortestTextIsTheLargestFloat4() {
    // given: PostgreSQL prints the largest float4 as 3.4028235e+38, which parses to a double a
    // little above Float.MAX_VALUE, while MariaDB hands over the float widened exactly
    CanonicalValue real = CanonicalValue.of(column("float4", "REAL"), "postgres");
    double fromText = Double.parseDouble("3.4028235e+38");

    // then
    assertThat(fromText).isGreaterThan(Float.MAX_VALUE);
    assertThat(real.encode(fromText)).isEqualTo(real.encode((double) Float.MAX_VALUE))
        .isEqualTo(real.encode(-Double.parseDouble("-3.4028235e+38")));
    assertThat(real.encode(CanonicalFloat.OVERFLOW))
        .isNotEqualTo(real.encode((double) Float.MAX_VALUE));
  }

  @Test
  void aDoubleNoFloat4CanHoldDiffersFromEveryFloat4InsteadOfFailing() {
    // given: a float4 column compared with a float8 column holding 1e300
    CanonicalValue real = CanonicalValue.of(column("float4", "REAL"), "postgres");
    CanonicalValue dbl = CanonicalValue.of(column("float8", "DOUBLE"), "postgres");
    CanonicalValue paired = dbl.pair(real);
    CanonicalValue asDecimal = new CanonicalValue(ValueKind.FLOAT, true, false, false, false,
        true, false);

    // then: 1e300 keeps its own value, unlike the float4 maximum or infinity
    assertThat(paired.singlePrecision()).isTrue();
    assertThat(paired.encode(1e300)).isEqualTo(dbl.encode(1e300))
        .isNotEqualTo(paired.encode((double) Float.MAX_VALUE))
        .isNotEqualTo(paired.encode(Double.POSITIVE_INFINITY));
    assertThat(paired.encode(-1e300)).isEqualTo(dbl.encode(-1e300));
    assertThat(paired.encode(Double.POSITIVE_INFINITY))
        .isEqualTo(real.encode(Double.POSITIVE_INFINITY));
    // the same where the float stands for a decimal: the double's shortest decimal
    assertThat(asDecimal.encode(1e300)).isEqualTo(new CanonicalValue(ValueKind.FLOAT, false,
        false, false, false, true, false).encode(1e300));
    assertThat(asDecimal.encode(0.1f)).isEqualTo("0.1");
  }

  @Test
  void floatsStandingForDecimalsAreWrittenAsDecimals() {
    // given: SQLite keeps DECIMAL(12,2) as a binary float
    CanonicalValue sqliteDecimal = CanonicalValue.of(column("DECIMAL", "FLOAT"), "sqlite");
    CanonicalValue pgFloat = CanonicalValue.of(column("float8", "DOUBLE"), "postgres");
    CanonicalValue pgNumeric = CanonicalValue.of(column("numeric", "NUMERIC"), "postgres");

    // then
    assertThat(sqliteDecimal.encode(0.1)).isEqualTo(pgNumeric.encode(new BigDecimal("0.10")))
        .isEqualTo("0.1");
    assertThat(sqliteDecimal.encode(250.0)).isEqualTo("250");
    assertThat(pgFloat.pair(pgNumeric).encode(2.5)).isEqualTo("2.5");
    assertThat(pgFloat.encode(2.5)).isEqualTo("4004000000000000");
  }

  @Test
  void booleansAndIntegersStandingForBooleans() {
    assertThat(enc(true, ValueKind.BOOLEAN)).isEqualTo("true");
    assertThat(enc(false, ValueKind.BOOLEAN)).isEqualTo("false");
    CanonicalValue tinyint = CanonicalValue.of(ValueKind.INTEGER)
        .pair(CanonicalValue.of(ValueKind.BOOLEAN));
    assertThat(tinyint.encode(1L)).isEqualTo("true");
    assertThat(tinyint.encode(0)).isEqualTo("false");
    assertThat(tinyint.encode(2L)).isEqualTo("2");
  }

  @Test
  void textIsAsIsButCharPaddingIsNotData() {
    assertThat(enc("", ValueKind.TEXT)).isEmpty();
    assertThat(enc("a  ", ValueKind.TEXT)).isEqualTo("a  ");
    assertThat(enc("𝄞 ünï", ValueKind.TEXT)).isEqualTo("𝄞 ünï");
    CanonicalValue bpchar = CanonicalValue.of(column("bpchar", "CHAR"), "postgres");
    CanonicalValue varchar = CanonicalValue.of(column("varchar", "VARCHAR"), "mariadb");
    assertThat(bpchar.encode("ab   ")).isEqualTo("ab");
    assertThat(varchar.pair(bpchar).encode("ab   ")).isEqualTo("ab");
    assertThat(varchar.encode("ab   ")).isEqualTo("ab   ");
  }

  @Test
  void binaryIsBackslashXAndLowerCaseHex() {
    assertThat(enc(new byte[] {0, (byte) 0xff, 16}, ValueKind.BINARY)).isEqualTo("\\x00ff10");
    assertThat(enc(new byte[0], ValueKind.BINARY)).isEqualTo("\\x");
  }

  @Test
  void aDateComparedWithATimestampIsItsMidnight() {
    CanonicalValue date = CanonicalValue.of(column("date", "DATE"), "postgres");
    CanonicalValue datetime = CanonicalValue.of(column("DATETIME", "TIMESTAMP"), "mariadb");
    CanonicalValue paired = date.pair(datetime);
    assertThat(paired.encode(java.time.LocalDate.of(2024, 2, 14)))
        .isEqualTo(datetime.pair(date).encode(java.time.LocalDateTime.of(2024, 2, 14, 0, 0)))
        .isEqualTo("2024-02-14T00:00:00");
    assertThat(paired.textIsCanonical()).isFalse();
    assertThat(date.encode(java.time.LocalDate.of(2024, 2, 14))).isEqualTo("2024-02-14");
  }

  @Test
  void noTextEncodesAsBytes() {
    // the hex digits of bytes, and the bytes' text as PostgreSQL writes it, are text
    byte[] bytes = {0, (byte) 0xff, 16};
    String binary = enc(bytes, ValueKind.BINARY);
    for (ValueKind kind : new ValueKind[] {ValueKind.TEXT, ValueKind.OTHER, ValueKind.ENUM}) {
      assertThat(enc("00ff10", kind)).as(kind.name()).isEqualTo("00ff10").isNotEqualTo(binary);
      assertThat(enc("\\x00ff10", kind)).as(kind.name()).isEqualTo("\\\\x00ff10")
          .isNotEqualTo(binary);
    }
    // a text value read from a BINARY column (SQLite's storage classes) stays text
    assertThat(enc("\\x00ff10", ValueKind.BINARY)).isNotEqualTo(binary);
    assertThat(enc("\\", ValueKind.TEXT)).isEqualTo("\\\\");
    assertThat(enc("a\\b", ValueKind.TEXT)).isEqualTo("a\\b");
  }

  @Test
  void datesAndTimesHaveOneIsoFormWithoutTrailingZeros() {
    assertThat(enc(LocalDate.of(2024, 2, 29), ValueKind.DATE)).isEqualTo("2024-02-29");
    assertThat(enc(LocalDate.of(12345, 1, 2), ValueKind.DATE)).isEqualTo("12345-01-02");
    assertThat(enc(LocalDate.of(0, 1, 1), ValueKind.DATE)).isEqualTo("0000-01-01");
    assertThat(enc(LocalDate.of(-1, 12, 31), ValueKind.DATE)).isEqualTo("-0001-12-31");
    assertThat(enc(LocalDate.MAX, ValueKind.DATE)).isEqualTo("infinity");
    assertThat(enc(LocalDate.MIN, ValueKind.DATE)).isEqualTo("-infinity");
    assertThat(enc(LocalTime.of(10, 15), ValueKind.TIME)).isEqualTo("10:15:00");
    assertThat(enc(LocalTime.of(10, 15, 30, 100_000_000), ValueKind.TIME))
        .isEqualTo("10:15:30.1");
    assertThat(enc(LocalTime.of(23, 59, 59, 999_999_000), ValueKind.TIME))
        .isEqualTo("23:59:59.999999");
    assertThat(enc(LocalDateTime.of(1, 1, 1, 0, 0, 0, 1000), ValueKind.TIMESTAMP))
        .isEqualTo("0001-01-01T00:00:00.000001");
    assertThat(enc(LocalDateTime.MAX, ValueKind.TIMESTAMP)).isEqualTo("infinity");
  }

  @Test
  void timestampsWithZoneAreTheirUtcInstantWrittenAsTimestamps() {
    OffsetDateTime india = OffsetDateTime.of(2024, 6, 30, 12, 0, 0, 500_000_000,
        ZoneOffset.ofHoursMinutes(5, 30));
    String expected = "2024-06-30T06:30:00.5";
    assertThat(enc(india, ValueKind.TIMESTAMP_TZ)).isEqualTo(expected);
    assertThat(enc(india.withOffsetSameInstant(ZoneOffset.UTC), ValueKind.TIMESTAMP_TZ))
        .isEqualTo(expected);
    assertThat(enc(india.toZonedDateTime(), ValueKind.TIMESTAMP_TZ)).isEqualTo(expected);
    assertThat(enc(india.toInstant(), ValueKind.TIMESTAMP_TZ)).isEqualTo(expected);
    // a timestamptz copied into a DATETIME (ferry stores UTC there) compares equal
    assertThat(enc(LocalDateTime.of(2024, 6, 30, 6, 30, 0, 500_000_000), ValueKind.TIMESTAMP))
        .isEqualTo(expected);
    assertThat(enc(OffsetDateTime.MAX, ValueKind.TIMESTAMP_TZ)).isEqualTo("infinity");
    assertThat(enc(OffsetDateTime.MIN, ValueKind.TIMESTAMP_TZ)).isEqualTo("-infinity");
    assertThat(enc(ZonedDateTime.of(LocalDateTime.of(2024, 1, 1, 0, 0),
        java.time.ZoneId.of("Europe/Paris")), ValueKind.TIMESTAMP_TZ))
        .isEqualTo(enc(Instant.parse("2023-12-31T23:00:00Z"), ValueKind.TIMESTAMP_TZ));
  }

  @Test
  void uuidsAreLowerCase() {
    UUID u = UUID.fromString("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11");
    assertThat(enc(u, ValueKind.UUID)).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        .isEqualTo(enc("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ValueKind.TEXT));
  }

  @Test
  void jsonIsComparedParsed() {
    String jsonb = "{\"a\": [1.50, \"x\"], \"b\": 1}";
    String mariadb = "{\"b\":1,\"a\":[1.5,\"\\u0078\"]}";
    assertThat(enc(jsonb, ValueKind.JSON)).isEqualTo(enc(mariadb, ValueKind.JSON))
        .isEqualTo("{\"a\":[1.5,\"x\"],\"b\":1}");
    assertThat(enc("1e2", ValueKind.JSON)).isEqualTo("100");
    assertThat(enc("null", ValueKind.JSON)).isEqualTo("null");
    assertThat(enc("{not json", ValueKind.JSON)).isEqualTo("{not json");
    assertThat(enc("1 2", ValueKind.JSON)).isEqualTo("1 2");
    CanonicalValue text = CanonicalValue.of(ValueKind.TEXT).pair(CanonicalValue.of(ValueKind.JSON));
    assertThat(text.encode(mariadb)).isEqualTo(enc(jsonb, ValueKind.JSON));
  }

  @Test
  void nullStaysNullInEveryKind() {
    for (ValueKind kind : ValueKind.values()) {
      assertThat(enc(null, kind)).as(kind.name()).isNull();
    }
  }

  @Test
  void textHeldInAnotherKindIsItsText() {
    assertThat(enc("2024-13-45", ValueKind.DATE)).isEqualTo("2024-13-45");
  }

  @Test
  void displayShowsFloatsAsDecimalsAndCutsLongValues() {
    CanonicalValue f = CanonicalValue.of(ValueKind.FLOAT);
    assertThat(f.display(f.encode(0.1), 100)).isEqualTo("0.10000000000000001");
    assertThat(f.display(f.encode(2.0), 100)).isEqualTo("2");
    assertThat(f.display(f.encode(Double.NaN), 100)).isEqualTo("NaN");
    CanonicalValue t = CanonicalValue.of(ValueKind.TEXT);
    assertThat(t.display("x".repeat(150), 100)).hasSize(101).endsWith("…");
  }

  @Test
  void valueHashesAreWhatPostgresqlsHashtextextendedGives() {
    // SELECT to_hex(hashtextextended(s, 0)) on PostgreSQL 15, x86-64: every tail length of
    // lookup3 (0 to 11 bytes after the 12-byte blocks), multi-byte UTF-8, a row's tokens
    String[][] known = {
        {"", "9fb1b765a7ea466d"}, {"a", "31d94c66401370b1"}, {"1.5", "7f2b3ac05f448ace"},
        {"abcd", "f196c20ce885082c"}, {"abcde", "2ab16994e56fc644"},
        {"abcdefgh", "84bc1e238b1e9c33"}, {"abcdefghi", "d2817546fa822f5f"},
        {"abcdefghijk", "2b3346a5a78ef3d3"}, {"abcdefghijkl", "97216e83a1763ad4"},
        {"abcdefghijklm", "7b1e572e1830c6d0"}, {"true", "6f806e0e0923a3bf"},
        {"h\u00e9llo w\u00f6rld, 25 characters", "a8e07895b144dfb5"},
        {"0123456789abcdef0123456789abcdef~", "72098f0f91c3aa47"}};
    for (String[] k : known) {
      assertThat(Hashing.hex(Hashing.value(k[0]))).as(k[0]).isEqualTo(k[1]);
    }
    assertThat(Hashing.hex(Hashing.value("1.5")))
        .isEqualTo(Hashing.hex(Hashing.value(enc(new BigDecimal("1.50"), ValueKind.DECIMAL))));
    assertThat(Hashing.value("\u00e9")).isEqualTo(Hashing.value(new String("\u00e9".getBytes(
        StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
  }

  @Test
  void aSliceHashesAsTheSameBytesOnTheirOwn() {
    java.util.Random random = new java.util.Random(20261122L);
    for (int i = 0; i < 20_000; i++) {
      byte[] buffer = new byte[1 + random.nextInt(40)];
      random.nextBytes(buffer);
      int from = random.nextInt(buffer.length);
      // slices ending at the buffer's end too, where no whole word follows
      int length = random.nextBoolean() ? buffer.length - from
          : random.nextInt(buffer.length - from + 1);
      byte[] alone = java.util.Arrays.copyOfRange(buffer, from, from + length);

      assertThat(Hashing.hash(buffer, from, length)).as("%d bytes from %d", length, from)
          .isEqualTo(Hashing.hash(alone, alone.length));
    }
  }

  private static Column column(String type, String jdbcType) {
    return new Column("c", type, jdbcType, null, null, true, null, null);
  }
}
