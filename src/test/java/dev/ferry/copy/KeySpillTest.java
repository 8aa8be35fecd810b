package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The id map's on-disk pairs of integer keys: every pair found, in any order it arrived. */
class KeySpillTest {

  @Test
  void pairsAppendedInKeyOrderAreFoundAndOthersAreNot() {
    try (KeySpill spill = new KeySpill()) {
      for (long k = 1; k <= 5_000_000; k += 1) {
        spill.append(k * 2, k + 1_000_000_000L);
      }
      assertThat(spill.find(2)).isEqualTo(1_000_000_001L);
      assertThat(spill.find(10_000_000)).isEqualTo(1_005_000_000L);
      // past the first 64 MiB segment
      assertThat(spill.find(2 * 4_194_305L)).isEqualTo(1_004_194_305L);
      assertThat(spill.find(3)).isEqualTo(KeySpill.NONE);
      assertThat(spill.find(0)).isEqualTo(KeySpill.NONE);
      assertThat(spill.find(10_000_002)).isEqualTo(KeySpill.NONE);
    }
  }

  @Test
  void pairsOutOfOrderStartRegionsAndManyRegionsAreSortedIntoOne() {
    try (KeySpill spill = new KeySpill()) {
      // 40 descending blocks of ascending keys: 40 regions, past the bound of 16
      for (int block = 39; block >= 0; block--) {
        for (long k = block * 100L; k < block * 100L + 100; k++) {
          spill.append(k - 2_000, -k);
        }
      }
      for (long k = 0; k < 4_000; k++) {
        assertThat(spill.find(k - 2_000)).as("key %d", k).isEqualTo(-k);
      }
      assertThat(spill.find(2_000)).isEqualTo(KeySpill.NONE);
      assertThat(spill.size()).isEqualTo(4_000);
    }
  }

  @Test
  void pairsAppendedUnsortedAreFoundOnceSortedAndLaterPairsJoinThem() {
    try (KeySpill spill = new KeySpill()) {
      for (long k = 0; k < 10_000; k++) {
        long scrambled = (k * 7_919) % 10_000;
        spill.appendUnsorted(scrambled, scrambled + 1);
      }
      spill.sort();
      spill.append(20_000, 7);
      spill.append(15_000, 8);
      for (long k = 0; k < 10_000; k++) {
        assertThat(spill.find(k)).isEqualTo(k + 1);
      }
      assertThat(spill.find(20_000)).isEqualTo(7);
      assertThat(spill.find(15_000)).isEqualTo(8);
      assertThat(spill.find(10_000)).isEqualTo(KeySpill.NONE);
    }
  }

  @Test
  void keyRangesInterleavedOnLanesOfTheirOwnAreAllFoundAndTheNewestLaneWins() {
    try (KeySpill spill = new KeySpill()) {
      // pairs read back from the map, then three ranges' chunks committed in turn
      spill.appendUnsorted(5, 500);
      spill.appendUnsorted(1, 100);
      spill.sort();
      for (int chunk = 0; chunk < 40; chunk++) {
        for (int range = 0; range < 3; range++) {
          for (long k = 0; k < 100; k++) {
            long key = 1_000_000L * (range + 1) + chunk * 100L + k;
            spill.append("t#" + (range + 1) + "/3", key, -key);
          }
        }
      }
      spill.append("t#1/3", 5, 555);
      for (int range = 0; range < 3; range++) {
        for (long k = 0; k < 4_000; k++) {
          long key = 1_000_000L * (range + 1) + k;
          assertThat(spill.find(key)).as("key %d", key).isEqualTo(-key);
        }
      }
      assertThat(spill.find(1)).isEqualTo(100);
      assertThat(spill.find(5)).isEqualTo(555);
      assertThat(spill.find(1_004_000)).isEqualTo(KeySpill.NONE);
      assertThat(spill.find(2)).isEqualTo(KeySpill.NONE);
      assertThat(spill.size()).isEqualTo(12_003);
    }
  }

  /**
   * Whatever the keys' spread (dense, gaps, extremes near Long's bounds) and however they arrive
   * (ascending runs, each starting a region, a key repeated in a later run), every key is found
   * with the target of its newest pair and every other key is not.
   */
  @Property(tries = 200)
  void everyKeyIsFoundWithItsNewestTargetWhateverTheSpread(
      @ForAll @Size(min = 1, max = 400) List<@LongRange(min = -1_000, max = 1_000) Long> gaps,
      @ForAll @LongRange(min = 1, max = 5) long runs,
      @ForAll @LongRange(min = 0, max = 3) long scale) {
    long factor = scale == 3 ? 1L << 50 : (long) Math.pow(1000, scale);
    TreeSet<Long> keys = new TreeSet<>();
    long at = scale == 3 ? Long.MIN_VALUE + 1 : 0;
    for (long gap : gaps) {
      at = Math.addExact(at, Math.abs(gap) * factor / 1000 + 1);
      keys.add(at);
    }
    List<Long> sorted = new ArrayList<>(keys);
    Map<Long, Long> newest = new HashMap<>();
    try (KeySpill spill = new KeySpill()) {
      long target = 0;
      for (long run = 0; run < runs; run++) {
        // each run an ascending slice of the keys, so each after the first starts a region
        for (int i = (int) (run * sorted.size() / (runs + 1)); i < sorted.size(); i += (int) run + 1) {
          spill.append(sorted.get(i), ++target);
          newest.put(sorted.get(i), target);
        }
      }
      for (long key : sorted) {
        assertThat(spill.find(key)).as("key %d", key).isEqualTo(newest.get(key));
        if (!keys.contains(key + 1) && key + 1 != KeySpill.NONE) {
          assertThat(spill.find(key + 1)).as("key %d", key + 1).isEqualTo(KeySpill.NONE);
        }
      }
      assertThat(spill.find(sorted.get(0) - 1)).isEqualTo(KeySpill.NONE);
    }
  }
}
