package dev.ferry.copy;

import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.RowFingerprint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One unit's entries in the before-image journal (docs/rollback.md), gathered while a chunk is
 * written and written with it, on its transaction, as the chunk's batch: an inserted row's key
 * and after-hash, an updated row's before-image (the journaled columns as the target held them)
 * and after-hash, a deleted row's before-image. A chunk run again after the server rolled it back
 * starts its entries afresh ({@link #begin}), so the journal holds exactly what committed.
 */
final class JournalWriter {

  /**
   * Inserted rows per journal row: one row per inserted row cost the server more than the
   * insert itself (a tuple and an index entry each), so inserts are packed.
   */
  static final int PACK = JournalPages.PAGE;

  private final RowJournal journal;
  private final JournalShape shape;
  private final String runId;
  private final String tenant;
  private final String table;
  private final List<String> names;
  private final RowFingerprint.Hasher hasher;
  private final List<Object[]> entries = new ArrayList<>();
  /** For a cycle fix-up, the read of its columns as the target holds them; else null. */
  private MergeRows fixupReads;
  /** The last batch committed. */
  private long batch;
  /** Whether the unit's {@code journal_table} row is known committed (see {@link #flush}). */
  private boolean recorded;

  /** Opens the unit's journal on the caller's transaction (see {@link RowJournal#open}). */
  JournalWriter(RowJournal journal, JournalShape shape, String runId, String tenant,
      Connection c) throws SQLException {
    this.journal = journal;
    this.shape = shape;
    this.runId = runId;
    this.tenant = tenant;
    this.table = shape.journalName();
    this.names = shape.names();
    this.hasher = new RowFingerprint.Hasher(names);
    this.batch = journal.open(c, runId, tenant, shape);
  }

  /** The unit's journal writer; null for a unit without a shape (keyless, a plain copy's). */
  static JournalWriter open(RowJournal journal, JournalShape shape, MergeRows fixupReads,
      String runId, String tenant, Connection c) throws SQLException {
    if (shape == null) {
      return null;
    }
    JournalWriter writer = new JournalWriter(journal, shape, runId, tenant, c);
    writer.fixupReads = fixupReads;
    return writer;
  }

  /**
   * Before a cycle fix-up's chunk sets its columns (the chunk's rows, keys the target's): reads
   * those columns as the target holds them, by key in one query, journals each row whose values
   * differ from the source's (NULL included) as an update whose before-image holds the key and
   * the fix-up's columns, and returns those rows: the only ones the fix-up needs to write. Rows
   * the target lacks or holds with the same values are neither journaled nor written.
   */
  List<Object[]> fixup(Connection c, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return rows;
    }
    List<Object[]> changed = new ArrayList<>();
    fixupReads.classify(c, rows).updates().forEach(u -> {
      updated(u.row(), u.before(), u.columns());
      changed.add(u.row());
    });
    return changed;
  }

  /** Starts a chunk's entries. */
  void begin() {
    entries.clear();
  }

  /** A chunk's rows inserted and, where it was merged, its updates. */
  void chunk(List<Object[]> inserted, MergeRows.Classified merged) {
    inserted(inserted);
    if (merged != null) {
      merged.updates().forEach(u -> updated(u.row(), u.before(), u.columns()));
    }
  }

  /**
   * Rows inserted, as written (their keys the target's): packed, up to {@link #PACK} rows to a
   * journal row ({@link RowJournal#INSERTS}), each as its key and after-hash.
   */
  void inserted(List<Object[]> rows) {
    StringBuilder pack = null;
    int packed = 0;
    for (Object[] row : rows) {
      if (pack == null) {
        pack = new StringBuilder(Math.min(rows.size(), PACK) * 48).append('[');
      } else {
        pack.append(',');
      }
      pack.append('[').append(key(row)).append(",\"").append(hash(row, null, null))
          .append("\"]");
      if (++packed == PACK) {
        entries.add(entry(RowJournal.INSERTS, pack.append(']').toString(), null, null));
        pack = null;
        packed = 0;
      }
    }
    if (pack != null) {
      entries.add(entry(RowJournal.INSERTS, pack.append(']').toString(), null, null));
    }
  }

  /** A row updated: {@code before} as the target held it, {@code columns} the positions set. */
  void updated(Object[] row, Object[] before, int[] columns) {
    entries.add(entry(RowJournal.UPDATE, key(row), image(before), hash(row, before, columns)));
  }

  /** A target row deleted, read whole before its deletion. */
  void deleted(Object[] before) {
    entries.add(entry(RowJournal.DELETE, key(before), image(before), null));
  }

  /** Writes the chunk's entries as its batch, on the chunk's transaction. */
  void flush(Connection c) throws SQLException {
    flush(c, null);
  }

  /**
   * Writes the chunk's entries as its batch, on the chunk's transaction, with {@code boundary}
   * (the unit's checkpoint before the chunk, {@link JournalBoundary}) as the batch's entry of
   * sequence -1, where a rollback from this batch on rewinds the unit to; none when null.
   */
  void flush(Connection c, String boundary) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    if (boundary != null) {
      entries.add(entry(RowJournal.BOUNDARY, boundary, null, null));
    }
    if (!recorded) {
      // the row opening wrote may have been rolled back with a first checkpoint run again
      journal.open(c, runId, tenant, shape);
    }
    long next = batch + 1;
    int seq = 0;
    for (Object[] e : entries) {
      e[3] = next;
      e[4] = RowJournal.BOUNDARY.equals(e[5]) ? -1L : (long) seq++;
    }
    journal.write(c, entries);
  }

  /** The chunk last flushed committed. */
  void committed() {
    if (!entries.isEmpty()) {
      batch++;
      recorded = true;
    }
    entries.clear();
  }

  private Object[] entry(String action, String key, String before, String hash) {
    return new Object[] {runId, tenant, table, 0L, 0L, action, key, before, hash};
  }

  private String key(Object[] row) {
    return KeyCodec.encode(Arrays.stream(shape.keys()).mapToObj(k -> row[k]).toArray());
  }

  /** The journaled columns' values, as a JSON array of texts ({@link KeyCodec}). */
  private String image(Object[] row) {
    return KeyCodec.encodeTyped(Arrays.stream(shape.hashed()).mapToObj(i -> row[i]).toArray(),
        Arrays.stream(shape.hashed()).mapToObj(i -> shape.target()[i].kind()).toList());
  }

  /**
   * The fingerprint of the row the target holds once the change is written: the written
   * positions from {@code row} (every position without {@code before}), the others from
   * {@code before}, each by its side's encoding.
   */
  private String hash(Object[] row, Object[] before, int[] written) {
    List<String> values = new ArrayList<>(names.size());
    for (int i : shape.hashed()) {
      boolean fromRow = before == null || isKey(i) || contains(written, i);
      values.add(fromRow ? shape.source()[i].encode(row[i]) : shape.target()[i].encode(before[i]));
    }
    return RowJournal.afterHash(hasher, values);
  }

  private boolean isKey(int position) {
    return contains(shape.keys(), position);
  }

  private static boolean contains(int[] positions, int position) {
    for (int p : positions) {
      if (p == position) {
        return true;
      }
    }
    return false;
  }
}
