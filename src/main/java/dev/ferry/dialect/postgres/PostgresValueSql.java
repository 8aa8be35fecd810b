package dev.ferry.dialect.postgres;

/**
 * SQL by which a PostgreSQL source measures its values before a copy writes them elsewhere:
 * characters beyond U+FFFF, dates outside a target's range, fractions of a second beyond a
 * target's precision.
 */
final class PostgresValueSql {

  private PostgresValueSql() {}

  /**
   * A character from U+10000 on: its UTF-8 starts with a byte from F0 to F4, which nothing else
   * does (bytes, not a regex escape, so that any server encoding answers).
   */
  static String beyondBmp(String quotedColumn) {
    String bytes = "convert_to(" + quotedColumn + "::text, 'UTF8')";
    return "(" + String.join(" OR ", java.util.stream.Stream.of("f0", "f1", "f2", "f3", "f4")
        .map(b -> "position(decode('" + b + "', 'hex') in " + bytes + ") > 0").toList()) + ")";
  }

  /** Compared as UTC wall time where the column has a zone; its infinities are not counted. */
  static String temporalOutside(String quotedColumn, dev.ferry.catalog.Column column,
      dev.ferry.dialect.TemporalRange range) {
    String value = zoned(column) ? "(" + quotedColumn + " AT TIME ZONE 'UTC')" : quotedColumn;
    return "(isfinite(" + quotedColumn + ") AND (" + value + " < " + timestamp(range.min())
        + " OR " + value + " > " + timestamp(range.max()) + "))";
  }

  /** The value cast to the precision differs from it; infinities are not counted. */
  static String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    String type = column.type() == null ? "" : column.type().toLowerCase(java.util.Locale.ROOT);
    String base = type.startsWith("timestamptz") ? "timestamptz" : type.startsWith("timestamp")
        ? "timestamp" : type.startsWith("timetz") ? "timetz" : type.startsWith("time") ? "time"
        : null;
    if (base == null) {
      return null;
    }
    String finer = quotedColumn + " <> CAST(" + quotedColumn + " AS " + base + "(" + digits
        + "))";
    return base.startsWith("timestamp") ? "(isfinite(" + quotedColumn + ") AND " + finer + ")"
        : finer;
  }

  private static boolean zoned(dev.ferry.catalog.Column column) {
    return column.type() != null && column.type().toLowerCase(java.util.Locale.ROOT)
        .startsWith("timestamptz");
  }

  /** A timestamp literal in PostgreSQL's own spelling (BC years as BC). */
  private static String timestamp(java.time.LocalDateTime t) {
    StringBuilder text = new StringBuilder("TIMESTAMP '");
    CopyText.appendValue(text, t);
    return text.append('\'').toString();
  }
}
