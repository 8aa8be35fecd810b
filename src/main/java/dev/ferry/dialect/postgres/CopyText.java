package dev.ferry.dialect.postgres;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * Encodes canonical values as PostgreSQL COPY text format: tab-separated, {@code \N} for NULL,
 * backslash escapes for backslash, tab, newline and carriage return. The server parses each field
 * with the target column's own input function, so every PostgreSQL type (enums, arrays, json,
 * ranges) loads from its text form.
 */
public final class CopyText {

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
      } else {
        appendTimestamp(out, t);
        era(out, t.getYear());
      }
    } else if (value instanceof OffsetDateTime t) {
      if (t.equals(OffsetDateTime.MAX) || t.equals(OffsetDateTime.MIN)) {
        out.append(t.equals(OffsetDateTime.MAX) ? "infinity" : "-infinity");
      } else {
        // at UTC: the same instant, and the UTC wall time in a timestamp column without zone
        LocalDateTime utc = t.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
        appendTimestamp(out, utc);
        out.append("+00");
        era(out, utc.getYear());
      }
    } else if (value instanceof LocalDate d) {
      if (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN)) {
        out.append(d.equals(LocalDate.MAX) ? "infinity" : "-infinity");
      } else {
        appendDate(out, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        era(out, d.getYear());
      }
    } else if (value instanceof Double d) {
      out.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity")
          : d.toString());
    } else {
      escape(out, value.toString());
    }
  }

  /**
   * {@code yyyy-MM-dd HH:mm:ss.SSSSSS}, the year as {@link #appendDate} writes it, written digit
   * by digit: the formatter was the largest part of encoding COPY text in the copy's profiles.
   */
  private static void appendTimestamp(StringBuilder out, LocalDateTime t) {
    appendDate(out, t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    out.append(' ');
    digits(out, t.getHour(), 2);
    out.append(':');
    digits(out, t.getMinute(), 2);
    out.append(':');
    digits(out, t.getSecond(), 2);
    out.append('.');
    digits(out, t.getNano() / 1000, 6);
  }

  /**
   * {@code yyyy-MM-dd} as PostgreSQL reads it: an ISO year before 1 is written as the year BC
   * it is (year 0 is 1 BC, -4712 is 4713 BC; {@link #era} adds the {@code BC}), and years past
   * 9999 in their digits, without the {@code +} of {@link LocalDate#toString()}.
   */
  private static void appendDate(StringBuilder out, int isoYear, int month, int day) {
    int year = isoYear < 1 ? 1 - isoYear : isoYear;
    if (year > 9999) {
      out.append(year);
    } else {
      digits(out, year, 4);
    }
    out.append('-');
    digits(out, month, 2);
    out.append('-');
    digits(out, day, 2);
  }

  /** {@code  BC} after a date or timestamp whose ISO year is before 1. */
  private static void era(StringBuilder out, int isoYear) {
    if (isoYear < 1) {
      out.append(" BC");
    }
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
