package dev.ferry.copy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The order of {@code newer-wins}' version values (docs/merge.md): numbers by value (an integer
 * 7 is a decimal 7.00), dates and timestamps in time (a date as its midnight, a timestamp with
 * time zone as its UTC wall time); NULL is older than any value, and two NULLs are equal.
 */
final class Versions {

  /** The kinds a version column may have. */
  static final Set<ValueKind> KINDS = Set.of(ValueKind.INTEGER, ValueKind.DECIMAL,
      ValueKind.DATE, ValueKind.TIMESTAMP, ValueKind.TIMESTAMP_TZ);

  private Versions() {}

  /** Whether two kinds compare: both numbers, or both dates or timestamps. */
  static boolean comparable(ValueKind a, ValueKind b) {
    return KINDS.contains(a) && KINDS.contains(b) && number(a) == number(b);
  }

  private static boolean number(ValueKind kind) {
    return kind == ValueKind.INTEGER || kind == ValueKind.DECIMAL;
  }

  /** Negative when {@code a} is older than {@code b}, 0 when as new, positive when newer. */
  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    Object x = normal(a);
    Object y = normal(b);
    if (x instanceof BigDecimal p && y instanceof BigDecimal q) {
      return p.compareTo(q);
    }
    if (x instanceof LocalDateTime p && y instanceof LocalDateTime q) {
      return p.compareTo(q);
    }
    throw new FerryException(ErrorCode.UNEXPECTED, "newer-wins cannot compare the version '"
        + a + "' with '" + b + "': a value that is no number, date or timestamp");
  }

  private static Object normal(Object v) {
    if (v instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof OffsetDateTime t) {
      return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return v;
  }
}
