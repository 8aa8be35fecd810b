package dev.ferry.verify;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Narrows a table whose checksums differ down to the key ranges that differ. The key space is the
 * space of key hashes, cut into {@value #BUCKETS} ranges by the hash's top {@value #BUCKET_BITS}
 * bits: the same ranges on every engine whatever its collation or key type, and each holding
 * about rows / 65,536 rows whatever the keys' distribution. Starting from the whole table, each
 * differing range is split 16 ways and its parts compared (count and checksum), down to single
 * ranges; only those are read row by row.
 */
public final class Bisection {

  static final int BUCKET_BITS = 16;
  static final int BUCKETS = 1 << BUCKET_BITS;
  private static final int FAN_OUT_BITS = 4;

  private Bisection() {}

  /**
   * What the narrowing found.
   *
   * @param differing the first differing ranges, ascending, at most the limit asked for
   * @param differingTotal how many of the 65,536 ranges differ
   * @param rangesCompared ranges whose checksums were compared on the way down
   */
  record Result(BitSet differing, int differingTotal, int rangesCompared) {}

  /**
   * Compares two digests range by range.
   *
   * @param limit at most this many differing ranges are returned (each holds at least one
   *     differing row, so the limit on listed differences is enough)
   */
  static Result compare(TableDigest a, TableDigest b, int limit) {
    BitSet differing = new BitSet(BUCKETS);
    int[] compared = {0};
    List<Integer> found = new ArrayList<>();
    narrow(a, b, 0, BUCKETS, limit, found, compared);
    found.forEach(differing::set);
    int total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (a.ranges[2 * i] != b.ranges[2 * i] || a.ranges[2 * i + 1] != b.ranges[2 * i + 1]) {
        total++;
      }
    }
    return new Result(differing, total, compared[0]);
  }

  private static void narrow(TableDigest a, TableDigest b, int from, int size, int limit,
      List<Integer> found, int[] compared) {
    compared[0]++;
    if (same(a, b, from, size)) {
      return;
    }
    if (size == 1) {
      found.add(from);
      return;
    }
    int part = Math.max(1, size >> FAN_OUT_BITS);
    for (int start = from; start < from + size && found.size() < limit; start += part) {
      narrow(a, b, start, part, limit, found, compared);
    }
  }

  private static boolean same(TableDigest a, TableDigest b, int from, int size) {
    long rowsA = 0;
    long rowsB = 0;
    long sumA = 0;
    long sumB = 0;
    for (int i = from; i < from + size; i++) {
      rowsA += a.ranges[2 * i];
      rowsB += b.ranges[2 * i];
      sumA += a.ranges[2 * i + 1];
      sumB += b.ranges[2 * i + 1];
    }
    return rowsA == rowsB && sumA == sumB;
  }
}
