package dev.ferry.copy;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.TemporalRange;
import dev.ferry.rows.ValueKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Dates and times a target column cannot hold as they are: outside the range its engine keeps
 * (a MariaDB TIMESTAMP ends in 2038, SQLite's ISO text has four-digit years), or with more
 * fractions of a second than it keeps (a MariaDB DATETIME keeps none unless declared). Declared
 * types rarely prove either, so both are measured on the source ({@link ValueFit}); a bundle's
 * values, which cannot be queried, are left to verify.
 */
final class TemporalFit {

  private static final Set<ValueKind> DATED = EnumSet.of(ValueKind.DATE, ValueKind.TIMESTAMP,
      ValueKind.TIMESTAMP_TZ);
  private static final Set<ValueKind> TIMED = EnumSet.of(ValueKind.TIME, ValueKind.TIMESTAMP,
      ValueKind.TIMESTAMP_TZ);

  private TemporalFit() {}

  /**
   * Adds the doubts of one column pair.
   *
   * @param q the source column, quoted for the source, or null when it cannot be queried
   * @param from the source's dialect, or null when it cannot be queried
   * @param to the target's dialect, or null when unknown
   */
  static void doubts(Column source, ValueKind fromKind, Column target, ValueKind toKind,
      String q, Dialect from, Dialect to, List<TypeFit.Doubt> doubts) {
    if (from == null || to == null || q == null) {
      return;
    }
    TemporalRange range = DATED.contains(fromKind) && DATED.contains(toKind)
        ? to.temporalRange(target) : null;
    String outside = range == null ? null : from.temporalOutside(q, source, range);
    if (outside != null) {
      boolean dates = toKind == ValueKind.DATE;
      doubts.add(new TypeFit.Doubt(outside, null, "lie outside " + text(range.min(), dates)
          + " to " + text(range.max(), dates) + (range.note() == null ? ""
              : " (" + range.note() + ")") + ", which " + target.type() + " holds", null));
    }
    Integer keeps = TIMED.contains(fromKind) && TIMED.contains(toKind)
        ? to.fractionDigits(target) : null;
    Integer has = keeps == null ? null : from.fractionDigits(source);
    if (keeps != null && (has == null || has > keeps)) {
      String finer = from.finerThan(q, source, keeps);
      if (finer != null) {
        doubts.add(new TypeFit.Doubt(finer, null, "have fractions of a second beyond " + keeps
            + " digits, which " + target.type() + " drops", null));
      }
    }
  }

  private static String text(java.time.LocalDateTime t, boolean date) {
    return date ? t.toLocalDate().toString() : TemporalRange.text(t);
  }
}
