package dev.ferry.dialect.postgres;

/**
 * SQL by which a PostgreSQL source measures its values before a copy writes them elsewhere:
 * characters beyond U+FFFF, dates outside a target's range, fractions of a second beyond a
 * target's precision.
 */
final class PostgresValueSql {

  private PostgresValueSql() {}

  /** A character from U+10000 on (the regex escape needs a UTF8 database, as ferry's are). */
  static String beyondBasicPlane(String quotedColumn) {
    return quotedColumn + "::text ~ '[\\U00010000-\\U0010FFFF]'";
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
