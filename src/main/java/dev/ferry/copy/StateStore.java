package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.Dialect;
import dev.ferry.json.Json;
import dev.ferry.rows.RowDigest;
import dev.ferry.rows.RunHeader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ferry's state inside a database target: one row per run, one checkpoint row per unit, one row
 * per index a load dropped and has not re-created yet, and one per foreign key a load set aside
 * and has not restored yet. PostgreSQL and H2 keep them in a {@code ferry} schema; other engines
 * in {@code ferry_run}, {@code ferry_checkpoint}, {@code ferry_deferred_index} and {@code
 * ferry_deferred_constraint} tables beside the data. Checkpoint updates run on the caller's
 * connection and transaction, so they commit with the chunk they describe.
 */
final class StateStore {

  static final String ROLLED_BACK = "rolled-back"; // ferry rollback undid it: never resumed

  private final Dialect dialect;
  private final TableName runs;
  private final TableName checkpoints;
  private final TableName deferredIndexes;
  private final TableName deferredConstraints;
  private final MergeProgress mergeProgress;

  StateStore(Dialect dialect, Connection connection) throws SQLException {
    this.dialect = dialect;
    this.runs = dialect.stateTable(connection, "run");
    this.checkpoints = dialect.stateTable(connection, "checkpoint");
    this.deferredIndexes = dialect.stateTable(connection, "deferred_index");
    this.deferredConstraints = dialect.stateTable(connection, "deferred_constraint");
    this.mergeProgress = new MergeProgress(dialect, dialect.stateTable(connection,
        "merge_progress"));
  }

  /** The merged units' fates and audit lengths, saved with their checkpoints. */
  MergeProgress mergeProgress() {
    return mergeProgress;
  }

  TableName deferredIndexTable() {
    return deferredIndexes;
  }

  TableName deferredConstraintTable() {
    return deferredConstraints;
  }

  /** The state tables, which the copy itself never reads or writes as data. */
  List<TableName> tables() {
    return List.of(runs, checkpoints, deferredIndexes, deferredConstraints);
  }

  /**
   * Creates the state tables that do not exist yet, and only those: engines check the privilege
   * to create before they look whether the table exists (a principal may write, not create).
   */
  void create(Connection c) throws SQLException {
    String key = dialect.stateKeyType();
    String text = dialect.stateTextType();
    create(c, runs, q("run_id") + " " + key + " NOT NULL, "
        + q("plan_fingerprint") + " " + key + " NOT NULL, " + q("source") + " " + text + ", "
        + q("status") + " " + key + " NOT NULL, " + q("started_at") + " " + key + ", "
        + q("ended_at") + " " + key + ", " + q(KeyRanges.COLUMN) + " " + text + ", PRIMARY KEY ("
        + q("run_id") + ")");
    create(c, checkpoints, q("run_id") + " " + key
        + " NOT NULL, " + q("unit") + " " + key + " NOT NULL, " + q("last_key") + " " + text
        + ", " + q("rows_written") + " BIGINT NOT NULL, " + q("rows_before") + " BIGINT NOT NULL, "
        + q("done") + " INTEGER NOT NULL, " + q("source_rows") + " BIGINT, "
        + q("source_digest") + " " + key + ", PRIMARY KEY (" + q("run_id") + ", " + q("unit")
        + ")");
    // state tables an earlier ferry created lack what a resume checks the source against
    addMissing(c, checkpoints, "source_rows", "BIGINT");
    addMissing(c, checkpoints, "source_digest", key);
    create(c, deferredIndexes, q("run_id") + " " + key
        + " NOT NULL, " + q("unit") + " " + key + " NOT NULL, " + q("index_name") + " " + key
        + " NOT NULL, " + q("definition") + " " + text + " NOT NULL, PRIMARY KEY ("
        + q("run_id") + ", " + q("unit") + ", " + q("index_name") + ")");
    create(c, deferredConstraints, q("run_id") + " " + key + " NOT NULL, " + q("unit") + " "
        + key + " NOT NULL, " + q("table_schema") + " " + key + ", " + q("table_name") + " "
        + key + " NOT NULL, " + q("constraint_name") + " " + key + " NOT NULL, "
        + q("definition") + " " + text + " NOT NULL, " + q("unchecked_definition") + " " + text
        + " NOT NULL, " + q("foreign_key") + " " + text + " NOT NULL, PRIMARY KEY ("
        + q("run_id") + ", " + q("unit") + ", " + q("constraint_name") + ")");
  }

