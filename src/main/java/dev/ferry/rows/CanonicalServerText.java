package dev.ferry.rows;

import java.nio.charset.StandardCharsets;

/**
 * The canonical encoding read from PostgreSQL's own text of a value ({@link ServerText}) instead
 * of the object a driver would parse it into: the text is mostly canonical already, and the rest
 * (trailing zeros, a timestamp's space, a float's digits) is rewritten in place of the bytes.
 */
final class CanonicalServerText {

  private CanonicalServerText() {}

  /**
   * Writes the canonical text of PostgreSQL's text {@code b[from, to)} of a value of {@code
   * encoding}'s column, in one of the plain forms of {@link ServerText}, to {@code out}: the same
   * text as encoding the value the driver would have parsed.
   */
  static void write(CanonicalValue encoding, byte[] b, int from, int to, CanonicalBytes out) {
    ValueKind kind = encoding.kind();
    switch (kind) {
      case INTEGER -> {
        if (encoding.integerAsBoolean() && to - from == 1 && (b[from] == '0' || b[from] == '1')) {
          out.utf8(b[from] == '1' ? "true" : "false");
        } else {
          out.put(b, from, to);
        }
      }
      case DECIMAL -> {
        int end = to;
        int dot = from;
        while (dot < end && b[dot] != '.') {
          dot++;
        }
        if (dot < end) {
          // no trailing zeros, no bare point: 1.50 is 1.5, 100.00 is 100
          while (b[end - 1] == '0') {
            end--;
          }
          if (end == dot + 1) {
            end = dot;
          }
        }
        boolean zero = true;
        for (int i = from; i < end && zero; i++) {
          zero = b[i] == '0' || b[i] == '-' || b[i] == '.';
        }
        if (zero) {
          out.put((byte) '0');
        } else {
          out.put(b, from, end);
        }
      }
      case BOOLEAN -> out.utf8(b[from] == 't' ? "true" : "false");
      case TIMESTAMP -> {
        int end = to;
        if (end - from > 19) {
          while (b[end - 1] == '0') {
            end--;
          }
          if (end - from == 20) {
            end = from + 19;
          }
        }
        out.put(b, from, end);
        out.bytes[out.length - (end - from) + 10] = 'T';
      }
      // \x and the hex digits: the canonical text of the bytes
      case BINARY -> out.put(b, from, to);
      case FLOAT -> {
        // the shortest text that reads back as the value (the driver asks for it): its double
        double d = Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
        if (encoding.decimalFloat()) {
          out.utf8(encoding.encode(d));
        } else {
          out.hex(CanonicalFloat.bits(d, encoding.singlePrecision()));
        }
      }
      default -> {
        // TEXT and its kin, DATE and UUID: their canonical text is the server's
        if (encoding.json()) {
          out.utf8(CanonicalValue.text(CanonicalJson.canonical(new String(b, from, to - from,
              StandardCharsets.UTF_8))));
        } else {
          if (to > from && b[from] == '\\' && kind != ValueKind.BINARY) {
            out.put((byte) '\\');
          }
          int end = to;
          while (encoding.padded() && end > from && b[end - 1] == ' ') {
            end--;
          }
          out.put(b, from, end);
          if (encoding.dateAsTimestamp() && kind == ValueKind.DATE) {
            out.utf8(CanonicalValue.MIDNIGHT);
          }
        }
      }
    }
  }
}
