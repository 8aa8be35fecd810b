package dev.ferry.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** COPY text: the fast paths write exactly what the plain formatting wrote. */
class CopyTextTest {

  private static final DateTimeFormatter AFTER_YEAR =
      DateTimeFormatter.ofPattern("-MM-dd HH:mm:ss.SSSSSS");

  /** PostgreSQL's form: a year before 1 as the year BC it is, no sign after 9999. */
  private static String reference(LocalDateTime t) {
    int year = t.getYear() < 1 ? 1 - t.getYear() : t.getYear();
    return String.format("%04d", year) + AFTER_YEAR.format(t) + (t.getYear() < 1 ? " BC" : "");
  }

  private static String text(Object value) {
    StringBuilder out = new StringBuilder();
    CopyText.appendValue(out, value);
    return out.toString();
  }

  @Test
  void timestampsMatchTheFormatterOverTheWholeRange() {
    Random random = new Random(42);
    long min = LocalDateTime.of(-5000, 1, 1, 0, 0).toEpochSecond(java.time.ZoneOffset.UTC);
    long max = LocalDateTime.of(12000, 12, 31, 23, 59).toEpochSecond(java.time.ZoneOffset.UTC);
    for (int i = 0; i < 200_000; i++) {
      long second = min + (long) (random.nextDouble() * (max - min));
      int nano = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, nano, java.time.ZoneOffset.UTC);
      assertThat(text(t)).as("%s", t).isEqualTo(reference(t));
    }
    assertThat(text(LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("0001-01-01 00:00:00.000000");
    assertThat(text(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999)))
        .isEqualTo("9999-12-31 23:59:59.999999");
    assertThat(text(LocalDateTime.of(0, 12, 31, 23, 59, 59)))
        .isEqualTo("0001-12-31 23:59:59.000000 BC");
    assertThat(text(LocalDateTime.of(-4712, 1, 1, 0, 0)))
        .isEqualTo("4713-01-01 00:00:00.000000 BC");
    assertThat(text(LocalDateTime.of(294276, 12, 31, 0, 0)))
        .isEqualTo("294276-12-31 00:00:00.000000");
    assertThat(text(java.time.LocalDate.of(-4712, 1, 1))).isEqualTo("4713-01-01 BC");
    assertThat(text(java.time.LocalDate.of(10000, 1, 1))).isEqualTo("10000-01-01");
    assertThat(text(java.time.OffsetDateTime.of(0, 1, 1, 23, 0, 0, 0,
        java.time.ZoneOffset.ofHours(-2)))).isEqualTo("0001-01-02 01:00:00.000000+00 BC");
    assertThat(text(LocalDateTime.MAX)).isEqualTo("infinity");
    assertThat(text(LocalDateTime.MIN)).isEqualTo("-infinity");
  }

  @Test
  void textIsEscapedLikeTheCharacterByCharacterRule() {
    Random random = new Random(7);
    char[] alphabet = {'a', 'Z', '0', ' ', '\\', '\t', '\n', '\r', 'é', '€', '"', '\'', ';'};
    for (int i = 0; i < 50_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(20); n > 0; n--) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }
      assertThat(text(s.toString())).isEqualTo(reference(s.toString()));
    }
    assertThat(text("a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re");
    assertThat(text("\\N")).isEqualTo("\\\\N");
  }

  @Test
  void numbersBytesAndNulls() {
    assertThat(text(null)).isEqualTo("\\N");
    assertThat(text(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(text(42)).isEqualTo("42");
    assertThat(text(new BigDecimal("1E+3"))).isEqualTo("1000");
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    assertThat(text(bytes)).isEqualTo("\\\\x" + HexFormat.of().formatHex(bytes));
    assertThat(text(new byte[0])).isEqualTo("\\\\x");
  }

  private static String reference(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