  /** Creates one state table (and its schema) where it does not exist yet; true when it did. */
  boolean create(Connection c, TableName table, String columnsDdl) throws SQLException {
    if (exists(c, table)) {
      return false;
    }
    boolean schemaExists = table.schema() == null || dialect.schemas(c).stream()
        .anyMatch(s -> s.equalsIgnoreCase(table.schema()));
    for (String sql : dialect.createStateTable(table, columnsDdl, schemaExists)) {
      execute(c, sql);
    }
    return true;
  }

  /** Adds a column that a state table an earlier ferry created lacks. */
  void addMissing(Connection c, TableName table, String column, String type)
      throws SQLException {
    if (!StateColumns.has(c, dialect, table, column)) {
      execute(c, "ALTER TABLE " + dialect.qualify(table) + " ADD " + q(column) + " " + type);
    }
  }

  /** Runs recorded as running (killed, or under way): id and start, for messages. */
  List<String> running(Connection c) throws SQLException {
    List<String> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("run_id") + ", "
        + q("started_at") + " FROM " + dialect.qualify(runs) + " WHERE " + q("status")
        + " = 'running' ORDER BY " + q("started_at") + " DESC")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1) + " (started " + rs.getString(2) + ")");
        }
      }
    }
    return result;
  }

  /**
   * Records a foreign key a load sets aside, on the caller's transaction (the one setting it
   * aside, where the engine's DDL is transactional), so that a killed run still knows how to
   * restore it.
   */
  void saveDeferred(Connection c, String runId, DeferredConstraint k, ForeignKey key)
      throws SQLException {
    update(c, "INSERT INTO " + dialect.qualify(deferredConstraints) + " (" + q("run_id") + ", "
        + q("unit") + ", " + q("table_schema") + ", " + q("table_name") + ", "
        + q("constraint_name") + ", " + q("definition") + ", " + q("unchecked_definition") + ", "
        + q("foreign_key") + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runId, k.table().qualified(),
        k.table().schema(), k.table().name(), k.name(), k.restore(), k.restoreUnchecked(),
        Json.compact(key));
  }

  /**
   * The target's catalog as it is once every foreign key set aside and not restored yet is back:
   * a plan made while a killed run left keys dropped (its resume, or the next run) then sees the
   * target as that run planned it, with the same fingerprint.
   */
  Catalog withSetAsideKeys(Connection c, Catalog target) throws SQLException {
    if (!exists(c, deferredConstraints)) {
      return target;
    }
    Map<TableName, List<ForeignKey>> missing = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + q("table_schema") + ", " + q("table_name")
            + ", " + q("foreign_key") + " FROM " + dialect.qualify(deferredConstraints))) {
      while (rs.next()) {
        ForeignKey key = Json.mapper().readValue(rs.getString(3), ForeignKey.class);
        missing.computeIfAbsent(new TableName(rs.getString(1), rs.getString(2)),
            t -> new ArrayList<>()).add(key);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("unreadable foreign key in " + deferredConstraints + ": "
          + e.getOriginalMessage(), e);
    } catch (SQLException e) {
      // a principal that may not read ferry's state is told so by the preflight, with the grant
      return target;
    }
    if (missing.isEmpty()) {
      return target;
    }
    List<Table> tables = new ArrayList<>();
    for (Table t : target.tables()) {
      List<ForeignKey> keys = new ArrayList<>(t.foreignKeys());
      for (ForeignKey k : missing.getOrDefault(t.name(), List.of())) {
        if (keys.stream().noneMatch(x -> x.name().equals(k.name()))) {
          keys.add(k);
        }
      }
      keys.sort(java.util.Comparator.comparing(ForeignKey::name)
          .thenComparing(k -> k.columns().toString()));
      tables.add(new Table(t.name(), t.kind(), t.columns(), t.primaryKey(), t.uniqueKeys(), keys,
          t.triggers(), t.parents(), t.hasChildren()));
    }
    return new Catalog(target.formatVersion(), target.engine(), target.database(),
        target.schemas(), target.filter(), tables, Json.fingerprint(tables));
  }

  /** Foreign keys set aside and not restored yet: by run id, in table and name order. */
  Map<String, List<DeferredConstraint>> deferredConstraints(Connection c) throws SQLException {
    Map<String, List<DeferredConstraint>> result = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + q("run_id") + ", " + q("table_schema") + ", "
            + q("table_name") + ", " + q("constraint_name") + ", " + q("definition") + ", "
            + q("unchecked_definition") + " FROM " + dialect.qualify(deferredConstraints)
            + " ORDER BY 1, " + q("unit") + ", 4")) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(
            new DeferredConstraint(new TableName(rs.getString(2), rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6)));
      }
    }
    return result;
  }

  /** Forgets a restored foreign key, on the caller's transaction. */
  void forgetDeferred(Connection c, String runId, DeferredConstraint k) throws SQLException {
    update(c, "DELETE FROM " + dialect.qualify(deferredConstraints) + " WHERE " + q("run_id")
        + " = ? AND " + q("unit") + " = ? AND " + q("constraint_name") + " = ?", runId,
        k.table().qualified(), k.name());
  }

  /** Records indexes a unit's load dropped, on the transaction dropping them (for a resume). */
  void saveDeferred(Connection c, String runId, String unit, List<DeferrableIndex> indexes)
      throws SQLException {
    for (DeferrableIndex index : indexes) {
      update(c, "INSERT INTO " + dialect.qualify(deferredIndexes) + " (" + q("run_id") + ", "
          + q("unit") + ", " + q("index_name") + ", " + q("definition") + ") VALUES (?, ?, ?, ?)",
          runId, unit, index.name(), index.definition());
    }
  }

  /** Indexes dropped and not yet re-created: by run id and unit, in name order. */
  Map<String, Map<String, List<DeferrableIndex>>> deferred(Connection c) throws SQLException {
    Map<String, Map<String, List<DeferrableIndex>>> result = new TreeMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + q("run_id") + ", " + q("unit") + ", "
            + q("index_name") + ", " + q("definition") + " FROM "
            + dialect.qualify(deferredIndexes) + " ORDER BY 1, 2, 3")) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getString(1), r -> new TreeMap<>())
            .computeIfAbsent(rs.getString(2), u -> new ArrayList<>())
            .add(new DeferrableIndex(rs.getString(3), rs.getString(4)));
      }
    }
    return result;
  }

  /** Forgets a unit's dropped indexes, on the caller's transaction (the one re-creating them). */
  void forgetDeferred(Connection c, String runId, String unit) throws SQLException {
    update(c, "DELETE FROM " + dialect.qualify(deferredIndexes) + " WHERE " + q("run_id")
        + " = ? AND " + q("unit") + " = ?", runId, unit);
  }

  boolean exists(Connection c) throws SQLException {
    return exists(c, runs);
  }

  /** Whether a state table exists (created by an earlier run, possibly of an older ferry). */
  boolean exists(Connection c, TableName table) throws SQLException {
    boolean catalogs = dialect.supports(dev.ferry.dialect.Capability.SCHEMAS_ARE_CATALOGS);
    try (ResultSet rs = c.getMetaData().getTables(catalogs ? table.schema() : null,
        catalogs ? null : table.schema(), table.name(), null)) {
      return rs.next();
    }
  }

  void startRun(Connection c, RunHeader run) throws SQLException {
    if (planOf(c, run.runId()).isPresent()) {
      update(c, "UPDATE " + dialect.qualify(runs) + " SET " + q("status") + " = ?, "
          + q("ended_at") + " = NULL WHERE " + q("run_id") + " = ?", "running", run.runId());
    } else {
      update(c, "INSERT INTO " + dialect.qualify(runs) + " (" + q("run_id") + ", "
          + q("plan_fingerprint") + ", " + q("source") + ", " + q("status") + ", "
          + q("started_at") + ") VALUES (?, ?, ?, ?, ?)", run.runId(), run.planFingerprint(),
          run.source(), "running", now());
    }
  }

  void endRun(Connection c, String runId, String status) throws SQLException {
    update(c, "UPDATE " + dialect.qualify(runs) + " SET " + q("status") + " = ?, " + q("ended_at")
        + " = ? WHERE " + q("run_id") + " = ?", status, now(), runId);
  }

  Optional<String> planOf(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("plan_fingerprint") + " FROM "
        + dialect.qualify(runs) + " WHERE " + q("run_id") + " = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  Optional<String> unfinishedRun(Connection c, String planFingerprint) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("run_id") + " FROM "
        + dialect.qualify(runs) + " WHERE " + q("plan_fingerprint") + " = ? AND " + q("status")
        + " NOT IN ('done', '" + ROLLED_BACK + "') ORDER BY " + q("started_at") + " DESC, " + q("run_id") + " DESC")) {
      ps.setString(1, planFingerprint);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The run a resume without an id continues: the latest unfinished run of the plan, else its
   * latest finished one. A run killed after it was recorded done but before the process ended
   * then resumes to done (every unit verified) instead of starting a new run that preflight
   * refuses because the target holds the rows.
   */
  Optional<String> runToResume(Connection c, String planFingerprint) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("run_id") + " FROM "
        + dialect.qualify(runs) + " WHERE " + q("plan_fingerprint") + " = ? AND " + q("status")
        + " <> '" + ROLLED_BACK + "' ORDER BY CASE WHEN "
        + q("status") + " = 'done' THEN 1 ELSE 0 END, " + q("started_at") + " DESC, "
        + q("run_id") + " DESC")) {
      ps.setString(1, planFingerprint);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** A run's checkpoints: unit → [last_key, rows_written, rows_before, done, source_rows
   * (-1 when not recorded), source_digest]. */
  Map<String, Object[]> checkpoints(Connection c, String runId) throws SQLException {
    Map<String, Object[]> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("unit") + ", " + q("last_key")
        + ", " + q("rows_written") + ", " + q("rows_before") + ", " + q("done") + ", "
        + q("source_rows") + ", " + q("source_digest") + " FROM "
        + dialect.qualify(checkpoints) + " WHERE " + q("run_id") + " = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long sourceRows = rs.getLong(6);
          result.put(rs.getString(1), new Object[] {rs.getString(2), rs.getLong(3), rs.getLong(4),
              rs.getInt(5) == 1, rs.wasNull() ? -1L : sourceRows, rs.getString(7)});
        }
      }
    }
    return result;
  }

  /**
   * Creates or replaces a unit's checkpoint, on the caller's transaction.
   *
   * @param sourceRows rows read from the source so far
   * @param sourceDigest their {@link RowDigest}, as text
   */
  void save(Connection c, String runId, String unit, String lastKey, long rowsWritten,
      long rowsBefore, boolean done, long sourceRows, String sourceDigest) throws SQLException {
    int updated = update(c, "UPDATE " + dialect.qualify(checkpoints) + " SET " + q("last_key")
        + " = ?, " + q("rows_written") + " = ?, " + q("rows_before") + " = ?, " + q("done")
        + " = ?, " + q("source_rows") + " = ?, " + q("source_digest") + " = ? WHERE "
        + q("run_id") + " = ? AND " + q("unit") + " = ?",
        lastKey, rowsWritten, rowsBefore, done ? 1 : 0, sourceRows, sourceDigest, runId, unit);
    if (updated == 0) {
      update(c, "INSERT INTO " + dialect.qualify(checkpoints) + " (" + q("run_id") + ", "
          + q("unit") + ", " + q("last_key") + ", " + q("rows_written") + ", " + q("rows_before")
          + ", " + q("done") + ", " + q("source_rows") + ", " + q("source_digest")
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", runId, unit, lastKey, rowsWritten,
          rowsBefore, done ? 1 : 0, sourceRows, sourceDigest);
    }
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      RowJournal.bind(ps, params);
      return ps.executeUpdate();
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
