package dev.ferry.rows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HexFormat;

/**
 * The canonical text of floating-point values: the 16 hex digits of their binary64 bits (rounded
 * to binary32 first for a single-precision column; one zero, one NaN), or the shortest decimal
 * where floats stand for decimals; and those bits back as a decimal people read.
 */
public final class CanonicalFloat {

  /** The smallest magnitude a double rounds to an infinite float from: 2^128 - 2^103. */
  public static final double OVERFLOW = 0x1.ffffffp127;

  private static final HexFormat HEX = HexFormat.of();
  private static final long CANONICAL_NAN = 0x7ff8000000000000L;

  private CanonicalFloat() {}

  /**
   * The canonical text of a float of a column that is {@code singlePrecision} or whose floats are
   * {@code decimalFloat} (see {@link CanonicalValue}).
   */
  static String text(double d, boolean singlePrecision, boolean decimalFloat) {
    if (decimalFloat) {
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      // the shortest decimal that reads back as this double: what was stored as a decimal
      return singlePrecision && fitsFloat(d)
          ? CanonicalValue.decimal(new BigDecimal(Float.toString((float) d)))
          : CanonicalValue.decimal(BigDecimal.valueOf(d));
    }
    return HEX.toHexDigits(bits(d, singlePrecision));
  }

  /** The bits a float is written as: binary64, one zero, one NaN. */
  static long bits(double d, boolean singlePrecision) {
    double v = singlePrecision && fitsFloat(d) ? (double) (float) d : d;
    if (Double.isNaN(v)) {
      return CANONICAL_NAN;
    }
    return v == 0.0 ? 0L : Double.doubleToRawLongBits(v);
  }

  /**
   * Whether rounding to binary32 keeps a double finite. A double beyond binary32's range, read
   * from a float8 compared with a float4, keeps its own value: no float4 holds it, so it differs
   * from whatever the other side has instead of failing the comparison.
   */
  private static boolean fitsFloat(double d) {
    // not |d| <= Float.MAX_VALUE: a float4's shortest text (3.4028235e+38) reads back as a
    // double a little above it, which still rounds to that float4
    return Double.isInfinite(d) || !Float.isInfinite((float) d);
  }

  /**
   * A float's canonical text (its 16 hex digits) as people read it: a decimal of 17 significant
   * digits, exact to the bit and independent of the JDK's float printing.
   */
  static String readable(String canonical) {
    double d = Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(canonical));
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    return d == 0.0 ? "0"
        : CanonicalValue.decimal(new BigDecimal(d).round(new MathContext(17)));
  }
}
