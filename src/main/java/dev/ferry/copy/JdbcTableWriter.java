package dev.ferry.copy;

import dev.ferry.api.RunReport;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.RowDigest;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one table (or one cycle fix-up) on its own session. Every {@link #write} ends with the
 * checkpoint row and a commit, so rows and checkpoint are durable together.
 */
final class JdbcTableWriter implements TableWriter {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcTableWriter.class);
  /** Tries per chunk when the server rolls it back for a deadlock. */
  private static final int ATTEMPTS = 5;

  private final JdbcTarget target;
  private final Dialect dialect;
  private final Connection connection;
  private final boolean ownsConnection;
  private final TablePlan table;
  private final String runId;
  private final StateStore state;
  private final int[] nulled;
  private final String sql;
  private final boolean copy;
  private final long rowsBefore;
  private final List<DeferrableIndex> deferred;
  /** What the key ranges of the table share, when this unit is one of them; else null. */
  private final RangedLoad ranged;
  /** The table's merge into the target's rows; null for a plain load. */
  private final MergeLedger merge;
  /** The unit's rows written through the id map; null when it touches no remapped table. */
  private final RemapRows remap;
  /** The unit's before-image journal (docs/rollback.md); null where nothing is journaled. */
  private final JournalWriter journal;
  /** What the key policy did, for a remapped table; else null. */
  private RunReport.Keys keys;
  private long rowsWritten;
  private String lastKey;
  /** Rows read from the source and their digest, recorded with each checkpoint (ResumeCheck). */
  private long sourceRows;
  private long sourceDigest;

  JdbcTableWriter(JdbcTarget target, Connection connection, boolean ownsConnection,
      TablePlan table, Checkpoint from, String runId, StateStore state, boolean overrideIdentity,
      boolean deferIndexes, MergeLedger merge, RemapRows remap, JournalWriter journal)
      throws SQLException {
    this.target = target;
    this.journal = journal;
    this.merge = merge;
    this.remap = remap;
    this.keys = remap != null && remap.remapsKeys() ? remap.keys() : null;
    this.dialect = target.dialect();
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.table = table;
    this.runId = runId;
    this.state = state;
    this.nulled = table.nulledColumns().stream().mapToInt(table::indexOf).toArray();
    this.copy = !table.isFixup() && dialect.supports(Capability.COPY);
    this.sql = table.isFixup() ? FixupRows.sql(table, dialect) : copy ? copySql() : insertSql(overrideIdentity);
    // the ranges of one table loading at once count its rows and drop its indexes once
    RangedLoad ranged = table.range() != null && ownsConnection ? target.ranged().of(table)
        : null;
    this.ranged = ranged;
    long before;
    if (from == null) {
      before = table.isFixup() || ranged != null ? 0 : target.count(connection, table);
      this.rowsWritten = 0;
    } else if (!table.keyed() && !table.isFixup() && !from.done()) {
      before = from.rowsBefore();
      this.rowsWritten = 0;
      reloadKeyless(from);
    } else {
      before = from.rowsBefore();
      this.rowsWritten = from.rowsWritten();
      this.lastKey = KeyCodec.encode(from.lastKey());
      this.sourceRows = Math.max(0, from.sourceRows());
      this.sourceDigest = from.sourceDigest() == null ? 0
          : Long.parseUnsignedLong(from.sourceDigest(), 16);
    }
    if (ranged != null) {
      synchronized (ranged) {
        if (!ranged.started()) {
          startTable(ranged, from, deferIndexes);
        }
      }
      this.rowsBefore = ranged.rowsBefore();
      this.deferred = ranged.deferred();
    } else {
      this.rowsBefore = before;
      this.deferred = table.isFixup() ? List.of()
          : deferIndexes(deferIndexes && ownsConnection && rowsBefore == 0);
    }
    if (from == null && ownsConnection) {
      // the checkpoint row exists before the first chunk, so every chunk updates a row by key:
      // inserting it with the first chunk took InnoDB gap locks on which parallel loads deadlocked
      retrying(() -> {
        state.save(connection, runId, table.unit(), null, 0, rowsBefore, false, 0,
            RowDigest.text(0));
        if (merge != null) {
          merge.start(connection);
        }
        connection.commit();
      });
    }
  }

  /**
   * The first range of a table to start in this process: counts the rows the table held before
   * the run (a new run; a resume reads them from the checkpoint) and records a checkpoint row for
   * every range of the table in one transaction, so that a resume finds them all with the same
   * count; then drops the table's plain indexes once for all its ranges.
   */
  private void startTable(RangedLoad ranged, Checkpoint from, boolean deferIndexes)
      throws SQLException {
    long counted = from != null ? from.rowsBefore() : target.count(connection, table);
    if (from == null) {
      retrying(() -> {
        for (String unit : RangedLoad.units(table)) {
          state.save(connection, runId, unit, null, 0, counted, false, 0, RowDigest.text(0));
        }
        connection.commit();
      });
    }
    ranged.start(counted, deferIndexes(deferIndexes && counted == 0));
  }

  private List<DeferrableIndex> deferIndexes(boolean dropMore) throws SQLException {
    return IndexDeferral.defer(target, connection, state, runId, table, dropMore);
  }

  /** A keyless table cannot continue mid-way: reload it whole, if this run created its rows. */
  private void reloadKeyless(Checkpoint from) throws SQLException {
    if (from.rowsBefore() != 0) {
      throw new FerryException(ErrorCode.REFUSED, "cannot resume " + table.target() + ": it has no"
          + " primary or unique key, so it must be reloaded whole, but it held " + from.rowsBefore()
          + " rows before this run and ferry deletes only rows it wrote. Restore the table or"
          + " start a new run with --truncate-target.");
    }
    try (Statement s = connection.createStatement()) {
      // the table's own rows only: never an inheritance child's (PostgreSQL)
      s.executeUpdate(dialect.deleteAllSql(table.target()));
    }
  }

  @Override
  public void write(Chunk chunk) {
    for (Object[] row : chunk.rows()) {
      for (int i : nulled) {
        row[i] = null;
      }
    }
    java.util.concurrent.Future<?> watch = target.lockWaits().watch(table.target());
    try {
      retrying(() -> writeOnce(chunk));
    } catch (SQLException e) {
      if (dialect.isLockTimeout(e)) {
        throw target.lockTimeout(table.target(), e);
      }
      throw new FerryException(ErrorCode.UNEXPECTED, "writing " + table.unit() + " to "
          + target.describe() + " failed after " + rowsWritten + " rows (chunk of "
          + chunk.size() + " rows ending at key " + KeyCodec.encode(chunk.lastKey()) + "): "
          + target.failure("", e).getMessage().replaceFirst("^ on .*? failed: ", ""), e);
    } finally {
      watch.cancel(false);
    }
  }

  /** Writes a chunk and its checkpoint in one transaction; counts it once it committed. */
  private void writeOnce(Chunk chunk) throws SQLException {
    MergeRows.Classified merged = null;
    RemapRows.Written remapped = null;
    // the files of the chunk's rows, committed once the merge decided which rows the target takes
    dev.ferry.rows.AfterMerge after = chunk.afterMerge();
    if (journal != null) {
      journal.begin();
    }
    if (remap != null) {
      chunk = new Chunk(chunk.rows().stream().map(Object[]::clone).toList(), chunk.lastKey(),
          chunk.digest());
    }
    boolean keysRemapped = remap != null && remap.remapsKeys() && !table.isFixup();
    if (remap != null && !keysRemapped) {
      remap.translate(connection, chunk.rows());
    }
    if (table.isFixup()) {
      // a journaled fix-up may meet rows that existed (a merge): it reads their columns in its
      // transaction and writes the rows that differ, to NULL too; into rows the run inserted
      // with the columns NULL, the others need no read
      List<Object[]> rows = journal != null ? journal.fixup(connection, chunk.rows())
          : FixupRows.updated(table, chunk);
      FixupRows.update(connection, sql, table, dialect, rows);
    } else if (keysRemapped) {
      remapped = remap.load(connection, chunk.rows(), this::insertRows);
      merged = remapped.merged();
      if (merge != null) {
        merge.record(connection, merged);
      }
    } else if (merge != null) {
      // the target's rows of the chunk are read in the transaction that writes over them
      merged = merge.write(connection, chunk, this::insertRows);
    } else {
      insertRows(chunk);
    }
    if (remap != null) {
      remap.record(connection);
    }
    if (after != null) {
      after.decided(MergeRows.keptTarget(chunk.rows(), merged));
    }
    if (journal != null) {
      if (!table.isFixup()) {
        journal.chunk(remapped != null ? remapped.inserted() : merged != null ? merged.inserts()
            : chunk.rows(), merged);
      }
      // where a rollback of the table from this batch on rewinds the unit to
      journal.flush(connection, table.isFixup() ? null : new JournalBoundary(lastKey,
          rowsWritten, sourceRows, RowDigest.text(sourceDigest),
          merge == null ? null : merge.fates()).json());
    }
    // rowsWritten counts inserted rows: the target then holds rowsBefore + rowsWritten
    long written = rowsWritten + (table.isFixup() ? 0
        : merged != null ? merged.fates().inserted() : chunk.size());
    String key = chunk.lastKey() != null ? KeyCodec.encode(chunk.lastKey()) : lastKey;
    long read = sourceRows + chunk.size();
    long digest = sourceDigest + chunk.digest();
    state.save(connection, runId, table.unit(), key, written, rowsBefore, false, read,
        RowDigest.text(digest));
    if (ownsConnection) {
      connection.commit();
    }
    rowsWritten = written;
    if (journal != null) {
      journal.committed();
    }
    if (merge != null && merged != null) {
      // a remapped table always has a ledger (MergePlan.ledgerRows): it meets fail, or its mode
      merge.committed();
    }
    if (remap != null) {
      remap.committed();
    }
    if (remapped != null) {
      keys = keys.plus(remapped.mapped(), remapped.generated(), remapped.matched());
    }
    lastKey = key;
    sourceRows = read;
    sourceDigest = digest;
  }

  private void insertRows(List<Object[]> rows) throws SQLException {
    insertRows(new Chunk(rows, null));
  }

  private void insertRows(Chunk chunk) throws SQLException {
    if (copy) {
      ChunkInserts.copy(connection, sql, chunk);
    } else {
      ChunkInserts.insert(connection, sql, table, dialect, chunk);
    }
  }

  @Override
  public Fates fates() {
    return merge == null ? null : merge.fates().withTargetRowsBefore(rowsBefore,
        table.rowFilter() != null);
  }

  @Override
  public RunReport.Keys keys() {
    return keys;
  }

  /** Work on this writer's connection, committed by the work itself when the writer owns it. */
  private interface Transaction {
    void run() throws SQLException;
  }

  /**
   * Runs a transaction; when the server rolls it back for a deadlock or a serialization failure
   * (SQLState class 40), runs it again, up to {@link #ATTEMPTS} times. Only on the writer's own
   * session: a shared group transaction cannot be replayed piecemeal.
   */
  private void retrying(Transaction work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        return;
      } catch (SQLException e) {
        rollbackQuietly();
        boolean rolledBack = e.getSQLState() != null && e.getSQLState().startsWith("40");
        if (!ownsConnection || attempt >= ATTEMPTS || !rolledBack) {
          throw e;
        }
        LOG.debug("{}: transaction rolled back by the server ({}), running it again",
            table.unit(), e.getMessage());
        pause(attempt);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(50L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void finish() {
    if (ranged == null) {
      finish(deferred);
      return;
    }
    synchronized (ranged) {
      // the range that finishes last re-creates the table's indexes, with its done checkpoint
      finish(ranged.finishingLast() ? deferred : List.of());
      ranged.finished();
    }
  }

  private void finish(List<DeferrableIndex> deferred) {
    try {
      IndexDeferral.recreate(connection, state, runId, table, deferred);
      state.save(connection, runId, table.unit(), lastKey, rowsWritten, rowsBefore, true,
          sourceRows, RowDigest.text(sourceDigest));
      if (ownsConnection) {
        connection.commit();
      }
    } catch (SQLException e) {
      rollbackQuietly();
      if (dialect.isLockTimeout(e)) {
        throw target.lockTimeout(table.target(), e);
      }
      throw target.failure("completing " + table.unit(), e);
    }
  }

  @Override
  public void close() {
    if (merge != null) {
      merge.close();
    }
    if (!ownsConnection) {
      return;
    }
    try {
      connection.rollback();
      connection.close();
    } catch (SQLException ignored) {
      // everything that matters was committed with its checkpoint
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the failure being reported is the one that matters
    }
  }

  private List<String> targetColumns() {
    return table.columns().stream().map(c -> dialect.quote(c.targetName())).toList();
  }

  private String copySql() {
    return "COPY " + dialect.qualify(table.target()) + " (" + String.join(", ", targetColumns())
        + ") FROM STDIN";
  }

  private String insertSql(boolean overrideIdentity) {
    List<String> placeholders = table.columns().stream()
        .map(c -> dialect.placeholder(c.targetType())).toList();
    return dialect.insertSql(table.target(), targetColumns(), placeholders, overrideIdentity);
  }
}
