package dev.ferry.transfer;

import dev.ferry.catalog.Column;
import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a source column's values fit a target column. Conservative on declared sizes: a text
 * of up to 255 characters does not fit a column of 100, whatever the data holds today.
 */
final class TypeFit {

  private static final Set<ValueKind> TEXTUAL = EnumSet.of(ValueKind.TEXT, ValueKind.JSON,
      ValueKind.ENUM, ValueKind.ARRAY, ValueKind.OTHER, ValueKind.UUID);
  /** Declared sizes at or above this are "unbounded": text, clob, MariaDB MEDIUMTEXT (16 MiB). */
  private static final int UNBOUNDED = (1 << 24) - 1;

  private TypeFit() {}

  /** Why the source does not fit the target, or null when it does. */
  static String problem(Column source, Column target) {
    ValueKind from = ValueKind.of(source);
    ValueKind to = ValueKind.of(target);
    if (!compatible(from, to)) {
      return from + " values cannot be stored as " + to;
    }
    if (TEXTUAL.contains(from) && to == ValueKind.TEXT && bounded(target) && bounded(source)
        && source.size() > target.size()) {
      return "up to " + source.size() + " characters into " + target.size()
          + "; widen the target column";
    }
    if (TEXTUAL.contains(from) && to == ValueKind.TEXT && bounded(target) && !bounded(source)) {
      return "unbounded text into " + target.size() + " characters; widen the target column";
    }
    if (from == ValueKind.DECIMAL && to == ValueKind.DECIMAL && source.size() != null
        && target.size() != null && source.size() < UNBOUNDED && target.size() > 0) {
      int sourceScale = source.scale() == null ? 0 : source.scale();
      int targetScale = target.scale() == null ? 0 : target.scale();
      if (targetScale < sourceScale || target.size() - targetScale < source.size() - sourceScale) {
        return "numeric(" + source.size() + "," + sourceScale + ") into numeric(" + target.size()
            + "," + targetScale + "); widen the target column";
      }
    }
    if (from == ValueKind.INTEGER && to == ValueKind.INTEGER && source.size() != null
        && target.size() != null && target.size() < source.size() && source.size() < 100) {
      return source.size() + "-digit integers into " + target.size() + "-digit integers;"
          + " widen the target column";
    }
    if (from == ValueKind.BINARY && to == ValueKind.BINARY && bounded(target) && bounded(source)
        && source.size() > target.size()) {
      return "up to " + source.size() + " bytes into " + target.size() + "; widen the target";
    }
    return null;
  }

  private static boolean bounded(Column c) {
    return c.size() != null && c.size() > 0 && c.size() < UNBOUNDED;
  }

  static boolean compatible(ValueKind from, ValueKind to) {
    if (from == to || to == ValueKind.OTHER || from == ValueKind.OTHER) {
      return true;
    }
    return switch (to) {
      case TEXT, JSON, ENUM, ARRAY, UUID -> TEXTUAL.contains(from) || to == ValueKind.TEXT
          && from != ValueKind.BINARY;
      case DECIMAL, FLOAT -> from == ValueKind.INTEGER || from == ValueKind.DECIMAL
          || from == ValueKind.FLOAT;
      case INTEGER -> from == ValueKind.BOOLEAN;
      case BOOLEAN -> from == ValueKind.INTEGER;
      case TIMESTAMP, TIMESTAMP_TZ -> from == ValueKind.TIMESTAMP || from == ValueKind.TIMESTAMP_TZ
          || from == ValueKind.DATE;
      default -> false;
    };
  }
}
