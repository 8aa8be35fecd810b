package dev.ferry.verify;

/**
 * What one pass over one side of a table learns: the row count, the table checksum (the sum of
 * its row hashes), the count and checksum of each of the 65,536 key ranges, and one {@link
 * ColumnDigest} per compared column. Memory: 1 MiB for the ranges, whatever the table's size.
 */
public final class TableDigest {

  final ColumnDigest[] columns;
  /**
   * Per key range its row count at {@code 2b} and its checksum at {@code 2b + 1}: side by side,
   * so that adding a row touches one cache line of the 1 MiB, not two.
   */
  final long[] ranges = new long[2 * Bisection.BUCKETS];
  long rows;
  long checksum;

  TableDigest(ColumnDigest[] columns) {
    this.columns = columns;
  }

  /**
   * Adds the digest of other rows of the same table, read alike (another key range): every
   * figure is a count or a sum modulo 2^64, so the result is exactly the digest one pass over
   * both sets of rows would have made, in any order of adding.
   */
  void add(TableDigest other) {
    if (other.columns.length != columns.length) {
      throw new IllegalArgumentException("digests of " + columns.length + " and "
          + other.columns.length + " columns");
    }
    rows += other.rows;
    checksum += other.checksum;
    for (int i = 0; i < ranges.length; i++) {
      ranges[i] += other.ranges[i];
    }
    for (int i = 0; i < columns.length; i++) {
      columns[i].add(other.columns[i]);
    }
  }

  /** Adds one row by its hashes. */
  void addRow(long keyHash, long rowHash) {
    rows++;
    checksum += rowHash;
    int b = Hashing.bucket(keyHash);
    ranges[2 * b]++;
    ranges[2 * b + 1] += rowHash;
  }
}
