package dev.ferry.verify;

/**
 * One row of a differing key range, as fetched for the row-by-row comparison: its hashes, and each
 * value's canonical text cut for display.
 *
 * @param keyHash the hash of its key (identifies the row across sides)
 * @param rowHash the hash of the whole row
 * @param hashes each column's value hash (meaningless where {@code nulls} is true)
 * @param nulls which columns are NULL
 * @param display each column's canonical text, cut to {@link #DISPLAY} characters, null for NULL
 * @param fingerprint the row's {@link dev.ferry.rows.RowFingerprint}, as a merge's audit records
 *     a row it kept; null where the row was not read by ferry (hashed in the database)
 */
public record LeafRow(long keyHash, long rowHash, long[] hashes, boolean[] nulls, String[] display,
    String fingerprint) {

  /** Characters of a value kept for reports. */
  static final int DISPLAY = 100;

  /** True when column {@code i} holds the same value in both rows. */
  boolean sameValue(LeafRow other, int i) {
    return nulls[i] == other.nulls[i] && (nulls[i] || hashes[i] == other.hashes[i]);
  }
}
