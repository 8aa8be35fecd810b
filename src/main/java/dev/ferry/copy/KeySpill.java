package dev.ferry.copy;

import java.util.Arrays;

/**
 * The id map's pairs of one table whose source and target keys are single integers, kept on
 * disk for the run (docs/merge.md, "The id map"): fixed-width records of two longs (source key,
 * target key) in a memory-mapped temporary file, looked up by binary search. The heap holds
 * nothing per pair; the file takes 16 bytes a pair and is deleted when the run ends.
 *
 * <p>A table is loaded in ascending source-key order, so its pairs arrive sorted: each append
 * that does not sort after the last one starts a new sorted region, a look-up searches every
 * region, and past {@link #REGIONS} regions the whole file is sorted in place into one. Pairs
 * read back from the target's map (a resumed run or a rerun) are appended unsorted and then
 * {@link #sort sorted} once. Not thread-safe by itself: {@link IdMap} serialises the calls.
 */
final class KeySpill implements AutoCloseable {

  /** What {@link #find} answers for a key the spill does not hold. */
  static final long NONE = Long.MIN_VALUE;
  /** Bytes a mapped segment holds (4,194,304 pairs). */
  private static final int SEGMENT = 1 << 26;
  /** Sorted regions before the file is sorted into one. */
  private static final int REGIONS = 16;

  private final PairFile pairs = new PairFile("ferry-id-map-", "the id map", SEGMENT);
  /** Pairs held. */
  private long size;
  /** The first pair of each sorted region. */
  private long[] regions = new long[0];

  long size() {
    return size;
  }

  /** Appends a pair; a source key not above the last one starts a new sorted region. */
  void append(long source, long target) {
    if (size == 0 || source <= sourceAt(size - 1)) {
      if (regions.length == REGIONS) {
        put(size++, source, target);
        sort();
        return;
      }
      regions = Arrays.copyOf(regions, regions.length + 1);
      regions[regions.length - 1] = size;
    }
    put(size++, source, target);
  }

  /** Appends a pair in no particular order: call {@link #sort} before the next look-up. */
  void appendUnsorted(long source, long target) {
    put(size++, source, target);
  }

  /** Sorts every pair by source key into one region, in place (heap sort, no heap memory). */
  void sort() {
    long n = size;
    pairs.sort(n);
    regions = n == 0 ? new long[0] : new long[] {0};
  }

  /** The target key paired with a source key, or {@link #NONE}; the newest region wins. */
  long find(long source) {
    for (int r = regions.length - 1; r >= 0; r--) {
      long low = regions[r];
      long high = (r + 1 < regions.length ? regions[r + 1] : size) - 1;
      while (low <= high) {
        long mid = (low + high) >>> 1;
        long key = sourceAt(mid);
        if (key < source) {
          low = mid + 1;
        } else if (key > source) {
          high = mid - 1;
        } else {
          return targetAt(mid);
        }
      }
    }
    return NONE;
  }

  private long sourceAt(long i) {
    return pairs.first(i);
  }

  private long targetAt(long i) {
    return pairs.second(i);
  }

  private void put(long i, long source, long target) {
    pairs.put(i, source, target);
  }

  @Override
  public void close() {
    pairs.close();
  }
}
