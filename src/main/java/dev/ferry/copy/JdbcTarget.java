package dev.ferry.copy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.Dialect;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import dev.ferry.rows.TargetWriter;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes into a database: one connection per table being loaded, each chunk committed together
 * with its checkpoint row and its journal (docs/rollback.md) in ferry's state tables.
 */
final class JdbcTarget implements TargetWriter {

  private final ConnectionSpec spec;
  private final Dialect dialect;
  private final Map<TableName, List<String>> sessionStatements;
  private final Set<TableName> overrideIdentity;
  private final Map<String, List<ValueKind>> keyKinds;
  private final boolean deferIndexes;
  private final OwnRows ownRows;
  private final long lockTimeoutMillis;
  private final Connection control;
  private final StateStore state;
  private final LockWaits lockWaits;
  private final TargetRepair repair;
  private final List<String> notes = new java.util.ArrayList<>();
  private final MergePlan merges;
  /** The id map, when tables are remapped; else null. */
  private final IdMap idMap;
  private final RowJournal journal; // the before-image journal (docs/rollback.md)
  private String runId;
  private Connection group;
  /** The tables loading as key ranges, and what each one's ranges share. */
  private final RangedLoad.Tables ranged = new RangedLoad.Tables();

  /**
   * @param sessionStatements per target table, statements run on its load session first
   *     (relaxing FK checks, silencing triggers)
   * @param overrideIdentity target tables whose ALWAYS identity columns receive values
   * @param keyKinds per unit, the kinds of its key columns, to read checkpoint keys back
   * @param deferIndexes whether tables empty when their load starts have their plain indexes
   *     dropped first and re-created after the load
   * @param partitioned target tables that are partitioned parents (their rows are their
   *     partitions'), to count what a load wrote
   * @param lockTimeoutMillis how long every session waits for a lock another session holds
   * @param setAside foreign keys set aside when the run begins, restored by {@link
   *     #restoreConstraints} after the load
   * @param merges the tables merged into the target's rows
   */
  JdbcTarget(ConnectionSpec spec, Dialect dialect, Map<TableName, List<String>> sessionStatements,
      Set<TableName> overrideIdentity, Map<String, List<ValueKind>> keyKinds,
      boolean deferIndexes, Set<TableName> partitioned, long lockTimeoutMillis,
      List<CopyPlan.SetAside> setAside, MergePlan merges) {
    this.spec = spec;
    this.merges = merges;
    this.dialect = dialect;
    this.sessionStatements = Map.copyOf(sessionStatements);
    this.overrideIdentity = Set.copyOf(overrideIdentity);
    this.keyKinds = Map.copyOf(keyKinds);
    this.deferIndexes = deferIndexes;
    this.ownRows = new OwnRows(dialect, partitioned, merges);
    this.lockTimeoutMillis = lockTimeoutMillis;
    this.lockWaits = new LockWaits(spec, dialect, lockTimeoutMillis);
    this.control = Connections.open(spec, dialect, false, lockTimeoutMillis);
    try {
      this.state = new StateStore(dialect, control);
      this.journal = new RowJournal(dialect, control);
    } catch (SQLException e) {
      throw failure("reading the target's state", e);
    }
    this.repair = new TargetRepair(this, control, dialect, state, List.copyOf(setAside));
    try {
      this.idMap = merges.remap().isEmpty() ? null
          : new IdMap(dialect, IdMap.table(dialect, control), merges.tenant());
    } catch (SQLException e) {
      throw failure("reading the target's state", e);
    }
  }

  /** See {@link TargetRepair#setAsideBy}. */
  String setAsideBy(String run) { return repair.setAsideBy(run); }

  /** What the report should say about this run's work on the target beyond its rows. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  Dialect dialect() { return dialect; }

  Connection control() { return control; }

  /** ferry's state tables on this target. */
  StateStore state() { return state; }

  /** A new read-only connection to the target, for checks that run beside the load. */
  Connection openReader() throws SQLException {
    return Connections.open(spec, dialect, true, lockTimeoutMillis);
  }

  /** The run lock's own connection: it holds the lock until it is closed. */
  Connection openLockSession() {
    return Connections.open(spec, dialect, false, lockTimeoutMillis);
  }

  /** Runs ferry's run table lists as running, for a message; empty when it has none. */
  List<String> runningRuns() {
    try {
      return state.exists(control) ? state.running(control) : List.of();
    } catch (SQLException e) {
      return List.of();
    }
  }

