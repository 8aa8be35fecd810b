package dev.ferry.verify;

import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * The order of {@code newer-wins}' version values as verify reads them, in canonical text: the
 * copy's rule (docs/merge.md) — numbers by value, dates and timestamps in time (a date as its
 * midnight; a timestamp with time zone is already its UTC wall time in canonical text), NULL
 * older than any value and two NULLs as new.
 */
final class VersionOrder {

  private VersionOrder() {}

  /** Negative when {@code a} is older than {@code b}, 0 when as new, positive when newer. */
  static int compare(String a, String b, ValueKind kind) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (kind == ValueKind.INTEGER || kind == ValueKind.DECIMAL) {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    }
    return compareTime(a, b);
  }

  private static int compareTime(String a, String b) {
    int x = infinity(a);
    int y = infinity(b);
    if (x != 0 || y != 0) {
      return Integer.compare(x, y);
    }
    try {
      return time(a).compareTo(time(b));
    } catch (DateTimeParseException e) {
      return a.compareTo(b);
    }
  }

  private static int infinity(String s) {
    return s.equals("infinity") ? 1 : s.equals("-infinity") ? -1 : 0;
  }

  private static LocalDateTime time(String s) {
    return s.indexOf('T') < 0 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
  }
}
