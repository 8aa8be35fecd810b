package dev.ferry.dialect;

import java.util.Set;

/**
 * The SQL by which an engine measures a column's values before a copy writes them elsewhere
 * (preflight, where declared types do not prove that values fit), and what its columns hold
 * that those measures are weighed against: lengths, UUIDs, times of day, enum members, rounding,
 * non-finite values, calendar dates, characters beyond the Basic Multilingual Plane, U+0000,
 * date ranges and fractions of a second. A part of {@link Dialect}.
 */
public interface ValueMeasures {

  /** SQL for the length of a text value in characters, as this engine's text columns count. */
  default String characterLength(String quotedColumn) {
    return "CHAR_LENGTH(" + quotedColumn + ")";
  }

  /** SQL for the length of a text value in bytes of UTF-8. */
  default String octetLength(String quotedColumn) {
    return "OCTET_LENGTH(" + quotedColumn + ")";
  }

  /** SQL for a value as text, to compare with a text parameter whatever the column's type. */
  default String asText(String quotedColumn) {
    return "CAST(" + quotedColumn + " AS VARCHAR(4000))";
  }

  /** SQL for the length of a binary value in bytes. */
  default String binaryLength(String quotedColumn) {
    return "OCTET_LENGTH(" + quotedColumn + ")";
  }

  /** Whether a bounded text column's declared length counts bytes rather than characters. */
  default boolean lengthInBytes(dev.ferry.catalog.Column column) {
    return false;
  }

  /**
   * SQL true for a text that is not a UUID of 8-4-4-4-12 hex digits (a text going into a uuid
   * column, which the target would refuse or reformat). Default: not 36 characters long.
   */
  default String notUuid(String quotedColumn) {
    return characterLength(quotedColumn) + " <> 36";
  }

  /**
   * SQL true for a TIME value that is no time of day (MariaDB's TIME is a duration from -838 to
   * 838 hours), or null where every TIME value is one.
   */
  default String notTimeOfDay(String quotedColumn) {
    return null;
  }

  /**
   * Whether a text column takes only the members its type lists (MariaDB's ENUM and SET), so
   * that no array literal ({@code {a,b}}) is among its values.
   */
  default boolean membersOnly(dev.ferry.catalog.Column column) {
    return false;
  }

  /** SQL for a number rounded to {@code scale} digits after the point. */
  default String round(String quotedColumn, int scale) {
    return "ROUND(" + quotedColumn + ", " + scale + ")";
  }

  /**
   * SQL true for a decimal that a float ({@code single}: binary32) would not give back as the
   * same decimal, or null when the engine cannot tell (then such decimals are refused).
   */
  default String floatRoundTrip(String quotedColumn, boolean single) {
    return null;
  }

  /**
   * SQL true for a value that is one of the given non-finite values (floats and decimals: {@code
   * NaN}, {@code Infinity}, {@code -Infinity}; dates and timestamps: {@code infinity}, {@code
   * -infinity}), or null when this engine holds none of them.
   */
  default String nonFinite(String quotedColumn, Set<String> which) {
    return null;
  }

  /**
   * SQL true for a date or timestamp this engine stores that is no day of the calendar (MariaDB's
   * zero date {@code 0000-00-00}, a zero month or day, a 31 April where the SQL mode allowed it),
   * or null when the engine stores none.
   */
  default String notCalendarDate(String quotedColumn) {
    return null;
  }

  /**
   * SQL true for a zero date this engine stores: {@code 0000-00-00} and the partial ones, with a
   * zero month or day (MariaDB), which a cast rule's {@code zero-dates: null} turns into NULL; or
   * null when the engine stores none.
   */
  default String zeroDate(String quotedColumn) {
    return null;
  }

  /**
   * SQL true for an enum column's error value (MariaDB stores an unknown label as {@code ''},
   * index 0, when the SQL mode is not strict), or null when the engine has none.
   */
  default String enumErrorValue(String quotedColumn) {
    return null;
  }

  /**
   * SQL true for a text holding a character beyond the Basic Multilingual Plane (four bytes in
   * UTF-8: emoji, many CJK and math letters), or null when this engine cannot tell.
   */
  default String beyondBmp(String quotedColumn) {
    return null;
  }

  /**
   * Whether a text column of this engine holds only characters of the Basic Multilingual Plane
   * (MariaDB's {@code utf8mb3}, which MariaDB also calls {@code utf8}).
   */
  default boolean onlyBmp(dev.ferry.catalog.Column column) {
    return false;
  }

  /**
   * SQL true for a text holding the character U+0000, or null when this engine's text never
   * holds it (or it cannot tell).
   */
  default String containsNul(String quotedColumn) {
    return null;
  }

  /** Whether this engine's text columns store the character U+0000 (PostgreSQL's do not). */
  default boolean storesNulInText() {
    return true;
  }

  /** The non-finite values (as {@link #nonFinite} names them) this engine stores. */
  default Set<String> storedNonFinite() {
    return Set.of();
  }

  /**
   * The dates and times a column of this engine holds as they are, or null when it holds every
   * date a source can have (then nothing is measured).
   */
  default TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    return null;
  }

  /**
   * Digits of fractions of a second a time or timestamp column keeps, or null when it keeps any.
   * Default: the column's scale, as the driver reports it.
   */
  default Integer fractionDigits(dev.ferry.catalog.Column column) {
    return column.scale();
  }

  /**
   * SQL true for a finite date or timestamp of this (source) column outside the range, a value
   * with zone compared as its UTC wall time; null when the engine cannot tell.
   */
  default String temporalOutside(String quotedColumn, dev.ferry.catalog.Column column,
      TemporalRange range) {
    return "(" + quotedColumn + " < TIMESTAMP '" + TemporalRange.text(range.min()) + "' OR "
        + quotedColumn + " > TIMESTAMP '" + TemporalRange.text(range.max()) + "')";
  }

  /**
   * SQL true for a time or timestamp of this (source) column with fractions of a second beyond
   * {@code digits}, or null when the engine cannot tell (then they are not measured).
   */
  default String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    return null;
  }
}
