package dev.ferry.rows;

import dev.ferry.catalog.Column;
import java.math.BigInteger;
import java.util.Locale;

/**
 * The values an integer column can hold, from its engine's type name: what decides whether
 * {@code int2} fits a {@code TINYINT UNSIGNED} (it does when every value lies in 0..255), where
 * digit counts (5 against 3) would refuse it.
 *
 * @param min the smallest value
 * @param max the largest value
 */
public record IntegerRange(BigInteger min, BigInteger max) {

  private static final IntegerRange INT64 = signed(64);

  /** The range of an integer column, or null when its type name does not tell. */
  public static IntegerRange of(Column column, String engine) {
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
    boolean unsigned = type.contains("unsigned");
    String name = type.replace("unsigned", "").replace("zerofill", "")
        .replaceAll("\\(.*\\)", "").strip();
    if ("sqlite".equals(engine)) {
      return INT64;
    }
    IntegerRange range = switch (name) {
      case "tinyint" -> "sqlserver".equals(engine) ? unsigned(8) : unsigned ? unsigned(8)
          : signed(8);
      case "smallint", "int2", "smallserial", "serial2" -> unsigned ? unsigned(16) : signed(16);
      case "mediumint" -> unsigned ? unsigned(24) : signed(24);
      case "int", "integer", "int4", "serial", "serial4" -> unsigned ? unsigned(32) : signed(32);
      case "bigint", "int8", "bigserial", "serial8" -> unsigned ? unsigned(64) : INT64;
      case "year" -> new IntegerRange(BigInteger.ZERO, BigInteger.valueOf(2155));
      default -> null;
    };
    return range;
  }

  private static IntegerRange signed(int bits) {
    BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
    return new IntegerRange(half.negate(), half.subtract(BigInteger.ONE));
  }

  private static IntegerRange unsigned(int bits) {
    return new IntegerRange(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(
        BigInteger.ONE));
  }

  /** Whether every value of this range lies in {@code other}. */
  public boolean within(IntegerRange other) {
    return min.compareTo(other.min) >= 0 && max.compareTo(other.max) <= 0;
  }

  @Override
  public String toString() {
    return min + ".." + max;
  }
}
