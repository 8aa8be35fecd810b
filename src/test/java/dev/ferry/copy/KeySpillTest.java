package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
