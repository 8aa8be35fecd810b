package dev.ferry.rows;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The text a {@code files:} column's value stands for (a path, a SHA-256, a size): one rule, so
 * that the copy that moves a row's file and the verify that proves it read the row alike
 * (docs/files.md).
 */
public final class ReferenceText {

  private ReferenceText() {}

  /** The value as text: a server's text as its UTF-8, a decimal without trailing zeros. */
  public static String of(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof ServerText t) {
      return new String(t.utf8(), StandardCharsets.UTF_8);
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }
}
