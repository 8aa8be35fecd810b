package dev.ferry.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One batch of a remap as steps that never put two rows on one value, for a column under a unique
 * key on an engine that checks uniqueness row by row as an UPDATE goes (PostgreSQL, MySQL): one
 * CASE over a swap {@code 1→2, 2→1} meets the other row's old value whichever row it moves first.
 *
 * <p>A batch needs steps only when one of its new keys is an old key of the same batch (a chain
 * {@code 7→8, 8→9}, or a cycle). Then: first the keys whose new key is not an old key of the
 * batch, in one step (their new keys are free, or freed by an earlier batch); then each cycle
 * {@code x0→x1→…→x0} rotates through a staging key {@code s} that no row holds: {@code x0→s},
 * then {@code x(m-1)→x0}, …, {@code x1→x2}, each into the key just freed, and {@code s→x1}; then
 * the chains, nearest to their end first, one step per distance, each into keys the steps before
 * freed. Every step moves rows only onto keys no row holds at that moment, so the order in which
 * the engine visits rows does not matter, and every row still changes once, from its old key to
 * its new key (rows of {@code x0} pass through {@code s} within the batch's transaction).
 */
final class RemapStaging {

  /**
   * One UPDATE of a batch: rows holding {@code olds[i]} get {@code news[i]} (null for NULL).
   *
   * @param olds old keys, canonical text
   * @param news new keys, canonical text or null
   * @param parks true when this step moves rows onto the staging key
   */
  record Step(String[] olds, String[] news, boolean parks) {}

  private RemapStaging() {}

  /**
   * The steps of a batch, or null when one step (one CASE over the whole batch) is safe.
   *
   * @param keys the batch's keys (indexes into {@code oldKeys})
   * @param oldKeys per index, the old key
   * @param newKeys per index, the new key, or null for NULL
   * @param group per index, its cycle's group ({@link RemapOrder.Result#group()}), or -1
   * @param staging a key no row holds, of the column's kind
   */
  static List<Step> steps(int[] keys, String[] oldKeys, String[] newKeys, int[] group,
      String staging) {
    Map<String, Integer> position = new HashMap<>(keys.length * 2);
    for (int p = 0; p < keys.length; p++) {
      position.put(oldKeys[keys[p]], p);
    }
    int[] target = new int[keys.length];
    boolean internal = false;
    for (int p = 0; p < keys.length; p++) {
      String to = newKeys[keys[p]];
      Integer at = to == null ? null : position.get(to);
      target[p] = at == null ? -1 : at;
      internal |= at != null;
    }
    if (!internal) {
      return null;
    }
    int[] depth = new int[keys.length];
    java.util.Arrays.fill(depth, -1);
    Map<Integer, List<Integer>> byDepth = new TreeMap<>();
    Map<Integer, List<Integer>> cycles = new TreeMap<>();
    for (int p = 0; p < keys.length; p++) {
      if (group[keys[p]] >= 0) {
        cycles.computeIfAbsent(group[keys[p]], g -> new ArrayList<>()).add(p);
      } else {
        byDepth.computeIfAbsent(depth(p, target, depth, keys, group), d -> new ArrayList<>())
            .add(p);
      }
    }
    List<Step> steps = new ArrayList<>();
    List<Integer> free = byDepth.remove(0);
    if (free != null) {
      steps.add(step(free, keys, oldKeys, newKeys));
    }
    for (List<Integer> members : cycles.values()) {
      rotate(members, target, keys, oldKeys, newKeys, staging, steps);
    }
    for (List<Integer> layer : byDepth.values()) {
      steps.add(step(layer, keys, oldKeys, newKeys));
    }
    return steps;
  }

  /**
   * Distance from the end of the chain: 0 when the new key is no old key of the batch; a key
   * that moves onto a cycle's key goes after the cycle, like a chain's next link.
   */
  private static int depth(int p, int[] target, int[] depth, int[] keys, int[] group) {
    if (depth[p] >= 0) {
      return depth[p];
    }
    int t = target[p];
    // chains outside cycles are acyclic (RemapOrder put every cycle into a group)
    depth[p] = t < 0 ? 0 : group[keys[t]] >= 0 ? 1 : depth(t, target, depth, keys, group) + 1;
    return depth[p];
  }

  private static void rotate(List<Integer> members, int[] target, int[] keys, String[] oldKeys,
      String[] newKeys, String staging, List<Step> steps) {
    // x0 is the member with the smallest index; x(i+1) is where x(i)'s rows go
    int start = members.stream().min(Integer::compare).orElseThrow();
    List<Integer> cycle = new ArrayList<>();
    for (int p = start; cycle.isEmpty() || p != start; p = target[p]) {
      cycle.add(p);
    }
    String first = oldKeys[keys[start]];
    steps.add(new Step(new String[] {first}, new String[] {staging}, true));
    for (int i = cycle.size() - 1; i >= 1; i--) {
      steps.add(step(List.of(cycle.get(i)), keys, oldKeys, newKeys));
    }
    steps.add(new Step(new String[] {staging}, new String[] {newKeys[keys[start]]}, false));
  }

  private static Step step(List<Integer> positions, int[] keys, String[] oldKeys,
      String[] newKeys) {
    String[] olds = new String[positions.size()];
    String[] news = new String[positions.size()];
    for (int i = 0; i < olds.length; i++) {
      olds[i] = oldKeys[keys[positions.get(i)]];
      news[i] = newKeys[keys[positions.get(i)]];
    }
    return new Step(olds, news, false);
  }
}
