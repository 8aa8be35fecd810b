package dev.ferry.script;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floating-point and decimal values as SQL number text.
 *
 * <p>A double is written as the shortest decimal that reads back as the same double: of the
 * decimals with the fewest significant digits that do, the one nearest to the double's exact value
 * (the exact value rounded half-even to that many digits). The text is computed with {@link
 * BigDecimal} arithmetic, which the Java specification fixes, so every JDK writes the same bytes
 * ({@link Double#toString} does not: it changed in JDK 19). Engines parse a decimal into the
 * nearest double, so the value round-trips, subnormals and the extremes included. Negative zero,
 * NaN and the infinities have no plain number text; the dialects spell them themselves.
 */
final class NumberLiterals {

  private static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;

  private NumberLiterals() {}

  /**
   * The shortest round-tripping decimal of a finite double, normalised (no trailing zeros); zero
   * (of either sign) is {@code 0}.
   */
  static BigDecimal shortest(double d) {
    if (d == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal exact = new BigDecimal(d);
    if ((Double.doubleToRawLongBits(d) & MANTISSA) == 0) {
      // a power of two: the doubles below it are closer than those above, so a shorter decimal
      // may fail where a longer one works on the other side; search from one digit up
      for (int p = 1; ; p++) {
        BigDecimal r = round(exact, p);
        if (r.doubleValue() == d) {
          return r.stripTrailingZeros();
        }
      }
    }
    // elsewhere the interval that reads back as d is symmetric, so if p digits round-trip, so do
    // p + 1: start at the JDK's own digit count (a hint only: the result does not depend on it)
    // and walk down to the shortest
    int p = Math.min(17, digits(Double.toString(d)));
    while (round(exact, p).doubleValue() != d) {
      p++;
    }
    while (p > 1 && round(exact, p - 1).doubleValue() == d) {
      p--;
    }
    return round(exact, p).stripTrailingZeros();
  }

  /**
   * A decimal as number text: plain from 0.001 to below 10^7 ({@code 0.1}, {@code 123456.789}),
   * else scientific ({@code 4.9E-324}, {@code 1.7976931348623157E308}, {@code 1E7}).
   */
  static String text(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal v = value.stripTrailingZeros();
    int exponent = v.precision() - v.scale() - 1;
    if (exponent >= -3 && exponent < 7) {
      return v.toPlainString();
    }
    String digits = v.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "."
        + digits.substring(1);
    return (v.signum() < 0 ? "-" : "") + mantissa + "E" + exponent;
  }

  /**
   * Digits a decimal needs as {@code DECIMAL(M, D)} counts them: integer digits (none for a
   * value below one) plus digits after the point.
   */
  static int decimalDigits(BigDecimal value) {
    return Math.max(value.precision() - value.scale(), 0) + Math.max(value.scale(), 0);
  }

  private static BigDecimal round(BigDecimal exact, int digits) {
    return exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
  }

  /** Significant digits of a number's text (its mantissa, without leading or trailing zeros). */
  private static int digits(String text) {
    int e = text.indexOf('E');
    String mantissa = (e < 0 ? text : text.substring(0, e)).replace("-", "").replace(".", "");
    int from = 0;
    while (from < mantissa.length() - 1 && mantissa.charAt(from) == '0') {
      from++;
    }
    int to = mantissa.length();
    while (to > from + 1 && mantissa.charAt(to - 1) == '0') {
      to--;
    }
    return Math.max(1, to - from);
  }
}
