package dev.ferry.dialect.postgres;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Encodes canonical values as PostgreSQL COPY text format: tab-separated, {@code \N} for NULL,
 * backslash escapes for backslash, tab, newline and carriage return. The server parses each field
 * with the target column's own input function, so every PostgreSQL type (enums, arrays, json,
 * ranges) loads from its text form.
 */
public final class CopyText {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter TIMESTAMP_TZ =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");
  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
  private static final int[] POWERS = {1, 10, 100, 1000, 10000, 100000};

  private CopyText() {}

  /** Appends one row, ending in a newline. */
  public static void appendRow(StringBuilder out, Object[] row) {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.append('\t');
      }
      appendValue(out, row[i]);
    }
    out.append('\n');
  }

  static void appendValue(StringBuilder out, Object value) {
    if (value == null) {
      out.append("\\N");
    } else if (value instanceof String text) {
      escape(out, text);
    } else if (value instanceof Long n) {
      out.append(n.longValue());
    } else if (value instanceof Integer n) {
      out.append(n.intValue());
    } else if (value instanceof byte[] bytes) {
      out.append("\\\\x");
      for (byte b : bytes) {
        out.append(HEX_DIGITS[(b >> 4) & 0xf]).append(HEX_DIGITS[b & 0xf]);
      }
    } else if (value instanceof Boolean b) {
      // 1 and 0 read as booleans and as integers alike: a boolean copied into an integer column
      out.append(b ? '1' : '0');
    } else if (value instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (value instanceof LocalDateTime t) {
      if (t.equals(LocalDateTime.MAX)) {
        out.append("infinity");
      } else if (t.equals(LocalDateTime.MIN)) {
        out.append("-infinity");
      } else if (t.getYear() < 1 || t.getYear() > 9999) {
        out.append(TIMESTAMP.format(t));
      } else {
        appendTimestamp(out, t);
      }
    } else if (value instanceof OffsetDateTime t) {
      // at UTC: the same instant, and the UTC wall time in a timestamp column without zone
      out.append(t.equals(OffsetDateTime.MAX) ? "infinity" : t.equals(OffsetDateTime.MIN)
          ? "-infinity" : TIMESTAMP_TZ.format(t.withOffsetSameInstant(java.time.ZoneOffset.UTC)));
    } else if (value instanceof LocalDate d) {
      out.append(d.equals(LocalDate.MAX) ? "infinity"
          : d.equals(LocalDate.MIN) ? "-infinity" : d.toString());
    } else if (value instanceof Double d) {
      out.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity")
          : d.toString());
    } else {
      escape(out, value.toString());
    }
  }

  /**
   * {@code uuuu-MM-dd HH:mm:ss.SSSSSS} for years 1 to 9999, written digit by digit: the
   * formatter was the largest part of encoding COPY text in the copy's profiles.
   */
  private static void appendTimestamp(StringBuilder out, LocalDateTime t) {
    digits(out, t.getYear(), 4);
    out.append('-');
    digits(out, t.getMonthValue(), 2);
    out.append('-');
    digits(out, t.getDayOfMonth(), 2);
    out.append(' ');
    digits(out, t.getHour(), 2);
    out.append(':');
    digits(out, t.getMinute(), 2);
    out.append(':');
    digits(out, t.getSecond(), 2);
    out.append('.');
    digits(out, t.getNano() / 1000, 6);
  }

  private static void digits(StringBuilder out, int value, int width) {
    for (int scale = POWERS[width - 1]; scale > 0; scale /= 10) {
      out.append((char) ('0' + value / scale % 10));
    }
  }

  private static void escape(StringBuilder out, String text) {
    int plain = 0;
    while (plain < text.length()) {
      char c = text.charAt(plain);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        break;
      }
      plain++;
    }
    out.append(text, 0, plain);
    for (int i = plain; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
  }
}
