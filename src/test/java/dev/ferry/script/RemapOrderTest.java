package dev.ferry.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remap order never maps a row twice: applied batch by batch in order (each batch one CASE
 * over old values), every row ends at exactly its key's image.
 */
class RemapOrderTest {

  @Test
  void rewritesTheEndOfAChainFirst() {
    // 0→1, 1→2, 2 is not an old key: 1 must be rewritten before 0
    RemapOrder.Result r = RemapOrder.of(new int[] {1, -1}, new boolean[2]);
    assertThat(r.order()).containsExactly(1, 0);
  }

  @Test
  void keepsACycleTogetherAndLeavesIdentitiesOut() {
    // 0↔1 swap, 2→2 identity, 3→0 feeds the cycle
    RemapOrder.Result r = RemapOrder.of(new int[] {1, 0, 2, 0},
        new boolean[] {false, false, true, false});
    assertThat(r.order()).containsExactly(0, 1, 3);
    assertThat(r.group()[0]).isEqualTo(r.group()[1]).isEqualTo(0);
    assertThat(r.group()[3]).isEqualTo(-1);
  }

  @Test
  void randomOverlappingMapsApplyBatchByBatchToExactlyTheirImages() {
    Random random = new Random(20261121);
    for (int trial = 0; trial < 500; trial++) {
      // given: keys 0..n-1 mapped into 0..n+extra-1 (one-to-one or not), some identities
      int n = 1 + random.nextInt(40);
      int[] image = new int[n];
      boolean injective = random.nextBoolean();
      List<Integer> pool = new ArrayList<>();
      for (int i = 0; i < n + random.nextInt(5); i++) {
        pool.add(i);
      }
      java.util.Collections.shuffle(pool, random);
      for (int i = 0; i < n; i++) {
        image[i] = injective ? pool.get(i) : random.nextInt(n + 3);
      }
      int[] next = new int[n];
      boolean[] skip = new boolean[n];
      for (int i = 0; i < n; i++) {
        skip[i] = image[i] == i;
        next[i] = image[i] < n ? image[i] : -1;
      }
      int batchSize = 1 + random.nextInt(4);

      // when: rows holding every key, batches applied in order
      RemapOrder.Result r = RemapOrder.of(next, skip);
      List<int[]> batches = new RemapWriter(ScriptDialect.of("postgres"), "g", batchSize, 0)
          .batches(new RemapStatements.Direction("forward", "f", null, null, r, null), all(n));
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = i;
      }
      for (int[] batch : batches) {
        Map<Integer, Integer> caseWhen = new HashMap<>();
        for (int k : batch) {
          caseWhen.put(k, image[k]);
        }
        for (int row = 0; row < n; row++) {
          Integer to = caseWhen.get(rows[row]);
          if (to != null) {
            rows[row] = to;
          }
        }
      }

      // then
      assertThat(rows).as("trial %d: image %s, batches of %d", trial, Arrays.toString(image),
          batchSize).containsExactly(image);
    }
  }

  private static java.util.BitSet all(int n) {
    java.util.BitSet b = new java.util.BitSet(n);
    b.set(0, n);
    return b;
  }
}
