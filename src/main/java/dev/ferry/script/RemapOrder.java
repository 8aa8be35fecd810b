package dev.ferry.script;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which mapped keys are rewritten, so that no row is rewritten twice when source and
 * target key ranges overlap. A map is a function from old keys to new keys; where a new key
 * {@code b = f(a)} is itself an old key, rows holding {@code b} must be rewritten before (or in
 * the same statement as) rows are moved into {@code b} — otherwise rows moved from {@code a} to
 * {@code b} would be moved on to {@code f(b)}. Keys are ranked by their distance from the end of
 * their chain; the keys of a cycle (a swap {@code 1→2, 2→1}) share a rank and a group and must be
 * rewritten by one statement, where SQL evaluates every row's CASE on its old value. Identity
 * mappings ({@code a→a}) change nothing and are left out.
 */
final class RemapOrder {

  /**
   * @param order indexes of the keys to rewrite, in the order to rewrite them
   * @param group per index, the group of its cycle (the smallest index in it), or -1 outside a
   *     cycle; keys of one group must go into one batch
   */
  record Result(int[] order, int[] group) {}

  private RemapOrder() {}

  /**
   * @param next per key (indexes in key order), the index of its new key when that is also an old
   *     key, else -1
   * @param skip per key, true for an identity mapping
   */
  static Result of(int[] next, boolean[] skip) {
    int n = next.length;
    int[] rank = new int[n];
    int[] group = new int[n];
    Arrays.fill(group, -1);
    byte[] state = new byte[n];
    int[] path = new int[n];
    for (int start = 0; start < n; start++) {
      if (skip[start] || state[start] != 0) {
        continue;
      }
      int length = 0;
      int at = start;
      while (at >= 0 && !skip[at] && state[at] == 0) {
        state[at] = 1;
        path[length++] = at;
        at = next[at];
      }
      int base;
      int end = length;
      if (at >= 0 && !skip[at] && state[at] == 1) {
        // a cycle: from 'at' to the end of the path
        int from = length - 1;
        while (path[from] != at) {
          from--;
        }
        int leader = Integer.MAX_VALUE;
        for (int i = from; i < length; i++) {
          leader = Math.min(leader, path[i]);
        }
        for (int i = from; i < length; i++) {
          rank[path[i]] = 0;
          group[path[i]] = leader;
          state[path[i]] = 2;
        }
        base = 0;
        end = from;
      } else {
        base = at >= 0 && !skip[at] ? rank[at] : -1;
      }
      for (int i = end - 1; i >= 0; i--) {
        base++;
        rank[path[i]] = base;
        state[path[i]] = 2;
      }
    }
    Integer[] boxed = new Integer[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (!skip[i]) {
        boxed[count++] = i;
      }
    }
    Arrays.sort(boxed, 0, count, Comparator.<Integer>comparingInt(i -> rank[i])
        .thenComparingInt(i -> group[i] >= 0 ? group[i] : i)
        .thenComparingInt(i -> i));
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = boxed[i];
    }
    return new Result(order, group);
  }
}
