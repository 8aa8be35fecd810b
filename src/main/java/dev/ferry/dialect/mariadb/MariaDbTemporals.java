package dev.ferry.dialect.mariadb;

/**
 * What MariaDB's date and time types hold: the range of each, the fractions of a second a
 * column keeps, and the SQL finding a value with finer fractions than a target keeps.
 */
final class MariaDbTemporals {

  private MariaDbTemporals() {}

  /**
   * A TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07.999999 UTC (a session in another
   * time zone shifts them by its offset); DATE and DATETIME hold years 1000 to 9999 as documented,
   * and store years down to 1, but no year before it.
   */
  static dev.ferry.dialect.TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toUpperCase(java.util.Locale.ROOT);
    return switch (type) {
      case "TIMESTAMP" -> new dev.ferry.dialect.TemporalRange(
          java.time.LocalDateTime.of(1970, 1, 1, 0, 0, 1),
          java.time.LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000), "UTC");
      case "DATE", "DATETIME" -> new dev.ferry.dialect.TemporalRange(
          java.time.LocalDateTime.of(1, 1, 1, 0, 0),
          java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), null);
      default -> null;
    };
  }

  /** The driver reports no scale: DATETIME(3) is 23 wide (19 and the point), TIME(2) 13 (10). */
  static Integer fractionDigits(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toUpperCase(java.util.Locale.ROOT);
    int whole = type.equals("TIME") ? 10 : type.equals("DATETIME") || type.equals("TIMESTAMP")
        ? 19 : -1;
    if (whole < 0 || column.size() == null) {
      return null;
    }
    return column.size() > whole ? column.size() - whole - 1 : 0;
  }

  /** A TIME, DATETIME or TIMESTAMP that differs from itself cast to the precision. */
  static String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    String type = column.type() == null ? "" : column.type().toUpperCase(java.util.Locale.ROOT);
    String cast = type.equals("TIME") ? "TIME" : type.equals("DATETIME")
        || type.equals("TIMESTAMP") ? "DATETIME" : null;
    return cast == null ? null
        : quotedColumn + " <> CAST(" + quotedColumn + " AS " + cast + "(" + digits + "))";
  }
}