  List<TableName> stateTables() {
    List<TableName> tables = new java.util.ArrayList<>(state.tables());
    tables.addAll(List.of(journal.rows(), journal.tables()));
    if (idMap != null) {
      tables.addAll(idMap.tables());
    }
    return tables;
  }

  @Override
  public String describe() {
    return spec.describe();
  }

  /** Lock waits on this target: notices while a write waits, the failure when one ran out. */
  LockWaits lockWaits() {
    return lockWaits;
  }

  /** The failure of a lock wait on {@code table} that ran out of --lock-timeout. */
  FerryException lockTimeout(TableName table, SQLException e) {
    return lockWaits.timedOut(table, e);
  }

  @Override
  public Optional<String> unfinishedRun(String planFingerprint) {
    return runs(() -> state.unfinishedRun(control, planFingerprint));
  }

  @Override
  public Optional<String> runToResume(String planFingerprint) {
    return runs(() -> state.runToResume(control, planFingerprint));
  }

  /** A question to ferry's run table: empty while it does not exist. */
  private Optional<String> runs(RunQuery query) {
    try {
      return state.exists(control) ? query.call() : Optional.empty();
    } catch (SQLException e) {
      throw failure("reading ferry's run table", e);
    }
  }

  private interface RunQuery { Optional<String> call() throws SQLException; }

  @Override
  public Optional<String> planOf(String run) {
    return runs(() -> state.planOf(control, run));
  }

  @Override
  public Map<String, Checkpoint> checkpoints(String run) {
    return ranged.resumed(CheckpointReader.read(this, state, keyKinds, run));
  }

  /** The tables loading as key ranges. */
  RangedLoad.Tables ranged() { return ranged; }

  /** Joins run {@code run}, begun elsewhere, to write some of its steps (docs/spark.md). */
  void attach(String run) { this.runId = run; ranged.attached(); }

  /** See {@link TargetRepair#restoreAllIndexes}. */
  void restoreAllIndexes() {
    repair.restoreAllIndexes(runId);
  }

  @Override
  public void beginRun(RunHeader run) {
    this.runId = run.runId();
    try {
      state.create(control);
      journal.create(control, state);
      if (idMap != null) {
        idMap.create(control, state);
      }
      if (merges.merging()) {
        // only a run that merges needs (and the privileges on) the merges' progress
        state.create(control, state.mergeProgress().table(), state.mergeProgress().columnsDdl());
        state.addMissing(control, state.mergeProgress().table(), MergeProgress.DELETED, "BIGINT");
      }
      state.startRun(control, run);
      ranged.record(control, dialect, state, runId);
    } catch (SQLException e) {
      throw failure("recording the run in ferry's state tables", e);
    }
    repair.beginRun(runId, n -> notes.add(spec.redact(n)));
  }

  /** See {@link TargetRepair#restoreConstraints}. */
  List<SetAsideConstraints.Restored> restoreConstraints() {
    return repair.restoreConstraints(runId, notes);
  }

  /** See {@link TargetRepair#afterFailure}. */
  String afterFailure() {
    return repair.afterFailure(runId);
  }

  /** The indexes this run dropped for a unit and has not re-created yet. */
  List<DeferrableIndex> deferredIndexes(String unit) {
    return repair.deferredIndexes(runId, unit);
  }

  @Override
  public void verifyDone(TablePlan table, Checkpoint checkpoint) {
    if (table.isFixup() || table.range() != null) {
      // a range's table is counted as a whole, by the resume's check before anything is written
      return;
    }
    long present = count(control, table);
    if (!ownRows.holds(present, table, checkpoint)) {
      throw new FerryException(ErrorCode.REFUSED, "cannot resume: " + table.target() + " holds "
          + present + " rows, but run " + runId + " recorded " + checkpoint.rowsWritten()
          + " written onto " + checkpoint.rowsBefore() + " present before. Someone changed the"
          + " table since; start a new run with --truncate-target.");
    }
  }

  @Override
  public Fates committedFates(TablePlan table) {
    if (merges.ledgerRows(table) == null) {
      return null;
    }
    try {
      MergeProgress.Saved saved = state.mergeProgress().read(control, runId, table.unit());
      return saved == null ? null : saved.fates();
    } catch (SQLException e) {
      throw failure("reading the merge's progress of " + table.unit(), e);
    }
  }

