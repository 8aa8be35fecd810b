package dev.ferry.verify;

import dev.ferry.rows.CanonicalJson;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * Orders values the same way on every engine, for a fingerprint's min and max: numbers by value,
 * text by Unicode code point (not by any collation), binary as unsigned bytes, dates and times
 * chronologically (timestamps with zone by instant), booleans false first, UUIDs by their text.
 * Text held in a non-text kind sorts after every value of the kind.
 */
final class ValueOrder {

  private ValueOrder() {}

  static int compare(Object a, Object b, ValueKind kind) {
    boolean textA = a instanceof String;
    boolean textB = b instanceof String;
    if (textA || textB) {
      if (textA && textB) {
        return CanonicalJson.byCodePoint((String) a, (String) b);
      }
      return textA ? 1 : -1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double || y instanceof Double || x instanceof Float || y instanceof Float) {
        return Double.compare(x.doubleValue() == 0 ? 0.0 : x.doubleValue(),
            y.doubleValue() == 0 ? 0.0 : y.doubleValue());
      }
      return decimal(x).compareTo(decimal(y));
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.compareUnsigned(x, y);
    }
    if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
      return x.toInstant().compareTo(y.toInstant());
    }
    if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalDate x && b instanceof LocalDate y) {
      return x.compareTo(y);
    }
    if (a instanceof LocalTime x && b instanceof LocalTime y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return x.compareTo(y);
    }
    return CanonicalJson.byCodePoint(CanonicalValue.encode(a, kind),
        CanonicalValue.encode(b, kind));
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    return BigDecimal.valueOf(n.longValue());
  }
}
