package dev.ferry.dialect.postgres;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

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
  private static final HexFormat HEX = HexFormat.of();

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
    } else if (value instanceof byte[] bytes) {
      out.append("\\\\x").append(HEX.formatHex(bytes));
    } else if (value instanceof Boolean b) {
      out.append(b ? 't' : 'f');
    } else if (value instanceof BigDecimal d) {
      out.append(d.toPlainString());
    } else if (value instanceof LocalDateTime t) {
      out.append(t.equals(LocalDateTime.MAX) ? "infinity"
          : t.equals(LocalDateTime.MIN) ? "-infinity" : TIMESTAMP.format(t));
    } else if (value instanceof OffsetDateTime t) {
      out.append(t.equals(OffsetDateTime.MAX) ? "infinity"
          : t.equals(OffsetDateTime.MIN) ? "-infinity" : TIMESTAMP_TZ.format(t));
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

  private static void escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
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
