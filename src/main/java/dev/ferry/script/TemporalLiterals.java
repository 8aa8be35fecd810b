package dev.ferry.script;

import dev.ferry.rows.ValueKind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Dates and times as literals of one dialect, within the range and precision the dialect holds:
 * PostgreSQL's years run from 4714 BC (written {@code BC}) to 5874897 (dates) or 294276
 * (timestamps) and it has {@code infinity}; MySQL and SQL Server hold the years 1 to 9999.
 * Fractions of a second beyond the dialect's digits, and values outside its range, are not
 * written: {@link #problem} names them, so that a run refuses them before its first file.
 */
final class TemporalLiterals {

  /** Java's LocalTime.MAX: how PostgreSQL's driver hands over {@code 24:00:00}. */
  private static final LocalTime END_OF_DAY = LocalTime.MAX;

  private TemporalLiterals() {}

  /** Why the dialect cannot hold the value, or null when it can. */
  static String problem(Object value, ValueKind kind, SqlLiterals.Spec spec) {
    if (isInfinite(value)) {
      return spec.infiniteTemporals() ? null : "infinite dates and times ('infinity')";
    }
    if (value instanceof LocalTime t) {
      if (t.equals(END_OF_DAY)) {
        return spec.endOfDay() ? null : "the time 24:00:00";
      }
      return fraction(t.getNano(), spec);
    }
    if (value instanceof LocalDate d) {
      return range(d, spec.maxDate(), spec);
    }
    LocalDateTime local = value instanceof OffsetDateTime odt ? utc(odt) : (LocalDateTime) value;
    String range = range(local.toLocalDate(), spec.maxTimestampDate(), spec);
    if (range == null && value instanceof OffsetDateTime odt && zoned(kind, spec)) {
      // a zoned literal shows its local date: that must read back too
      range = range(odt.toLocalDate(), spec.maxTimestampDate(), spec);
    }
    return range != null ? range : fraction(local.getNano(), spec);
  }

  /** The literal; the value must have no {@link #problem}. */
  static String literal(Object value, ValueKind kind, SqlLiterals.Spec spec) {
    boolean typed = spec.temporals() == SqlLiterals.Temporals.TYPED;
    if (isInfinite(value)) {
      boolean positive = value.equals(LocalDate.MAX) || value.equals(LocalDateTime.MAX)
          || value.equals(OffsetDateTime.MAX);
      String type = value instanceof LocalDate ? "DATE" : value instanceof OffsetDateTime
          && kind == ValueKind.TIMESTAMP_TZ ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
      return type + " '" + (positive ? "infinity" : "-infinity") + "'";
    }
    if (value instanceof LocalTime t) {
      String text = t.equals(END_OF_DAY) ? "24:00:00" : clock(t);
      return (typed ? "TIME '" : "'") + text + "'";
    }
    if (value instanceof LocalDate d) {
      return (typed ? "DATE '" : "'") + date(d, "", spec) + "'";
    }
    String separator = typed ? " " : "T";
    if (value instanceof OffsetDateTime odt && zoned(kind, spec)) {
      String offset = odt.getOffset().equals(ZoneOffset.UTC) ? "+00:00" : odt.getOffset().getId();
      String text = date(odt.toLocalDate(), separator + clock(odt.toLocalTime()) + offset, spec);
      return (typed ? "TIMESTAMP WITH TIME ZONE '" : "'") + text + "'";
    }
    // engines without a zone type (and non-zoned columns) get the UTC instant, as a copy stores it
    LocalDateTime ts = value instanceof OffsetDateTime odt ? utc(odt) : (LocalDateTime) value;
    String text = date(ts.toLocalDate(), separator + clock(ts.toLocalTime()), spec);
    return (typed ? "TIMESTAMP '" : "'") + text + "'";
  }

  /** Whether a zoned value is written with its offset (else as its UTC instant). */
  private static boolean zoned(ValueKind kind, SqlLiterals.Spec spec) {
    return kind == ValueKind.TIMESTAMP_TZ && spec.zonedTimestamps();
  }

  private static LocalDateTime utc(OffsetDateTime odt) {
    return odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
  }

  private static String range(LocalDate date, LocalDate last, SqlLiterals.Spec spec) {
    if (date.isBefore(spec.minDate()) || date.isAfter(last)) {
      return "dates outside " + date(spec.minDate(), "", spec) + " .. " + date(last, "", spec);
    }
    return null;
  }

  private static String fraction(int nanos, SqlLiterals.Spec spec) {
    int unit = (int) Math.pow(10, 9 - spec.fractionDigits());
    return nanos % unit == 0 ? null
        : "times with more than " + spec.fractionDigits() + " digits after the second";
  }

  private static boolean isInfinite(Object v) {
    return v.equals(LocalDate.MAX) || v.equals(LocalDate.MIN) || v.equals(LocalDateTime.MAX)
        || v.equals(LocalDateTime.MIN) || v.equals(OffsetDateTime.MAX)
        || v.equals(OffsetDateTime.MIN);
  }

  /**
   * {@code YYYY-MM-DD}, then {@code rest}; PostgreSQL counts years before 1 as {@code BC} (the
   * year 0 is 1 BC), the others write the year 0 as {@code 0000}.
   */
  private static String date(LocalDate d, String rest, SqlLiterals.Spec spec) {
    int year = d.getYear();
    boolean bc = year < 1 && spec.infiniteTemporals();
    return String.format("%04d-%02d-%02d", bc ? 1 - year : year, d.getMonthValue(),
        d.getDayOfMonth()) + rest + (bc ? " BC" : "");
  }

  private static String clock(LocalTime t) {
    String text = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    if (t.getNano() == 0) {
      return text;
    }
    String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
    return text + "." + fraction;
  }
}
