package dev.ferry.copy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RollbackRequest;
import dev.ferry.api.RollbackResult;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code ferry rollback} (docs/rollback.md): undoes what a run wrote into a database from its
 * before-image journal, under the target's run lock. Before changing anything it refuses (exit
 * 4) while another run holds that lock, a run that a later run of the
 * same tenant journaled the same tables after, and rows changed since the run (their after-hash
 * differs, a deleted row's key is taken again), unless forced. Then, table by table in reverse
 * load order and within a table in reverse order of writing, each page of journal entries is
 * undone and consumed in one transaction, so a killed rollback run again continues where it
 * stopped; last, the run's id map pairs, checkpoints and merge progress go, and the run is
 * recorded {@code rolled-back}.
 */
public final class Rollback {

  /** How many changed rows a refusal names. */
  static final int SHOWN = 10;

  final RollbackRequest request;
  final ConnectionSpec spec;
  final Dialect dialect;
  final Connection c;
  final StateStore state;
  final RowJournal journal;
  private final JournalPages pages;
  /** The target's catalog of the journaled tables' schemas, once {@link #tables} read it. */
  Catalog catalog;

  private Rollback(RollbackRequest request, Dialect dialect, Connection c) throws SQLException {
    this.request = request;
    this.spec = request.target().spec();
    this.dialect = dialect;
    this.c = c;
    this.state = new StateStore(dialect, c);
    this.journal = new RowJournal(dialect, c);
    this.pages = new JournalPages(journal, request.runId(), request.tenant());
  }

  /**
   * Rolls a run back (or, in a dry run, says what it would undo).
   *
   * @throws FerryException {@link ErrorCode#INPUT} for a run the target does not know, {@link
   *     ErrorCode#REFUSED} for rows changed since the run or a later run (without {@code force})
   */
  public static RollbackResult run(RollbackRequest request) {
    ConnectionSpec spec = request.target().spec();
    Dialect dialect = Dialects.forUrl(spec.url());
    try (Connection c = Connections.open(spec, dialect, request.dryRun());
        Connection lock = Connections.open(spec, dialect, false)) {
      dev.ferry.dialect.LockAttempt held = runLock(request, dialect, lock);
      c.setAutoCommit(false);
      try {
        return new Rollback(request, dialect, c).run();
      } finally {
        c.rollback();
        try {
          held.release().close();
        } catch (Exception e) {
          // closing the lock's session releases it too
        }
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "rolling back run " + request.runId()
          + " on " + spec.describe() + " failed: " + spec.redact(e.getMessage())
          + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]")
          + ". What was undone is committed; run the same rollback again to continue.", e);
    }
  }

  /**
   * Takes the target's run lock ({@link RunGuard}) for the rollback, on its own session: a copy
   * writing into the target meanwhile would have its rows taken for changed ones, or undone
   * under it. Held by another run, the rollback is refused before it reads anything.
   */
  private static dev.ferry.dialect.LockAttempt runLock(RollbackRequest request, Dialect dialect,
      Connection lock) throws SQLException {
    String tenant = request.tenant().isEmpty() ? null : request.tenant();
    dev.ferry.dialect.LockAttempt attempt = RunGuard.tryLock(dialect, lock, RunGuard.holder(
        "ferry rollback of run " + request.runId() + (tenant == null ? "" : " of tenant "
            + tenant)), tenant);
    if (attempt.isTaken()) {
      return attempt;
    }
    throw new FerryException(ErrorCode.REFUSED, "refused to roll back run " + request.runId()
        + ", nothing changed: " + (attempt.refusal() != null ? attempt.refusal()
            : "another ferry run holds " + request.target().spec().describe() + ": "
                + attempt.heldBy()) + ". Wait until that run ends, then roll back again.");
  }

  private RollbackResult run() throws SQLException {
    String runId = request.runId();
    if (!state.exists(c) || state.planOf(c, runId).isEmpty()) {
      throw new FerryException(ErrorCode.INPUT, "--run " + runId + ": " + spec.describe()
          + " has no run " + runId + " in ferry's state tables. Give the runId of the run's"
          + " run-report.json, and the target it wrote into.");
    }
    List<JournaledTable> tables = state.exists(c, journal.tables()) ? tables() : List.of();
    if (request.partial()) {
      return new PartialRollback(this, tables).run();
    }
    if (tables.isEmpty() && hasCheckpoints(runId)) {
      // a run that wrote (its checkpoints stand: no rollback removed them) without a journal
      throw new FerryException(ErrorCode.REFUSED, "--run " + runId + " is a plain copy, which"
          + " keeps no journal (only runs with a merge mode or a key policy do: docs/rollback.md);"
          + " nothing was changed. Empty its tables to undo it, or copy again with --merge.");
    }
    if (tables.isEmpty()) {
      if (!request.dryRun()) {
        finish();
      }
      return new RollbackResult(runId, request.tenant(), "nothing-to-undo", List.of(),
          List.of());
    }
    List<String> problems = new ArrayList<>(laterRuns(tables));
    List<String> changed = new ArrayList<>();
    long count = 0;
    for (JournaledTable t : tables) {
      count += pages.check(c, t, changed, SHOWN);
    }
    if (count > 0) {
      problems.add(count + " row" + (count == 1 ? " was" : "s were") + " changed since run "
          + runId + " wrote " + (count == 1 ? "it" : "them") + " (first " + changed.size()
          + "):\n      " + String.join("\n      ", changed));
    }
    if (!problems.isEmpty() && !request.force()) {
      throw new FerryException(ErrorCode.REFUSED, "refused to roll back run " + runId
          + (request.tenant().isEmpty() ? "" : " of tenant " + request.tenant())
          + ", nothing changed (" + problems.size() + " problem" + (problems.size() == 1 ? ""
              : "s") + "):\n  - " + String.join("\n  - ", problems)
          + "\n  Undoing would overwrite those changes. Roll back the later run first, or add"
          + " --force to undo this run's rows anyway (the changed rows are then overwritten or"
          + " deleted too).");
    }
    List<RollbackResult.Table> done = new ArrayList<>();
    if (request.dryRun()) {
      for (JournaledTable t : tables) {
        done.add(pages.counts(c, t));
      }
      return new RollbackResult(runId, request.tenant(), "dry-run", done, changed);
    }
    state.endRun(c, runId, "rolling-back");
    c.commit();
    for (JournaledTable t : tables) {
      done.add(pages.undo(c, t, request.force()));
    }
    finish();
    return new RollbackResult(runId, request.tenant(), StateStore.ROLLED_BACK, done, changed);
  }

  /** The run's journaled tables (of its tenant), in reverse load order. */
  List<JournaledTable> tables() throws SQLException {
    record Row(String name, int position, String columns, String keys, String encodings) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("table_name") + ", "
        + q("position") + ", " + q("columns") + ", " + q("key_columns") + ", " + q("encodings")
        + " FROM " + dialect.qualify(journal.tables()) + " WHERE " + q("run_id") + " = ? AND "
        + q("tenant") + " = ?")) {
      RowJournal.bind(ps, request.runId(), request.tenant());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getInt(2), rs.getString(3),
              rs.getString(4), rs.getString(5)));
        }
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    TreeSet<String> schemas = new TreeSet<>();
    rows.forEach(r -> {
      TableName name = JournaledTable.tableOf(r.name(), r.columns(), r.keys());
      schemas.add(name.schema() == null ? "" : name.schema());
    });
    catalog = new CatalogReader(c, dialect).read(schemas.contains("") ? List.of()
        : List.copyOf(schemas), TableFilter.all(), false);
    List<JournaledTable> tables = new ArrayList<>();
    for (Row r : rows) {
      tables.add(new JournaledTable(dialect, r.name(), r.position(), r.columns(), r.keys(),
          r.encodings(), name -> catalog.table(name).orElseThrow(() -> new FerryException(
              ErrorCode.REFUSED, "cannot roll back run " + request.runId() + ": its table "
                  + name + " is gone from " + spec.describe() + ".  Nothing changed."))));
    }
    tables.sort(Comparator.comparingInt((JournaledTable t) -> t.position).reversed());
    return tables;
  }

  /** Later runs of the tenant that journaled any of these tables and were not rolled back. */
  List<String> laterRuns(List<JournaledTable> tables) throws SQLException {
    String started = startedAt(request.runId());
    Map<String, TreeSet<String>> later = new TreeMap<>();
    // by table: a run that loaded a table as key ranges journaled each range apart
    List<String> names = tables.stream().map(t -> JournalShape.withoutRange(t.journalName))
        .toList();
    try (PreparedStatement ps = c.prepareStatement("SELECT j." + q("run_id") + ", j."
        + q("table_name") + ", r." + q("started_at") + " FROM " + dialect.qualify(journal.tables())
        + " j JOIN " + dialect.qualify(dialect.stateTable(c, "run")) + " r ON r." + q("run_id")
        + " = j." + q("run_id") + " WHERE j." + q("tenant") + " = ? AND j." + q("run_id")
        + " <> ?")) {
      RowJournal.bind(ps, request.tenant(), request.runId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String at = rs.getString(3);
          if (names.contains(JournalShape.withoutRange(rs.getString(2))) && at != null
              && started != null
              && at.compareTo(started) > 0) {
            later.computeIfAbsent(rs.getString(1), r -> new TreeSet<>()).add(rs.getString(2));
          }
        }
      }
    }
    List<String> problems = new ArrayList<>();
    later.forEach((run, t) -> problems.add("run " + run + " (started after " + request.runId()
        + ") wrote " + String.join(", ", t) + " since: roll it back first"));
    return problems;
  }

  private String startedAt(String runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + q("started_at") + " FROM "
        + dialect.qualify(dialect.stateTable(c, "run")) + " WHERE " + q("run_id") + " = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * The run's traces besides its rows, once every row is undone: its id map pairs, checkpoints
   * and merge progress, its journal's tables; then the run is recorded rolled back. One
   * transaction.
   */
  private void finish() throws SQLException {
    String runId = request.runId();
    TableName texts = IdMap.table(dialect, c);
    for (TableName map : List.of(texts, IdMapTables.integerTable(texts))) {
      if (state.exists(c, map)) {
        StateStore.update(c, "DELETE FROM " + dialect.qualify(map) + " WHERE " + q("run_id")
            + " = ? AND " + q("tenant") + " = ?", runId, request.tenant());
      }
    }
    for (String base : List.of("checkpoint", "merge_progress")) {
      TableName table = dialect.stateTable(c, base);
      if (state.exists(c, table)) {
        StateStore.update(c, "DELETE FROM " + dialect.qualify(table) + " WHERE " + q("run_id")
            + " = ?", runId);
      }
    }
    if (state.exists(c, journal.tables())) {
      // what is left: the batches' checkpoint boundaries (RowJournal.BOUNDARY)
      StateStore.update(c, "DELETE FROM " + dialect.qualify(journal.rows()) + " WHERE "
          + q("run_id") + " = ? AND " + q("tenant") + " = ?", runId, request.tenant());
      StateStore.update(c, "DELETE FROM " + dialect.qualify(journal.tables()) + " WHERE "
          + q("run_id") + " = ? AND " + q("tenant") + " = ?", runId, request.tenant());
    }
    state.endRun(c, runId, StateStore.ROLLED_BACK);
    c.commit();
  }

  String q(String identifier) {
    return dialect.quote(identifier);
  }

  /** Whether the run has checkpoints left: it wrote, and no rollback has undone it. */
  private boolean hasCheckpoints(String runId) throws SQLException {
    TableName table = dialect.stateTable(c, "checkpoint");
    if (!state.exists(c, table)) {
      return false;
    }
    try (var ps = c.prepareStatement("SELECT COUNT(*) FROM " + dialect.qualify(table) + " WHERE "
        + q("run_id") + " = ?")) {
      ps.setString(1, runId);
      try (var rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }
}
