package dev.ferry.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Whether a value read from one side and a value read from the other are the same, by the rule
 * of {@link SameValue} and the canonical encoding verify compares with: numbers by their value
 * ({@code 1.50} is {@code 1.5}, a {@code Long} 7 is a {@code BigDecimal} 7, a float is the
 * shortest decimal that reads back as it), bytes by content, 0 and 1 as false and true beside a
 * boolean, a date as its midnight beside a timestamp, a timestamp with zone as its UTC wall time,
 * a UUID as its lower-case text, JSON as parsed, text as is. Never Java's {@code equals} on
 * driver objects of different types.
 */
public final class SameValues {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private SameValues() {}

  /**
   * Whether {@code a} (of kind {@code aKind}) and {@code b} (of kind {@code bKind}) hold the same
   * value; NULL is the same only as NULL.
   */
  public static boolean same(Object a, ValueKind aKind, Object b, ValueKind bKind) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.getClass() == b.getClass() && plainEquals(a, b)) {
      // the common case of a rerun: equal objects of one type have the same text, so the texts
      // need not be built (a value only the texts find equal still falls through to them)
      return true;
    }
    if (aKind == ValueKind.JSON || bKind == ValueKind.JSON) {
      return json(text(a, b)).equals(json(text(b, a)));
    }
    return text(a, b).equals(text(b, a));
  }

  /**
   * Whether two values of one class are equal as Java objects in a way that implies the same
   * text below: true only for the classes whose {@code equals} is value equality.
   */
  private static boolean plainEquals(Object a, Object b) {
    if (a instanceof byte[] x) {
      return java.util.Arrays.equals(x, (byte[]) b);
    }
    return (a instanceof String || a instanceof Long || a instanceof Integer
        || a instanceof Short || a instanceof Byte || a instanceof BigDecimal
        || a instanceof BigInteger || a instanceof Boolean || a instanceof LocalDate
        || a instanceof LocalDateTime || a instanceof LocalTime || a instanceof OffsetDateTime
        || a instanceof UUID) && a.equals(b);
  }

  /** A key value's text, to find the rows of both sides with the same key. */
  public static String keyText(Object value) {
    return value == null ? "\u0000" : text(value, value);
  }

  /** The text {@code value} is compared by, beside {@code other}. */
  static String text(Object value, Object other) {
    if (value instanceof ServerText t) {
      return text(new String(t.utf8(), StandardCharsets.UTF_8), other);
    }
    if (value instanceof String s) {
      if (other instanceof UUID) {
        return s.toLowerCase(Locale.ROOT);
      }
      if (other instanceof Number && !(other instanceof Double || other instanceof Float)) {
        try {
          return decimal(new BigDecimal(s.trim()));
        } catch (NumberFormatException e) {
          return s;
        }
      }
      return s;
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (other instanceof Boolean && (value instanceof Long || value instanceof Integer
        || value instanceof Short || value instanceof Byte)) {
      long n = ((Number) value).longValue();
      return n == 1 ? "true" : n == 0 ? "false" : Long.toString(n);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      String shortest = value instanceof Float f ? Float.toString(f) : Double.toString(d);
      return decimal(new BigDecimal(shortest));
    }
    if (value instanceof BigDecimal d) {
      return decimal(d);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return "\\x" + HEX.formatHex(bytes);
    }
    if (value instanceof LocalDate d) {
      return other instanceof LocalDateTime || other instanceof OffsetDateTime
          ? timestamp(d.atStartOfDay()) : d.toString();
    }
    if (value instanceof LocalDateTime t) {
      return timestamp(t);
    }
    if (value instanceof OffsetDateTime t) {
      return timestamp(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    }
    if (value instanceof LocalTime t) {
      return time(t);
    }
    if (value instanceof UUID u) {
      return u.toString();
    }
    return value.toString();
  }

  private static String decimal(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  private static String timestamp(LocalDateTime t) {
    return t.toLocalDate() + "T" + time(t.toLocalTime());
  }

  /** {@code HH:mm:ss} and a fraction without trailing zeros. */
  private static String time(LocalTime t) {
    // by hand, not String.format: this runs for every temporal value a merge compares
    StringBuilder text = new StringBuilder(18);
    twoDigits(text, t.getHour()).append(':');
    twoDigits(text, t.getMinute()).append(':');
    twoDigits(text, t.getSecond());
    int nano = t.getNano();
    if (nano == 0) {
      return text.toString();
    }
    int digits = 9;
    while (nano % 10 == 0) {
      nano /= 10;
      digits--;
    }
    String fraction = Integer.toString(nano);
    text.append('.');
    for (int i = fraction.length(); i < digits; i++) {
      text.append('0');
    }
    return text.append(fraction).toString();
  }

  private static StringBuilder twoDigits(StringBuilder text, int value) {
    return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static Object json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return text;
    }
  }
}
