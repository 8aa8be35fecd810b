package dev.ferry.rows;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one definition of "these two values are the same" across kinds, which preflight, copy and
 * verify share: a kind pair is accepted only when the value a copy writes into the target kind
 * is the one verify's canonical encoding holds equal to the source value. Every accepted pair
 * and its rule (docs/copy.md, "Kinds that may meet"; tested pair by pair on real servers by
 * {@code SameValueRuleIT}):
 *
 * <table>
 *   <caption>accepted kind pairs</caption>
 *   <tr><td>a kind into itself; OTHER either side</td><td>the canonical text</td></tr>
 *   <tr><td>ENUM, JSON, ARRAY, UUID into TEXT; TEXT into ENUM, JSON, ARRAY</td>
 *       <td>the text (parsed when JSON is on either side)</td></tr>
 *   <tr><td>TEXT into UUID</td><td>the UUID the text spells (other texts are measured and
 *       refused)</td></tr>
 *   <tr><td>INTEGER, DATE into TEXT</td><td>the canonical text, which is what every engine
 *       writes ({@code 42}, {@code 2024-02-14})</td></tr>
 *   <tr><td>INTEGER into DECIMAL</td><td>the number</td></tr>
 *   <tr><td>INTEGER, DECIMAL into FLOAT; FLOAT into DECIMAL</td><td>the float as its shortest
 *       decimal</td></tr>
 *   <tr><td>BOOLEAN into INTEGER, INTEGER into BOOLEAN</td><td>0 is false, 1 is true (other
 *       integers are measured and refused)</td></tr>
 *   <tr><td>DATE into TIMESTAMP</td><td>the date is the timestamp at midnight</td></tr>
 *   <tr><td>TIMESTAMP_TZ into TIMESTAMP</td><td>the instant's UTC wall time</td></tr>
 *   <tr><td>TIMESTAMP, DATE into TIMESTAMP_TZ, where the target takes a value without zone as
 *       UTC ({@link dev.ferry.dialect.Dialect#zonelessAsUtc()}: PostgreSQL)</td><td>the
 *       instant whose UTC wall time the timestamp (the date's midnight) is</td></tr>
 * </table>
 *
 * <p>Everything else is refused before writing: text written from a decimal, float, boolean,
 * time or timestamp differs by engine ({@code 1.50} or {@code 1.5}, {@code t} or {@code 1}),
 * elsewhere a zone-less value into a zoned column would take the session's zone, and bytes are
 * not text.
 */
public final class SameValue {

  public static final Set<ValueKind> TEXTUAL = EnumSet.of(ValueKind.TEXT, ValueKind.JSON,
      ValueKind.ENUM, ValueKind.ARRAY, ValueKind.OTHER, ValueKind.UUID);

  private SameValue() {}

  /**
   * Why values of kind {@code from} cannot be stored as {@code to} and proven equal, or null.
   *
   * @param zonelessAsUtc the target takes a value without zone as UTC
   */
  public static String refusal(ValueKind from, ValueKind to, boolean zonelessAsUtc) {
    if (accepted(from, to, zonelessAsUtc)) {
      return null;
    }
    if (to == ValueKind.TEXT && from != ValueKind.BINARY) {
      return from + " values written as text differ by engine, so a copy could not be verified;"
          + " make the target column " + from.toString().toLowerCase(java.util.Locale.ROOT)
          + ", or convert the column in the source first";
    }
    if (to == ValueKind.TIMESTAMP_TZ) {
      return from + " values have no time zone and would take the session's there; make the"
          + " target column a timestamp without time zone";
    }
    return from + " values cannot be stored as " + to;
  }

  /** Whether the pair is in the table of the class comment. */
  public static boolean accepted(ValueKind from, ValueKind to, boolean zonelessAsUtc) {
    if (from == to || to == ValueKind.OTHER || from == ValueKind.OTHER) {
      return true;
    }
    return switch (to) {
      case TEXT -> TEXTUAL.contains(from) || from == ValueKind.INTEGER
          || from == ValueKind.DATE;
      case JSON, ENUM, ARRAY, UUID -> from == ValueKind.TEXT;
      case DECIMAL -> from == ValueKind.INTEGER || from == ValueKind.FLOAT;
      case FLOAT -> from == ValueKind.INTEGER || from == ValueKind.DECIMAL;
      case INTEGER -> from == ValueKind.BOOLEAN;
      case BOOLEAN -> from == ValueKind.INTEGER;
      case TIMESTAMP -> from == ValueKind.DATE || from == ValueKind.TIMESTAMP_TZ;
      case TIMESTAMP_TZ -> zonelessAsUtc && (from == ValueKind.DATE
          || from == ValueKind.TIMESTAMP);
      default -> false;
    };
  }
}
