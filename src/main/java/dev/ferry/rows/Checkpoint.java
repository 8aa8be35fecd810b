package dev.ferry.rows;

/**
 * How far a unit (a table, or a cycle fix-up) of a run got.
 *
 * @param unit the unit's name: the table's qualified name, or {@code fixup:table.constraint}
 * @param lastKey the key of the last row committed, or null when none (or the table has no key)
 * @param rowsWritten rows committed so far by this run
 * @param rowsBefore rows the target table held before this run first touched it
 * @param done true when the unit is complete
 * @param sourceRows rows the unit read from the source so far (for a fix-up, rows it passed),
 *     or -1 where the target does not record it
 * @param sourceDigest the {@link RowDigest} of those rows as read, or null where not recorded
 */
public record Checkpoint(String unit, Object[] lastKey, long rowsWritten, long rowsBefore,
    boolean done, long sourceRows, String sourceDigest) {

  /** A checkpoint without a record of the source rows (bundles resume whole tables). */
  public Checkpoint(String unit, Object[] lastKey, long rowsWritten, long rowsBefore,
      boolean done) {
    this(unit, lastKey, rowsWritten, rowsBefore, done, -1, null);
  }
}
