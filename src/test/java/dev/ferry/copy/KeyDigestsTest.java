package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The children sweep's on-disk set of the source's child keys: exact in both directions. */
class KeyDigestsTest {

  @Test
  void keysAddedInAnyOrderAreFoundAndOthersAreNot() {
    // segments of 4 KiB (256 digests): 10,000 keys span 40 of them
    try (KeyDigests keys = new KeyDigests(1 << 12)) {
      for (int k = 0; k < 10_000; k++) {
        keys.add("k" + (k * 7_919) % 10_000 + "\u0001");
      }
      keys.seal();
      for (int k = 0; k < 10_000; k++) {
        assertThat(keys.contains("k" + k + "\u0001")).as("key %d", k).isTrue();
      }
      assertThat(keys.contains("k10000\u0001")).isFalse();
      assertThat(keys.contains("k1\u0001\u0001")).isFalse();
      assertThat(keys.contains("")).isFalse();
      assertThat(keys.size()).isEqualTo(10_000);
    }
  }

  @Test
  void anEmptySetHoldsNothingAndDuplicatesAreHarmless() {
    try (KeyDigests none = new KeyDigests(1 << 12); KeyDigests twice = new KeyDigests(1 << 12)) {
      none.seal();
      twice.add("a");
      twice.add("a");
      twice.add("b");
      twice.seal();
      assertThat(none.contains("a")).isFalse();
      assertThat(twice.contains("a")).isTrue();
      assertThat(twice.contains("b")).isTrue();
      assertThat(twice.contains("c")).isFalse();
    }
  }
}