  @Override
  public void beginGroup(List<TablePlan> tables) {
    try {
      group = newSession(tables.get(0).target());
      for (TablePlan t : tables.subList(1, tables.size())) {
        runSession(group, t.target());
      }
      try (Statement s = group.createStatement()) {
        s.execute("SET CONSTRAINTS ALL DEFERRED");
      } catch (SQLException e) {
        group.rollback();
        // engines without SET CONSTRAINTS defer through their declarations (SQLite)
      }
    } catch (SQLException e) {
      throw failure("opening a transaction for a deferred cycle", e);
    }
  }

  @Override
  public void endGroup() {
    try {
      group.commit();
      group.close();
    } catch (SQLException e) {
      throw failure("committing a deferred cycle (a deferred foreign key failed at commit)", e);
    } finally {
      group = null;
    }
  }

  @Override
  public TableWriter open(TablePlan table, Checkpoint from) {
    try {
      Connection c = group != null ? group : newSession(table.target());
      MergeRows rows = merges.ledgerRows(table);
      MergeLedger merge = rows == null ? null : new MergeLedger(rows, table.unit(),
          merges.audit(), state.mergeProgress(), runId,
          state.mergeProgress().read(c, runId, table.unit()));
      return new JdbcTableWriter(this, c, group == null, table, from, runId, state,
          overrideIdentity.contains(table.target()), deferIndexes, merge,
          merges.remap().touches(table) ? new RemapRows(table, merges.remap(), idMap, runId, false)
              : null, journal(table, c));
    } catch (SQLException e) {
      throw dialect.isLockTimeout(e) ? lockTimeout(table.target(), e)
          : failure("opening " + table.target() + " for writing", e);
    }
  }

  @Override
  public void sweepChildren(TablePlan table, java.util.function.Function<TablePlan,
      dev.ferry.rows.ChunkCursor> read) {
    ChildrenSweep sweep = merges.sweep(table.unit());
    try (Connection c = sweep == null ? null : newSession(table.target())) {
      if (sweep != null) {
        sweep.write(c, read, merges.audit(), state.mergeProgress(), runId, idMap,
            journal(table, c));
      }
    } catch (SQLException e) {
      throw failure("deleting the rows of " + table.unit() + " that the source lacks", e);
    }
  }

  private JournalWriter journal(TablePlan table, Connection c) throws SQLException {
    return JournalWriter.open(journal, merges.journal(table.unit()),
        merges.fixupReads(table.unit()), runId, merges.tenant(), c);
  }

  /** A new load session for {@code table}: its session statements run, not auto-committing. */
  Connection newSession(TableName table) throws SQLException {
    Connection c = Connections.open(spec, dialect, false, lockTimeoutMillis);
    runSession(c, table);
    c.setAutoCommit(false);
    return c;
  }

  private void runSession(Connection c, TableName table) throws SQLException {
    List<String> statements = new java.util.ArrayList<>(dialect.loadSessionStatements());
    statements.addAll(sessionStatements.getOrDefault(table, List.of()));
    statements.addAll(dialect.identityInsertOn(table));
    for (String sql : statements) {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }

  /** See {@link OwnRows#count}. */
  long count(Connection c, TablePlan table) {
    try {
      return ownRows.count(c, table);
    } catch (SQLException e) {
      throw dialect.isLockTimeout(e) ? lockTimeout(table.target(), e)
          : failure("counting " + table.target(), e);
    }
  }

  OwnRows ownRows() { return ownRows; }

  /** Whether tables empty when their load starts have their plain indexes dropped first. */
  boolean defersIndexes() { return deferIndexes; }

  @Override
  public void endRun(RunHeader run, String status) {
    try {
      state.endRun(control, run.runId(), status);
    } catch (SQLException e) {
      throw failure("recording the end of the run", e);
    }
  }

  FerryException failure(String what, SQLException e) {
    return new FerryException(ErrorCode.UNEXPECTED, what + " on " + spec.describe() + " failed: "
        + spec.redact(e.getMessage()) + (e.getSQLState() == null ? ""
            : " [SQLState " + e.getSQLState() + "]")
        + (dialect.isLockTimeout(e) ? ". It waited longer than --lock-timeout (" + lockTimeoutMillis
            + " ms) for a lock another session holds; let it finish or raise --lock-timeout" : ""),
        e);
  }

  @Override
  public void close() {
    lockWaits.close();
    if (idMap != null) {
      idMap.close(control);
    }
    try {
      control.close();
    } catch (SQLException ignored) {
      // nothing uncommitted lives on the control connection
    }
  }
}
