package dev.ferry.identity;

import dev.ferry.rows.ValueKind;
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
        if (plainLong(text)) {
          return null;
        }
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
        : kind == ValueKind.INTEGER && !plainLong(text) ? new BigInteger(text).toString() : text;
  }

  /**
   * Whether the text is an integer as {@link BigInteger#toString()} writes it, of at most 18
   * digits (so a {@code long}): its own normal form, checked without parsing.
   */
  static boolean plainLong(String text) {
    int sign = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
    return text.length() - sign <= 18 && canonicalInteger(text);
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

  /**
   * The key a value stands for, as the Java value a map of keys of that kind is hashed by:
   * integer keys as {@link Long} ({@link BigInteger} beyond), GUIDs as {@link UUID}, other keys
   * as their canonical text. Accepts what a reference column holds (an {@link Integer}, a {@link
   * UUID}, a GUID or number written as text, a {@link BigDecimal} without fraction). A value that
   * is no key of that kind comes back as its text, which equals no key.
   */
  public static Object canonical(Object value, ValueKind kind) {
    if (value == null) {
      return null;
    }
    switch (kind) {
      case INTEGER -> {
        if (value instanceof Long) {
          return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
          return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        String text = text(value);
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException notLong) {
          try {
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
          } catch (NumberFormatException notInteger) {
            return text;
          }
        }
      }
      case UUID -> {
        if (value instanceof UUID) {
          return value;
        }
        String text = text(value);
        return typeProblem(text, kind) == null ? UUID.fromString(text) : text;
      }
      default -> {
        return text(value);
      }
    }
  }

  /**
   * A canonical key (see {@link #canonical}) of a kind as the Java value of a column of another
   * kind: itself where the kinds agree, converted through its text otherwise (a soft reference in
   * a text column, a numeric column).
   */
  public static Object asColumn(Object key, ValueKind keyKind, ValueKind columnKind) {
    if (columnKind == keyKind && (keyKind == ValueKind.INTEGER || keyKind == ValueKind.UUID
        || keyKind == ValueKind.TEXT)) {
      return key;
    }
    return value(text(key), columnKind == ValueKind.OTHER ? ValueKind.TEXT : columnKind);
  }

  /** Numeric order for integer keys, text order otherwise. */
  public static Comparator<String> order(ValueKind kind) {
    if (kind == ValueKind.INTEGER) {
      return Keys::compareIntegers;
    }
    return Comparator.naturalOrder();
  }

  /**
   * Compares two integers written in decimal, as {@code new BigInteger(a).compareTo(new
   * BigInteger(b))} does, without parsing them when both are in the canonical form keys are
   * kept in (an optional minus, no leading zero): by sign, then length, then digits. Sorting
   * a million keys parsed each twice per comparison, about 40 million parses.
   */
  static int compareIntegers(String a, String b) {
    if (!canonicalInteger(a) || !canonicalInteger(b)) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    boolean negativeA = a.charAt(0) == '-';
    boolean negativeB = b.charAt(0) == '-';
    if (negativeA != negativeB) {
      return negativeA ? -1 : 1;
    }
    int c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    return negativeA ? -c : c;
  }

  private static boolean canonicalInteger(String s) {
    int start = !s.isEmpty() && s.charAt(0) == '-' ? 1 : 0;
    int n = s.length();
    if (n == start || s.charAt(start) == '0' && (n > start + 1 || start == 1)) {
      return false; // empty, a leading zero, or "-0"
    }
    for (int i = start; i < n; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }
}
