package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plain forms a value's text is hashed from directly, found inside a larger buffer. */
class ServerTextTest {

  @Test
  void floatsInPostgresqlsOutputFormArePlain() {
    for (String text : new String[] {"0", "-0", "1.5", "1e+20", "1.2345678901234567e-05",
        "123456789", "NaN", "Infinity", "-Infinity", "5e-324", ".5"}) {
      assertThat(plainInside(ValueKind.FLOAT, text)).as(text).isTrue();
    }
    for (String text : new String[] {"", "-", "e5", "1e", "1e+", "1.5x", "inf", "-NaN", "0x1p3",
        "1d", " 1", "1,5", "+1", "Infinity "}) {
      assertThat(plainInside(ValueKind.FLOAT, text)).as(text).isFalse();
    }
  }

  @Test
  void byteaInHexOutputIsPlainAndEscapeOutputIsNot() {
    assertThat(plainInside(ValueKind.BINARY, "\\x")).isTrue();
    assertThat(plainInside(ValueKind.BINARY, "\\x00ff5c")).isTrue();
    assertThat(plainInside(ValueKind.BINARY, "\\x0")).isFalse();
    assertThat(plainInside(ValueKind.BINARY, "\\x00FF")).isFalse();
    assertThat(plainInside(ValueKind.BINARY, "abc\\000")).isFalse();
  }

  @Test
  void theOtherFormsAreCheckedWithinTheirSliceOnly() {
    assertThat(plainInside(ValueKind.INTEGER, "-42")).isTrue();
    assertThat(plainInside(ValueKind.INTEGER, "042")).isFalse();
    assertThat(plainInside(ValueKind.DECIMAL, "1.50")).isTrue();
    assertThat(plainInside(ValueKind.DECIMAL, "NaN")).isFalse();
    assertThat(plainInside(ValueKind.TIMESTAMP, "2024-02-29 10:00:00.5")).isTrue();
    assertThat(plainInside(ValueKind.TIMESTAMP, "2024-02-29 10:00:00+01")).isFalse();
    assertThat(plainInside(ValueKind.DATE, "0044-03-15 BC")).isFalse();
    assertThat(plainInside(ValueKind.UUID, "0a0b0c0d-0000-4000-8000-00000000000f")).isTrue();
  }

  @Test
  void mariaDbDatesArePlainOnlyWhenTheCalendarHasThem() {
    for (String text : new String[] {"2024-02-29", "1000-01-01", "9999-12-31", "2023-04-30"}) {
      assertThat(plainMariaDb(ValueKind.DATE, text)).as(text).isTrue();
    }
    for (String text : new String[] {"0000-00-00", "2023-02-29", "2100-02-29", "2023-04-31",
        "2024-00-10", "2024-13-01", "2024-01-00", "0999-12-31", "2024-1-01"}) {
      assertThat(plainMariaDb(ValueKind.DATE, text)).as(text).isFalse();
    }
    assertThat(plainMariaDb(ValueKind.DATE, "2000-02-29")).isTrue();
    assertThat(plainMariaDb(ValueKind.TIMESTAMP, "2024-02-29 23:59:59.999999")).isTrue();
    assertThat(plainMariaDb(ValueKind.TIMESTAMP, "2024-02-29 00:00:00")).isTrue();
    for (String text : new String[] {"0000-00-00 00:00:00", "2024-02-30 10:00:00",
        "2024-02-29 24:00:00", "2024-02-29 10:60:00", "2024-02-29 10:00:60",
        "2024-02-29 10:00:00."}) {
      assertThat(plainMariaDb(ValueKind.TIMESTAMP, text)).as(text).isFalse();
    }
    assertThat(plainMariaDb(ValueKind.INTEGER, "18446744073709551615")).isTrue();
    assertThat(plainMariaDb(ValueKind.INTEGER, "000042")).as("zero-filled").isFalse();
    assertThat(plainMariaDb(ValueKind.DECIMAL, "0012.50")).as("zero-filled").isFalse();
    assertThat(plainMariaDb(ValueKind.DECIMAL, "-0.0001")).isTrue();
    assertThat(plainMariaDb(ValueKind.TEXT, "text")).as("only numbers and dates").isFalse();
  }

  private static boolean plainMariaDb(ValueKind kind, String text) {
    return ServerText.plainMariaDb(kind, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The text between other bytes, as a COPY row holds it, checked in place. */
  private static boolean plainInside(ValueKind kind, String text) {
    byte[] row = ("9\t" + text + "\tx").getBytes(StandardCharsets.UTF_8);
    int from = 2;
    int to = from + text.getBytes(StandardCharsets.UTF_8).length;
    return ServerText.plain(kind, row, from, to);
  }
}
