package dev.ferry.rows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Whether a value read from one side and a value read from the other are the same: whether their
 * {@link CanonicalValue canonical encodings} — the texts verify hashes and compares — are equal,
 * each side encoded by its column paired with the other side's ({@link CanonicalValue#pair}). So a
 * merge finds a row {@code unchanged} exactly when verify would find it equal: numbers by value
 * ({@code 1.50} is {@code 1.5}, a {@code Long} 7 is a {@code BigDecimal} 7), a float4 beside a
 * float8 as binary32, bytes by content, 0 and 1 as false and true beside a boolean, a date as its
 * midnight beside a timestamp, a timestamp with zone as its UTC wall time, a UUID as its lower-case
 * text, JSON as parsed, CHAR without its padding, text as is. Never Java's {@code equals} on driver
 * objects of different types.
 */
public final class SameValues {

  private SameValues() {}

  /**
   * Whether {@code a} (of kind {@code aKind}) and {@code b} (of kind {@code bKind}) hold the same
   * value, by the kinds alone (no column facts); NULL is the same only as NULL.
   */
  public static boolean same(Object a, ValueKind aKind, Object b, ValueKind bKind) {
    CanonicalValue x = CanonicalValue.of(aKind);
    CanonicalValue y = CanonicalValue.of(bKind);
    return same(a, x.pair(y), b, y.pair(x));
  }

  /**
   * Whether {@code a} and {@code b} hold the same value, each encoded by its side's column paired
   * with the other's ({@link CanonicalValue#pair}); NULL is the same only as NULL.
   */
  public static boolean same(Object a, CanonicalValue aEncoding, Object b,
      CanonicalValue bEncoding) {
    if (a == null || b == null) {
      return a == b;
    }
    if (aEncoding.kind() == bEncoding.kind() && a.getClass() == b.getClass()
        && plainEquals(a, b)) {
      // the common case of a rerun: equal objects of one type have the same encoding, so it
      // need not be built (a value only the encodings find equal still falls through to them)
      return true;
    }
    return Objects.equals(aEncoding.encode(a), bEncoding.encode(b));
  }

  /**
   * Whether two values of one class are equal as Java objects in a way that implies the same
   * encoding: true only for the classes whose {@code equals} is value equality.
   */
  private static boolean plainEquals(Object a, Object b) {
    if (a instanceof byte[] x) {
      return java.util.Arrays.equals(x, (byte[]) b);
    }
    return (a instanceof String || a instanceof Long || a instanceof Integer
        || a instanceof Short || a instanceof Byte || a instanceof BigDecimal
        || a instanceof BigInteger || a instanceof Boolean || a instanceof LocalDate
        || a instanceof LocalDateTime || a instanceof LocalTime || a instanceof OffsetDateTime
        || a instanceof UUID || a instanceof Double || a instanceof Float) && a.equals(b);
  }
}
