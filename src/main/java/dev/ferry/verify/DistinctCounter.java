package dev.ferry.verify;

/**
 * Counts distinct values of a column by their 64-bit hashes: exactly while at most {@code limit}
 * are seen (an open-addressing set of longs, 16 bytes a value at most), then with a {@link
 * HyperLogLog} sketch fed with everything seen so far. "Exact" means exact up to hash collisions,
 * about n²/2^65 for n values: none in practice.
 */
final class DistinctCounter {

  private final int limit;
  private long[] table;
  private boolean hasZero;
  private int size;
  private HyperLogLog sketch;

  DistinctCounter(int limit) {
    this.limit = limit;
    this.table = new long[16];
  }

  void add(long hash) {
    if (sketch != null) {
      sketch.add(hash);
      return;
    }
    if (hash == 0) {
      if (!hasZero) {
        hasZero = true;
        size++;
      }
    } else if (insert(table, hash)) {
      size++;
      if ((size << 1) > table.length) {
        grow();
      }
    }
    if (size > limit) {
      toSketch();
    }
  }

  /**
   * Adds what {@code other} has counted: its exact hashes one by one, or its sketch merged into
   * this one's (made from what this one has seen). The result is the counter of the union, as if
   * one counter had seen every hash: exact while the union holds at most {@code limit}.
   */
  void addAll(DistinctCounter other) {
    if (other.sketch != null) {
      if (sketch == null) {
        toSketch();
      }
      sketch.merge(other.sketch);
      return;
    }
    for (long h : other.table) {
      if (h != 0) {
        add(h);
      }
    }
    if (other.hasZero) {
      add(0);
    }
  }

  /** True once the count is an estimate. */
  boolean estimated() {
    return sketch != null;
  }

  long count() {
    return sketch != null ? sketch.estimate() : size;
  }

  /** The sketch's relative standard error, or 0 while the count is exact. */
  double standardError() {
    return sketch != null ? sketch.standardError() : 0;
  }

  private static boolean insert(long[] table, long hash) {
    int mask = table.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (table[i] != 0) {
      if (table[i] == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = hash;
    return true;
  }

  private void grow() {
    long[] bigger = new long[table.length << 1];
    for (long h : table) {
      if (h != 0) {
        insert(bigger, h);
      }
    }
    table = bigger;
  }

  private void toSketch() {
    sketch = new HyperLogLog(HyperLogLog.DEFAULT_PRECISION);
    for (long h : table) {
      if (h != 0) {
        sketch.add(h);
      }
    }
    if (hasZero) {
      sketch.add(0);
    }
    table = null;
  }
}
