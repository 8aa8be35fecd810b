package dev.ferry.transfer;

/**
 * A value as PostgreSQL's text output wrote it, in UTF-8, handed over by {@link
 * SourceReader#readText} instead of the parsed value when the text is in the plain form of its
 * kind below. A verifier derives the canonical text from these bytes directly, instead of parsing
 * them into objects and printing those again. Every other value (numeric {@code NaN}, infinite or
 * BC dates, years beyond 9999, ...) arrives parsed, as from {@link SourceReader#read}.
 *
 * <table>
 *   <caption>plain forms</caption>
 *   <tr><td>INTEGER</td><td>{@code -?(0|[1-9][0-9]*)}</td></tr>
 *   <tr><td>DECIMAL</td><td>{@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}</td></tr>
 *   <tr><td>BOOLEAN</td><td>{@code t} or {@code f}</td></tr>
 *   <tr><td>TEXT, ENUM, ARRAY, OTHER</td><td>any text (from a UTF8 database)</td></tr>
 *   <tr><td>DATE</td><td>{@code yyyy-MM-dd}, four-digit year (AD)</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@code yyyy-MM-dd HH:mm:ss}, then {@code .} and 1 to 9 digits, if
 *       any; four-digit year (AD)</td></tr>
 *   <tr><td>UUID</td><td>8-4-4-4-12 lower-case hex digits</td></tr>
 * </table>
 *
 * @param utf8 the text's bytes, as received (not copied: do not change them)
 */
public record ServerText(byte[] utf8) {

  /** Whether values of a kind may be handed over as text. */
  static boolean kindAllowed(ValueKind kind) {
    return switch (kind) {
      case INTEGER, DECIMAL, BOOLEAN, TEXT, ENUM, ARRAY, OTHER, DATE, TIMESTAMP, UUID -> true;
      default -> false;
    };
  }

  /** Whether {@code b} is in the plain form of {@code kind} (see the table above). */
  static boolean plain(ValueKind kind, byte[] b) {
    return switch (kind) {
      case TEXT, ENUM, ARRAY, OTHER -> true;
      case INTEGER -> integer(b, b.length);
      case DECIMAL -> decimal(b);
      case BOOLEAN -> b.length == 1 && (b[0] == 't' || b[0] == 'f');
      case DATE -> b.length == 10 && date(b);
      case TIMESTAMP -> timestamp(b);
      case UUID -> uuid(b);
      default -> false;
    };
  }

  private static boolean integer(byte[] b, int end) {
    int i = end > 0 && b[0] == '-' ? 1 : 0;
    if (i == end || !digit(b[i]) || b[i] == '0' && end > i + 1) {
      return false;
    }
    for (; i < end; i++) {
      if (!digit(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean decimal(byte[] b) {
    int dot = -1;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '.') {
        dot = i;
        break;
      }
    }
    if (dot < 0) {
      return integer(b, b.length);
    }
    if (!integer(b, dot) || dot == b.length - 1) {
      return false;
    }
    for (int i = dot + 1; i < b.length; i++) {
      if (!digit(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code yyyy-MM-dd} at the start of {@code b}. */
  private static boolean date(byte[] b) {
    return digits(b, 0, 4) && b[4] == '-' && digits(b, 5, 2) && b[7] == '-' && digits(b, 8, 2);
  }

  private static boolean timestamp(byte[] b) {
    if (b.length < 19 || b.length == 20 || b.length > 29 || !date(b) || b[10] != ' '
        || !digits(b, 11, 2) || b[13] != ':' || !digits(b, 14, 2) || b[16] != ':'
        || !digits(b, 17, 2)) {
      return false;
    }
    return b.length == 19 || b[19] == '.' && digits(b, 20, b.length - 20);
  }

  private static boolean uuid(byte[] b) {
    if (b.length != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      byte c = b[i];
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : digit(c) || c >= 'a' && c <= 'f';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(byte[] b, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (!digit(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }
}
