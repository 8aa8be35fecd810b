package dev.ferry.jdbc;

import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * SQLite's storage classes against ferry's kinds. A SQLite column may hold values of several
 * storage classes (integer, real, text, blob) whatever its declared type; ferry reads a value as
 * its column's kind only when it is stored as that kind is stored:
 *
 * <table>
 *   <caption>storage classes a kind accepts</caption>
 *   <tr><td>INTEGER</td><td>integer</td></tr>
 *   <tr><td>FLOAT, DECIMAL</td><td>integer, real (a decimal: the shortest decimal of the real)</td></tr>
 *   <tr><td>BOOLEAN</td><td>integer 0 or 1</td></tr>
 *   <tr><td>BINARY</td><td>blob</td></tr>
 *   <tr><td>TEXT, JSON, ENUM, UUID</td><td>text</td></tr>
 *   <tr><td>DATE, TIME, TIMESTAMP</td><td>text in ISO form: {@code yyyy-MM-dd}, {@code
 *       HH:mm[:ss[.f]]}, date and time apart by a space or {@code T}; a real calendar date</td></tr>
 *   <tr><td>OTHER (no declared type)</td><td>any: each value as stored</td></tr>
 * </table>
 *
 * <p>Any other value is not converted: {@link #read} hands it over as stored (a {@code byte[]}
 * in a TEXT column, a {@code String} in an INTEGER one), so that verify sees the difference,
 * and the copy's preflight refuses such values before writing, counting them per column with
 * {@link #misfit} and naming the first keys. The check lives here rather than in the dialect
 * because it is about ferry's kinds.
 */
public final class SqliteStorage {

  private static final Pattern TIME = Pattern.compile(
      "([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?");

  private SqliteStorage() {}

  /**
   * A value as {@code getObject} returned it (its storage class: Integer or Long, Double, String,
   * byte[]) as its kind's canonical type, or as stored when its class does not hold that kind.
   */
  static Object read(Object stored, ValueKind kind) {
    if (stored == null) {
      return null;
    }
    if (stored instanceof Integer i) {
      stored = i.longValue();
    }
    return switch (kind) {
      case INTEGER, OTHER -> stored;
      case FLOAT -> stored instanceof Long l ? (Object) l.doubleValue() : stored;
      case DECIMAL -> stored instanceof Long l ? BigDecimal.valueOf(l)
          : stored instanceof Double d && Double.isFinite(d) ? BigDecimal.valueOf(d) : stored;
      case BOOLEAN -> stored instanceof Long l && (l == 0 || l == 1) ? (Object) (l == 1) : stored;
      case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> stored instanceof String s
          ? temporal(s, kind) : stored;
      case UUID -> stored instanceof String s ? uuid(s) : stored;
      default -> stored;
    };
  }

  /** An ISO date or time of the kind, or the text itself when it is not one. */
  static Object temporal(String text, ValueKind kind) {
    try {
      return switch (kind) {
        case DATE -> text.length() == 10 ? LocalDate.parse(text) : text;
        case TIME -> TIME.matcher(text).matches() ? LocalTime.parse(text) : text;
        case TIMESTAMP -> text.length() >= 16 && (text.charAt(10) == ' ' || text.charAt(10) == 'T')
            && TIME.matcher(text.substring(11)).matches()
            ? LocalDateTime.of(LocalDate.parse(text.substring(0, 10)),
                LocalTime.parse(text.substring(11))) : text;
        default -> OffsetDateTime.parse(text.replace(' ', 'T'));
      };
    } catch (DateTimeParseException e) {
      return text;
    }
  }

  private static Object uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * A SQL condition on the quoted column {@code q}, true for a non-NULL value that {@link #read}
   * would not read as {@code kind} (see the class comment), or null when every value is read.
   * {@code date(x, '+0 days') = x} is SQLite's own test of a real calendar date in ISO form.
   */
  public static String misfit(String q, ValueKind kind) {
    String time = "(substr(%1$s, 1, 2) <= '23' AND (%1$s GLOB '[0-2][0-9]:[0-5][0-9]'"
        + " OR %1$s GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'"
        + " OR %1$s GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9]*' AND length(%1$s) <= 18"
        + " AND substr(%1$s, 10) NOT GLOB '*[^0-9]*'))";
    String date = "date(%1$s, '+0 days') IS NOT %1$s";
    String condition = switch (kind) {
      case INTEGER -> "typeof(" + q + ") NOT IN ('integer', 'null')";
      case FLOAT, DECIMAL -> "typeof(" + q + ") NOT IN ('integer', 'real', 'null')";
      case BOOLEAN -> "(typeof(" + q + ") NOT IN ('integer', 'null') OR " + q + " NOT IN (0, 1))";
      case BINARY -> "typeof(" + q + ") NOT IN ('blob', 'null')";
      case TEXT, JSON, ENUM, UUID, ARRAY -> "typeof(" + q + ") NOT IN ('text', 'null')";
      case DATE -> "(typeof(" + q + ") <> 'text' OR length(" + q + ") <> 10 OR "
          + date.formatted(q) + ")";
      case TIME -> "(typeof(" + q + ") <> 'text' OR NOT " + time.formatted(q) + ")";
      case TIMESTAMP -> "(typeof(" + q + ") <> 'text' OR "
          + date.formatted("substr(" + q + ", 1, 10)") + " OR substr(" + q
          + ", 11, 1) NOT IN (' ', 'T') OR NOT " + time.formatted("substr(" + q + ", 12)") + ")";
      case TIMESTAMP_TZ -> "typeof(" + q + ") NOT IN ('text', 'null')";
      case OTHER -> null;
    };
    return condition == null ? null : "(" + q + " IS NOT NULL AND " + condition + ")";
  }

  /** What {@link #misfit} found, for messages. */
  public static String expected(ValueKind kind) {
    return switch (kind) {
      case INTEGER -> "integers";
      case FLOAT, DECIMAL -> "numbers (integer or real)";
      case BOOLEAN -> "integers 0 or 1";
      case BINARY -> "blobs";
      case DATE -> "dates as text yyyy-MM-dd";
      case TIME -> "times as text HH:mm[:ss[.fffffffff]]";
      case TIMESTAMP -> "timestamps as text yyyy-MM-dd HH:mm[:ss[.fffffffff]]";
      default -> "text";
    };
  }
}
