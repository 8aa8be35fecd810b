package dev.ferry.rows;


/**
 * A value as PostgreSQL's text output wrote it, in UTF-8, handed over by {@link
 * SourceReader#readText} instead of the parsed value when the text is in the plain form of its
 * kind below; from MariaDB likewise, for integers, decimals, dates and datetimes ({@code
 * MariaDbText}, {@link #plainMariaDb}). A verifier derives the canonical text from these bytes directly, instead of parsing
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
 *   <tr><td>BINARY</td><td>{@code \x} and lower-case hex digit pairs (only from {@link
 *       TextRows}: a {@code SELECT} hands over the bytes)</td></tr>
 *   <tr><td>FLOAT</td><td>{@code NaN}, {@code [-]Infinity} or {@code -?d[.d][e(+|-)d]} (only from
 *       {@link TextRows}: the verifier parses it as the driver would)</td></tr>
 * </table>
 *
 * @param utf8 the text's bytes, as received (not copied: do not change them)
 */
public record ServerText(byte[] utf8) {

  /**
   * A value of {@link TextRows} that is not in the plain form of its kind: the caller reads the
   * table again through {@link SourceReader#readText}, which parses such values.
   */
  public static final class NotPlain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotPlain(String what) {
      super(what, null, false, false);
    }
  }

  /** Whether values of a kind may be handed over as text. */
  public static boolean kindAllowed(ValueKind kind) {
    return switch (kind) {
      case INTEGER, DECIMAL, BOOLEAN, TEXT, ENUM, ARRAY, OTHER, DATE, TIMESTAMP, UUID -> true;
      default -> false;
    };
  }

  /** Whether values of a kind may be handed over as MariaDB's text ({@code MariaDbText}). */
  public static boolean mariaDbKindAllowed(ValueKind kind) {
    return switch (kind) {
      case INTEGER, DECIMAL, DATE, TIMESTAMP -> true;
      default -> false;
    };
  }

  /** Whether values of a kind may be handed over as text by {@link TextRows}. */
  public static boolean copyAllowed(ValueKind kind) {
    return kindAllowed(kind) || kind == ValueKind.BINARY || kind == ValueKind.FLOAT;
  }

  /** Whether {@code b} is in the plain form of {@code kind} (see the table above). */
  public static boolean plain(ValueKind kind, byte[] b) {
    return plain(kind, b, 0, b.length);
  }

  /** Whether {@code b[from, to)} is in the plain form of {@code kind}. */
  public static boolean plain(ValueKind kind, byte[] b, int from, int to) {
    int n = to - from;
    return switch (kind) {
      case TEXT, ENUM, ARRAY, OTHER -> true;
      case INTEGER -> integer(b, from, to);
      case DECIMAL -> decimal(b, from, to);
      case BOOLEAN -> n == 1 && (b[from] == 't' || b[from] == 'f');
      case DATE -> n == 10 && date(b, from);
      case TIMESTAMP -> timestamp(b, from, n);
      case UUID -> uuid(b, from, n);
      case BINARY -> binary(b, from, to);
      case FLOAT -> floating(b, from, to);
      default -> false;
    };
  }

  /**
   * Whether MariaDB's text {@code b} of a value of {@code kind} (from {@code MariaDbText}) is in
   * the plain form of its kind: as {@link #plain}, and dates are real calendar dates from the
   * year 1000 on (not MariaDB's zero date {@code 0000-00-00}, nor a day 31 of April where the
   * SQL mode allows one), with times of day up to {@code 23:59:59}.
   */
  public static boolean plainMariaDb(ValueKind kind, byte[] b) {
    int n = b.length;
    return switch (kind) {
      case INTEGER, DECIMAL -> plain(kind, b, 0, n);
      case DATE -> n == 10 && date(b, 0) && calendarDate(b);
      case TIMESTAMP -> timestamp(b, 0, n) && calendarDate(b) && upTo(b, 11, 23)
          && upTo(b, 14, 59) && upTo(b, 17, 59);
      default -> false;
    };
  }

  /** Whether the {@code yyyy-MM-dd} at the start of {@code b} is a day of the calendar. */
  private static boolean calendarDate(byte[] b) {
    int year = number(b, 0, 4);
    int month = number(b, 5, 2);
    int day = number(b, 8, 2);
    if (year < 1000 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    int days = switch (month) {
      case 2 -> leap ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
    return day <= days;
  }

  /** Whether the two digits at {@code at} are at most {@code max}. */
  private static boolean upTo(byte[] b, int at, int max) {
    return number(b, at, 2) <= max;
  }

  private static int number(byte[] b, int at, int digits) {
    int n = 0;
    for (int i = at; i < at + digits; i++) {
      n = n * 10 + b[i] - '0';
    }
    return n;
  }

  private static boolean integer(byte[] b, int from, int end) {
    int i = end > from && b[from] == '-' ? from + 1 : from;
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

  private static boolean decimal(byte[] b, int from, int to) {
    int dot = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '.') {
        dot = i;
        break;
      }
    }
    if (dot < 0) {
      return integer(b, from, to);
    }
    if (!integer(b, from, dot) || dot == to - 1) {
      return false;
    }
    for (int i = dot + 1; i < to; i++) {
      if (!digit(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code yyyy-MM-dd} at {@code at}. */
  private static boolean date(byte[] b, int at) {
    return digits(b, at, 4) && b[at + 4] == '-' && digits(b, at + 5, 2) && b[at + 7] == '-'
        && digits(b, at + 8, 2);
  }

  private static boolean timestamp(byte[] b, int at, int n) {
    if (n < 19 || n == 20 || n > 29 || !date(b, at) || b[at + 10] != ' '
        || !digits(b, at + 11, 2) || b[at + 13] != ':' || !digits(b, at + 14, 2)
        || b[at + 16] != ':' || !digits(b, at + 17, 2)) {
      return false;
    }
    return n == 19 || b[at + 19] == '.' && digits(b, at + 20, n - 20);
  }

  private static boolean uuid(byte[] b, int at, int n) {
    if (n != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      byte c = b[at + i];
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : hexDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** PostgreSQL's hex output of a {@code bytea}: {@code \x}, then pairs of hex digits. */
  private static boolean binary(byte[] b, int from, int to) {
    if (to - from < 2 || b[from] != '\\' || b[from + 1] != 'x' || (to - from) % 2 != 0) {
      return false;
    }
    for (int i = from + 2; i < to; i++) {
      if (!hexDigit(b[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * PostgreSQL's output of a {@code real} or {@code double precision}: {@code NaN}, {@code
   * [-]Infinity}, or {@code -?digits[.digits][e(+|-)digits]}.
   */
  private static boolean floating(byte[] b, int from, int to) {
    int i = from < to && b[from] == '-' ? from + 1 : from;
    if (equal(b, from, to, "NaN") || equal(b, i, to, "Infinity")) {
      return true;
    }
    int digits = 0;
    while (i < to && digit(b[i])) {
      i++;
      digits++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && digit(b[i])) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < to && b[i] == 'e') {
      i++;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < to && digit(b[i])) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == to;
  }

  private static boolean equal(byte[] b, int from, int to, String ascii) {
    if (to - from != ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[from + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hexDigit(byte c) {
    return digit(c) || c >= 'a' && c <= 'f';
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
