package dev.ferry.identity;

/**
 * Counts per {@code long} value in open addressing: the value, its count, and a bit per column
 * it was seen in, in three arrays that double when half full.
 */
final class LongCounts {
  private long[] values = new long[1024];
  private long[] counts = new long[1024];
  private long[] columns = new long[1024];
  private int size;

  void add(long value, int column) {
    int mask = values.length - 1;
    int at = (int) (mix(value) & mask);
    while (counts[at] != 0 && values[at] != value) {
      at = (at + 1) & mask;
    }
    if (counts[at] == 0) {
      values[at] = value;
      if (++size * 2 > values.length) {
        counts[at] = 1;
        columns[at] = 1L << column;
        grow();
        return;
      }
    }
    counts[at]++;
    columns[at] |= 1L << column;
  }

  private static long mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  private void grow() {
    long[] oldValues = values;
    long[] oldCounts = counts;
    long[] oldColumns = columns;
    values = new long[oldValues.length * 2];
    counts = new long[values.length];
    columns = new long[values.length];
    int mask = values.length - 1;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldCounts[i] != 0) {
        int at = (int) (mix(oldValues[i]) & mask);
        while (counts[at] != 0) {
          at = (at + 1) & mask;
        }
        values[at] = oldValues[i];
        counts[at] = oldCounts[i];
        columns[at] = oldColumns[i];
      }
    }
  }

  interface Visitor {
    void visit(long value, long count, long columnBits);
  }

  void forEach(Visitor visitor) {
    for (int i = 0; i < values.length; i++) {
      if (counts[i] != 0) {
        visitor.visit(values[i], counts[i], columns[i]);
      }
    }
  }
}
