package dev.ferry.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Staged batches never put two rows on one value, whatever order the engine visits rows in: every
 * step moves rows only onto values no row holds, and a unique column ends at exactly its keys'
 * images.
 */
class RemapStagingTest {

  @Test
  void aSwapRotatesThroughTheStagingKey() {
    // keys "1" and "2" swap; "3" goes to "9" (not an old key)
    String[] olds = {"1", "2", "3"};
    String[] news = {"2", "1", "9"};
    RemapOrder.Result order = RemapOrder.of(new int[] {1, 0, -1}, new boolean[3]);

    List<RemapStaging.Step> steps = RemapStaging.steps(new int[] {0, 1, 2}, olds, news,
        order.group(), "0");

    assertThat(steps).extracting(s -> Arrays.toString(s.olds()) + "->"
        + Arrays.toString(s.news())).containsExactly("[3]->[9]", "[1]->[0]", "[2]->[1]",
            "[0]->[2]");
    assertThat(steps.get(1).parks()).isTrue();
  }

  @Test
  void aBatchWithoutInnerChainsIsOneStep() {
    assertThat(RemapStaging.steps(new int[] {0, 1}, new String[] {"1", "2"},
        new String[] {"5", null}, new int[] {-1, -1}, "0")).isNull();
  }

  @Test
  void randomOneToOneMapsNeverCollideAndEndAtTheirImages() {
    Random random = new Random(20261122);
    for (int trial = 0; trial < 1000; trial++) {
      // given: keys 0..n-1 mapped one-to-one into 0..n+extra-1, each key held by one row
      int n = 1 + random.nextInt(30);
      int extra = random.nextInt(4);
      List<Integer> pool = new ArrayList<>();
      for (int i = 0; i < n + extra; i++) {
        pool.add(i);
      }
      Collections.shuffle(pool, random);
      int[] image = new int[n];
      int[] next = new int[n];
      boolean[] skip = new boolean[n];
      String[] olds = new String[n];
      String[] news = new String[n];
      for (int i = 0; i < n; i++) {
        image[i] = pool.get(i);
        skip[i] = image[i] == i;
        next[i] = image[i] < n ? image[i] : -1;
        olds[i] = String.valueOf(i);
        news[i] = String.valueOf(image[i]);
      }
      RemapOrder.Result order = RemapOrder.of(next, skip);
      int batchSize = 1 + random.nextInt(6);
      BitSet all = new BitSet(n);
      all.set(0, n);
      List<int[]> batches = new RemapWriter(ScriptDialect.of("postgres"), "g", batchSize, 0)
          .batches(new RemapStatements.Direction("forward", "f", olds, news, order, null), all);
      String staging = "-1";
      Set<String> held = new HashSet<>(Arrays.asList(olds));

      // when: every step applied as an engine checking uniqueness row by row would
      for (int[] batch : batches) {
        List<RemapStaging.Step> steps = RemapStaging.steps(batch, olds, news, order.group(),
            staging);
        if (steps == null) {
          steps = List.of(new RemapStaging.Step(pick(olds, batch), pick(news, batch), false));
        }
        for (RemapStaging.Step step : steps) {
          Map<String, String> move = new HashMap<>();
          for (int i = 0; i < step.olds().length; i++) {
            move.put(step.olds()[i], step.news()[i]);
          }
          Set<String> moving = new HashSet<>(move.keySet());
          moving.retainAll(held);
          for (String from : moving) {
            // then: the value moved onto is free before the step, whichever row goes first
            assertThat(held).as("trial %d, image %s, batches of %d: %s -> %s", trial,
                Arrays.toString(image), batchSize, from, move.get(from))
                .doesNotContain(move.get(from));
          }
          held.removeAll(moving);
          for (String from : moving) {
            held.add(move.get(from));
          }
        }
      }

      // and the column holds exactly the images
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < n; i++) {
        expected.add(String.valueOf(image[i]));
      }
      assertThat(held).as("trial %d", trial).isEqualTo(expected);
    }
  }

  private static String[] pick(String[] texts, int[] keys) {
    String[] out = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = texts[keys[i]];
    }
    return out;
  }
}
