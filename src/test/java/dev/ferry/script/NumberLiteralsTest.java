package dev.ferry.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Floating-point text: every double reads back as itself from the text scripts write, the text
 * is the shortest that does, and it does not depend on the JDK's {@code Double.toString}.
 */
class NumberLiteralsTest {

  @Test
  void writesTheShortestDecimalThatReadsBackAsTheSameDouble() {
    assertThat(text(0.1)).isEqualTo("0.1");
    assertThat(text(0.30000000000000004)).isEqualTo("0.30000000000000004");
    assertThat(text(1e23)).isEqualTo("1E23");
    assertThat(text(-2.25e10)).isEqualTo("-2.25E10");
    assertThat(text(1.5)).isEqualTo("1.5");
    assertThat(text(100)).isEqualTo("100");
    assertThat(text(Double.MIN_VALUE)).isEqualTo("5E-324");
    assertThat(text(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E308");
    assertThat(text(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014E-308");
    assertThat(text(Math.nextDown(Double.MIN_NORMAL))).isEqualTo("2.225073858507201E-308");
    assertThat(text(9007199254740993.0)).isEqualTo("9.007199254740992E15");
    assertThat(text(0.001)).isEqualTo("0.001");
    assertThat(text(0.0001)).isEqualTo("1E-4");
    assertThat(text((double) 0.1f)).isEqualTo("0.10000000149011612");
    assertThat(text(Math.pow(2, -1022) * 2)).isEqualTo("4.450147717014403E-308");
  }

  @Test
  void everyDoubleRoundTripsAndNoShorterDecimalDoes() {
    SplittableRandom random = new SplittableRandom(20261121L);
    for (int i = 0; i < 200_000; i++) {
      // random bit patterns cover every exponent, subnormals and the powers of two equally
      double d = Double.longBitsToDouble(i % 4 == 0 ? random.nextLong() & ~0xFFFFFFFFFFFFFL
          : random.nextLong());
      if (!Double.isFinite(d) || d == 0) {
        continue;
      }
      BigDecimal shortest = NumberLiterals.shortest(d);
      assertThat(Double.parseDouble(NumberLiterals.text(shortest))).as("%s", d).isEqualTo(d);
      int digits = shortest.precision();
      assertThat(digits).as("%s", d).isLessThanOrEqualTo(17);
      if (digits > 1) {
        BigDecimal shorter = new BigDecimal(d).round(new MathContext(digits - 1,
            RoundingMode.HALF_EVEN));
        assertThat(shorter.doubleValue()).as("%s has a shorter form %s", d, shorter)
            .isNotEqualTo(d);
      }
    }
  }

  @Test
  void countsTheDigitsADecimalColumnNeeds() {
    assertThat(NumberLiterals.decimalDigits(new BigDecimal("123.45"))).isEqualTo(5);
    assertThat(NumberLiterals.decimalDigits(new BigDecimal("0.001"))).isEqualTo(3);
    assertThat(NumberLiterals.decimalDigits(new BigDecimal("1E+70"))).isEqualTo(71);
    assertThat(NumberLiterals.decimalDigits(new BigDecimal("-0.50"))).isEqualTo(2);
  }

  private static String text(double d) {
    return NumberLiterals.text(NumberLiterals.shortest(d));
  }
}
