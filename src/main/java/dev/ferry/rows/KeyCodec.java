package dev.ferry.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ferry.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Writes a checkpoint key as a JSON array of strings and reads it back into canonical values by
 * the key columns' kinds, so a resumed run continues exactly after the last committed row.
 */
public final class KeyCodec {

  private KeyCodec() {}

  public static String encode(Object[] key) {
    if (key == null) {
      return null;
    }
    if (key.length == 1 && (key[0] instanceof Long || key[0] instanceof Integer)) {
      // the common key of one integer column, as Jackson writes it, without building a tree
      return "[\"" + key[0] + "\"]";
    }
    ArrayNode array = Json.mapper().createArrayNode();
    for (Object value : key) {
      if (value == null) {
        array.addNull();
      } else {
        array.add(text(value));
      }
    }
    return Json.compact(array);
  }

  /** A value's text in {@link #encode}. */
  private static String text(Object value) {
    return value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
        : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
  }

  /**
   * As {@link #encode}, except that a value of a column of kind {@link ValueKind#OTHER} keeps
   * its type (a column without a declared type, as SQLite has, holds integers, reals, text and
   * bytes side by side): an integer or a real as a JSON number, bytes as {@code {"base64": ...}},
   * which {@link #decode} reads back as such. The before-images of the journal are written so,
   * so that a rollback restores each value in the class it had.
   */
  public static String encodeTyped(Object[] values, List<ValueKind> kinds) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == null) {
        array.addNull();
      } else if (kinds.get(i) != ValueKind.OTHER) {
        array.add(text(value));
      } else if (value instanceof byte[] bytes) {
        array.addObject().put(BASE64, Base64.getEncoder().encodeToString(bytes));
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
        array.add(((Number) value).longValue());
      } else if (value instanceof BigInteger big) {
        array.add(big);
      } else if (value instanceof Double || value instanceof Float) {
        array.add(((Number) value).doubleValue());
      } else {
        array.add(value.toString());
      }
    }
    return Json.compact(array);
  }

  /** The key of a typed value's bytes in {@link #encodeTyped}. */
  private static final String BASE64 = "base64";

  public static Object[] decode(String text, List<ValueKind> kinds) {
    if (text == null) {
      return null;
    }
    if (kinds.size() == 1 && kinds.get(0) == ValueKind.INTEGER) {
      Long value = plainInteger(text);
      if (value != null) {
        return new Object[] {value};
      }
    }
    JsonNode array;
    try {
      array = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("checkpoint key is not JSON: " + text, e);
    }
    Object[] key = new Object[kinds.size()];
    for (int i = 0; i < key.length; i++) {
      JsonNode node = array.get(i);
      key[i] = node == null || node.isNull() ? null : node.isObject() && node.has(BASE64)
          ? Base64.getDecoder().decode(node.get(BASE64).asText())
          : node.isIntegralNumber() ? (node.canConvertToLong() ? (Object) node.longValue()
              : node.bigIntegerValue())
          : node.isFloatingPointNumber() ? (Object) node.doubleValue()
          : decode(node.asText(), kinds.get(i));
    }
    return key;
  }

  /** {@code ["123"]} read without a JSON parser: at most 18 digits, an optional minus first. */
  private static Long plainInteger(String text) {
    int n = text.length();
    if (n < 5 || n > 22 || !text.startsWith("[\"") || !text.endsWith("\"]")) {
      return null;
    }
    for (int i = 2; i < n - 2; i++) {
      char ch = text.charAt(i);
      if ((ch < '0' || ch > '9') && !(i == 2 && ch == '-' && n > 5)) {
        return null;
      }
    }
    return Long.parseLong(text, 2, n - 2, 10);
  }

  public static Object decode(String text, ValueKind kind) {
    return switch (kind) {
      case INTEGER -> {
        BigInteger big = new BigInteger(text);
        yield big.bitLength() < 64 ? (Object) big.longValue() : big;
      }
      case DECIMAL -> new BigDecimal(text);
      case FLOAT -> Double.valueOf(text);
      case BOOLEAN -> Boolean.valueOf(text);
      case BINARY -> Base64.getDecoder().decode(text);
      case DATE -> TemporalText.parse(text, LocalDate.class);
      case TIME -> TemporalText.parse(text, LocalTime.class);
      case TIMESTAMP -> TemporalText.parse(text, LocalDateTime.class);
      case TIMESTAMP_TZ -> TemporalText.parse(text, OffsetDateTime.class);
      case UUID -> {
        try {
          yield UUID.fromString(text);
        } catch (IllegalArgumentException e) {
          yield text;
        }
      }
      default -> text;
    };
  }
}
