package dev.ferry.bundle;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The JSON form of one value of each {@link ValueKind}, and back to the kind's canonical Java
 * type. The table in docs/bundle-format.md is the specification; every form reads back to a value
 * equal to the one written.
 */
final class ValueCodec {

  /** The field of the object that carries text a non-text kind held (unparsed dates, NaN). */
  static final String TEXT = "text";

  private ValueCodec() {}

  /**
   * Writes one value.
   *
   * @throws IllegalArgumentException when the value is not of its kind's canonical type
   */
  static void write(JsonGenerator out, Object value, ValueKind kind) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String text) {
      if (textual(kind)) {
        out.writeString(text);
      } else {
        // text where the engine could not parse the kind's type: kept apart from real values
        out.writeStartObject();
        out.writeStringField(TEXT, text);
        out.writeEndObject();
      }
    } else {
      writeTyped(out, value, kind);
    }
  }

  private static void writeTyped(JsonGenerator out, Object value, ValueKind kind)
      throws IOException {
    switch (kind) {
      case INTEGER -> {
        if (value instanceof BigInteger big) {
          out.writeString(big.toString());
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
            || value instanceof Byte) {
          out.writeNumber(((Number) value).longValue());
        } else {
          throw mismatch(value, kind);
        }
      }
      case DECIMAL -> {
        BigDecimal decimal = as(value, BigDecimal.class, kind);
        // plain digits keep the scale ("1.50"); a negative scale needs the exponent to survive
        out.writeString(decimal.scale() >= 0 ? decimal.toPlainString() : decimal.toString());
      }
      case FLOAT -> {
        double d = as(value, Double.class, kind);
        if (Double.isFinite(d)) {
          out.writeNumber(d);
        } else {
          out.writeString(Double.toString(d));
        }
      }
      case BOOLEAN -> out.writeBoolean(as(value, Boolean.class, kind));
      case BINARY -> {
        byte[] bytes = as(value, byte[].class, kind);
        out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length);
      }
      case DATE -> out.writeString(
          DateTimeFormatter.ISO_LOCAL_DATE.format(as(value, LocalDate.class, kind)));
      case TIME -> out.writeString(
          DateTimeFormatter.ISO_LOCAL_TIME.format(as(value, LocalTime.class, kind)));
      case TIMESTAMP -> out.writeString(
          DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(as(value, LocalDateTime.class, kind)));
      case TIMESTAMP_TZ -> out.writeString(
          DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(as(value, OffsetDateTime.class, kind)));
      case UUID -> out.writeString(as(value, UUID.class, kind).toString());
      default -> throw mismatch(value, kind);
    }
  }

  /**
   * Reads the value at the parser's current token.
   *
   * @throws IllegalArgumentException (or a {@code DateTimeParseException}) when the token is not a
   *     form this kind is written in
   */
  static Object read(JsonParser in, ValueKind kind) throws IOException {
    JsonToken token = in.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.START_OBJECT && !textual(kind)) {
      return readText(in);
    }
    if (textual(kind)) {
      return expect(in, JsonToken.VALUE_STRING, kind).getText();
    }
    return switch (kind) {
      case INTEGER -> token == JsonToken.VALUE_STRING
          ? new BigInteger(in.getText())
          : integer(expect(in, JsonToken.VALUE_NUMBER_INT, kind));
      case DECIMAL -> new BigDecimal(expect(in, JsonToken.VALUE_STRING, kind).getText());
      case FLOAT -> token == JsonToken.VALUE_STRING ? nonFinite(in.getText()) : floating(in);
      case BOOLEAN -> {
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
          throw unexpected(in, kind);
        }
        yield token == JsonToken.VALUE_TRUE;
      }
      case BINARY -> expect(in, JsonToken.VALUE_STRING, kind)
          .getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
      case DATE -> LocalDate.parse(string(in, kind), DateTimeFormatter.ISO_LOCAL_DATE);
      case TIME -> LocalTime.parse(string(in, kind), DateTimeFormatter.ISO_LOCAL_TIME);
      case TIMESTAMP -> LocalDateTime.parse(string(in, kind),
          DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      case TIMESTAMP_TZ -> OffsetDateTime.parse(string(in, kind),
          DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case UUID -> UUID.fromString(string(in, kind));
      default -> throw unexpected(in, kind);
    };
  }

  /** Kinds whose canonical type is {@link String}. */
  static boolean textual(ValueKind kind) {
    return switch (kind) {
      case TEXT, JSON, ENUM, ARRAY, OTHER -> true;
      default -> false;
    };
  }

  private static String readText(JsonParser in) throws IOException {
    String text = null;
    for (JsonToken t = in.nextToken(); t != JsonToken.END_OBJECT; t = in.nextToken()) {
      if (t != JsonToken.FIELD_NAME || !TEXT.equals(in.currentName())
          || in.nextToken() != JsonToken.VALUE_STRING || text != null) {
        throw new IllegalArgumentException(
            "expected an object with the one string field \"" + TEXT + "\"");
      }
      text = in.getText();
    }
    if (text == null) {
      throw new IllegalArgumentException("expected an object with the string field \"" + TEXT
          + "\", found an empty object");
    }
    return text;
  }

  private static Object integer(JsonParser in) throws IOException {
    return in.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        ? in.getBigIntegerValue()
        : (Object) in.getLongValue();
  }

  private static Double floating(JsonParser in) throws IOException {
    JsonToken token = in.currentToken();
    if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
      throw unexpected(in, ValueKind.FLOAT);
    }
    return in.getDoubleValue();
  }

  private static Double nonFinite(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> throw new IllegalArgumentException(
          "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", found \"" + text + "\"");
    };
  }

  private static String string(JsonParser in, ValueKind kind) throws IOException {
    return expect(in, JsonToken.VALUE_STRING, kind).getText();
  }

  private static JsonParser expect(JsonParser in, JsonToken token, ValueKind kind) {
    if (in.currentToken() != token) {
      throw unexpected(in, kind);
    }
    return in;
  }

  private static IllegalArgumentException unexpected(JsonParser in, ValueKind kind) {
    return new IllegalArgumentException(
        "a value of kind " + kind + " cannot be " + describe(in.currentToken()));
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> String.valueOf(token);
    };
  }

  private static <T> T as(Object value, Class<T> type, ValueKind kind) {
    if (!type.isInstance(value)) {
      throw mismatch(value, kind);
    }
    return type.cast(value);
  }

  private static IllegalArgumentException mismatch(Object value, ValueKind kind) {
    return new IllegalArgumentException("a value of kind " + kind + " must be of its canonical"
        + " type (see ValueKind) or a String, found " + value.getClass().getName());
  }
}
