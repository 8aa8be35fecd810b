package dev.ferry.identity;

import dev.ferry.transfer.ValueKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;

/** Identity keys as canonical text, their type checks, and their natural order. */
public final class Keys {

  private Keys() {}

  /** Canonical text of a key value: integers in decimal, UUIDs lower-case, text as is. */
  public static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof UUID u) {
      return u.toString();
    }
    return value.toString();
  }

  /** Why text is not a key of that kind, or null when it is. */
  public static String typeProblem(String text, ValueKind kind) {
    switch (kind) {
      case INTEGER -> {
        try {
          new BigInteger(text.trim());
          return text.equals(text.trim()) ? null : "has spaces around it";
        } catch (NumberFormatException e) {
          return "is not an integer key";
        }
      }
      case UUID -> {
        try {
          UUID.fromString(text);
          return text.length() == 36 ? null : "is not a GUID/UUID key";
        } catch (IllegalArgumentException e) {
          return "is not a GUID/UUID key";
        }
      }
      default -> {
        return null;
      }
    }
  }

  /** Normalises key text of a kind (UUIDs lower-case), after {@link #typeProblem} passed. */
  public static String normalise(String text, ValueKind kind) {
    return kind == ValueKind.UUID ? text.toLowerCase(Locale.ROOT)
        : kind == ValueKind.INTEGER ? new BigInteger(text).toString() : text;
  }

  /** The canonical Java value of key text for a column of that kind. */
  public static Object value(String text, ValueKind kind) {
    return switch (kind) {
      case INTEGER -> {
        BigInteger big = new BigInteger(text);
        yield big.bitLength() < 64 ? (Object) big.longValue() : big;
      }
      case DECIMAL -> new BigDecimal(text);
      case UUID -> UUID.fromString(text);
      default -> text;
    };
  }

  /** Numeric order for integer keys, text order otherwise. */
  public static Comparator<String> order(ValueKind kind) {
    if (kind == ValueKind.INTEGER) {
      return Comparator.comparing(BigInteger::new);
    }
    return Comparator.naturalOrder();
  }
}
