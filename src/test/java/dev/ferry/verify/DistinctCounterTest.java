package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Distinct counts: exact up to the limit, then a HyperLogLog sketch within its stated error. */
class DistinctCounterTest {

  @Test
  void belowTheLimitTheCountIsExact() {
    DistinctCounter counter = new DistinctCounter(100_000);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 50_000; i++) {
        counter.add(Hashing.value("v" + i));
      }
    }
    counter.add(0);

    assertThat(counter.estimated()).isFalse();
    assertThat(counter.count()).isEqualTo(50_001);
    assertThat(counter.standardError()).isZero();
  }

  @Test
  void sketchStaysWithinThreeStandardErrorsOnSyntheticData() {
    // given: several cardinalities of random 64-bit hashes, each added twice
    SplittableRandom random = new SplittableRandom(20261121);
    for (int n : new int[] {150_000, 400_000, 1_000_000, 3_000_000}) {
      DistinctCounter counter = new DistinctCounter(100_000);
      long seed = random.nextLong();
      for (int pass = 0; pass < 2; pass++) {
        SplittableRandom values = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
          counter.add(values.nextLong());
        }
      }

      // then
      assertThat(counter.estimated()).isTrue();
      double error = Math.abs(counter.count() - n) / (double) n;
      assertThat(counter.standardError()).isEqualTo(1.04 / 128);
      assertThat(error).as("relative error at n = %d", n)
          .isLessThan(3 * counter.standardError());
    }
  }

  @Test
  void sketchErrorMatchesItsStatedStandardErrorOverManyTrials() {
    // the root-mean-square error over independent sketches is close to 1.04 / sqrt(m)
    SplittableRandom random = new SplittableRandom(7);
    int trials = 40;
    int n = 200_000;
    double sumSquares = 0;
    for (int t = 0; t < trials; t++) {
      HyperLogLog hll = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);
      for (int i = 0; i < n; i++) {
        hll.add(random.nextLong());
      }
      double e = (hll.estimate() - n) / (double) n;
      sumSquares += e * e;
    }
    double rms = Math.sqrt(sumSquares / trials);
    assertThat(rms).isLessThan(1.5 * 1.04 / 128);
  }

  @Test
  void smallCardinalitiesUseLinearCounting() {
    HyperLogLog hll = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);
    for (int i = 0; i < 1000; i++) {
      hll.add(Hashing.value(Integer.toString(i)));
    }
    assertThat((double) hll.estimate()).isCloseTo(1000, org.assertj.core.data.Offset.offset(20.0));
  }
}
