package dev.ferry.copy;

import dev.ferry.api.RollbackRequest;
import dev.ferry.api.RollbackResult;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ferry rollback --table X [--from-batch N]} (docs/rollback.md): undoes the run's entries
 * of the named tables only, from batch N on, with the whole journal of each cycle fix-up that
 * sets a column of, or pointing at, one of them; then rewinds each table's checkpoint and merge
 * progress to the boundary kept with batch N ({@link JournalBoundary}), drops the fix-ups'
 * checkpoints (a resume runs them again, whole), and records the run {@link #STATUS}, which a
 * resume continues. The id map pairs of the rows it deletes go in the transaction deleting them.
 * Refuses, before any change, what the whole rollback refuses, and rows of other tables that
 * reference rows it would delete.
 */
final class PartialRollback {

  /** A run some of whose tables were rolled back: not complete, resumable. */
  static final String STATUS = "partly-rolled-back";

  private final Rollback r;
  private final RollbackRequest request;
  private final Dialect dialect;
  private final Connection c;
  private final List<JournaledTable> all;
  private final Map<String, String> units = new HashMap<>();

  PartialRollback(Rollback r, List<JournaledTable> all) {
    this.r = r;
    this.request = r.request;
    this.dialect = r.dialect;
    this.c = r.c;
    this.all = all;
  }

  RollbackResult run() throws SQLException {
    String runId = request.runId();
    if (all.isEmpty()) {
      return new RollbackResult(runId, request.tenant(), "nothing-to-undo", List.of(), List.of());
    }
    readUnits();
    List<JournaledTable> named = named();
    List<JournaledTable> fixups = all.stream().filter(t -> t.journalName.startsWith(
        JournalShape.FIXUP) && touches(t, named)).toList();
    Map<String, Long> from = new HashMap<>();
    named.forEach(t -> from.put(t.journalName, request.fromBatch()));
    List<JournaledTable> chosen = all.stream().filter(t -> named.contains(t)
        || fixups.contains(t)).toList();
    JournalPages pages = new JournalPages(r.journal, runId, request.tenant(), from,
        this::erasePairs);
    Map<JournaledTable, Long> boundaries = new LinkedHashMap<>();
    boolean left = false;
    for (JournaledTable t : chosen) {
      Long first = firstBatch(t, false);
      left |= first != null;
      if (fixups.contains(t)) {
        continue;
      }
      Long mark = firstBatch(t, true);
      if (first != null && (mark == null || mark > first)) {
        throw new FerryException(ErrorCode.REFUSED, "cannot roll back " + t.name + " of run "
            + runId + " from batch " + request.fromBatch() + ": its journal keeps no checkpoint"
            + " boundary at batch " + first + " (a journal of an earlier ferry, or a children:"
            + " replace sweep's deletions), so its checkpoint could not be rewound. Nothing"
            + " changed. Roll back the whole run (leave out --table) instead.");
      }
      if (mark != null) {
        boundaries.put(t, mark);
      }
    }
    if (!left && boundaries.isEmpty()) {
      return new RollbackResult(runId, request.tenant(), "nothing-to-undo", List.of(), List.of());
    }
    List<String> problems = new ArrayList<>(r.laterRuns(chosen));
    List<String> changed = new ArrayList<>();
    long count = 0;
    for (JournaledTable t : chosen) {
      count += pages.check(c, t, changed, Rollback.SHOWN);
    }
    if (count > 0) {
      problems.add(count + " row" + (count == 1 ? " was" : "s were") + " changed since run "
          + runId + " wrote " + (count == 1 ? "it" : "them") + " (first " + changed.size()
          + "):\n      " + String.join("\n      ", changed));
    }
    List<String> referring = new RollbackReferences(r, pages, named, fixups).find();
    if (!referring.isEmpty() || !problems.isEmpty() && !request.force()) {
      List<String> reasons = new ArrayList<>(referring);
      if (!request.force()) {
        reasons.addAll(problems);
      }
      throw new FerryException(ErrorCode.REFUSED, "refused to roll back " + names(named)
          + " of run " + runId + (request.tenant().isEmpty() ? "" : " of tenant "
              + request.tenant()) + (request.fromBatch() > 1 ? " from batch "
              + request.fromBatch() : "") + ", nothing changed:\n  - " + String.join("\n  - ",
              reasons) + (referring.isEmpty() ? "" : "\n  Name the referring tables too (--table,"
              + " once per table), or roll back the whole run (without --table).")
          + (problems.isEmpty() || request.force() ? "" : "\n  Roll back the later run first,"
              + " or add --force to undo the changed rows anyway."));
    }
    List<RollbackResult.Table> done = new ArrayList<>();
    if (request.dryRun()) {
      for (JournaledTable t : chosen) {
        done.add(pages.counts(c, t));
      }
      return new RollbackResult(runId, request.tenant(), "dry-run", done, changed);
    }
    r.state.endRun(c, runId, STATUS);
    c.commit();
    for (JournaledTable t : chosen) {
      done.add(pages.undo(c, t, request.force()));
    }
    rewind(boundaries, fixups);
    return new RollbackResult(runId, request.tenant(), STATUS, done, changed);
  }

  /** The tables {@code --table} names, each a journaled table of the run (not a fix-up). */
  private List<JournaledTable> named() {
    List<JournaledTable> tables = all.stream().filter(t -> !t.journalName.startsWith(
        JournalShape.FIXUP)).toList();
    List<JournaledTable> named = new ArrayList<>();
    for (String wanted : request.tables()) {
      List<JournaledTable> exact = tables.stream().filter(t -> t.name.qualified()
          .equalsIgnoreCase(wanted)).toList();
      List<JournaledTable> found = !exact.isEmpty() ? exact : tables.stream().filter(t -> t.name
          .name().equalsIgnoreCase(wanted)).toList();
      if (found.size() != 1) {
        throw new FerryException(ErrorCode.INPUT, "--table " + wanted + ": run "
            + request.runId() + " journaled " + (found.isEmpty() ? "no such table" : found.size()
                + " tables of that name") + " on " + r.spec.describe() + ". Give one of: "
            + names(tables) + ".");
      }
      if (!named.contains(found.get(0))) {
        named.add(found.get(0));
      }
    }
    return named;
  }

  /** Whether a fix-up sets a column of a named table, or one that references a named table. */
  private boolean touches(JournaledTable fixup, List<JournaledTable> named) {
    if (named.stream().anyMatch(t -> same(t.name, fixup.name))) {
      return true;
    }
    Table table = r.catalog.table(fixup.name).orElse(null);
    if (table == null) {
      return false;
    }
    for (ForeignKey k : table.foreignKeys()) {
      if (fixup.setColumns().containsAll(k.columns())
          && named.stream().anyMatch(t -> same(t.name, k.parent()))) {
        return true;
      }
    }
    return false;
  }

  /** The first batch from {@code --from-batch} on of the table's rows, or of its boundaries. */
  private Long firstBatch(JournaledTable t, boolean boundary) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MIN(" + r.q("batch") + ") FROM "
        + dialect.qualify(r.journal.rows()) + " WHERE " + r.q("run_id") + " = ? AND "
        + r.q("tenant") + " = ? AND " + r.q("table_name") + " = ? AND " + r.q("batch")
        + " >= ? AND " + r.q("action") + (boundary ? " = ?" : " <> ?"))) {
      RowJournal.bind(ps, request.runId(), request.tenant(), t.journalName,
          t.journalName.startsWith(JournalShape.FIXUP) ? 1L : request.fromBatch(),
          RowJournal.BOUNDARY);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long batch = rs.getLong(1);
        return rs.wasNull() ? null : batch;
      }
    }
  }

  /**
   * Rewinds each table's checkpoint and merge progress to its boundary (the merge audit starts
   * again: a resume's audit holds the rows it merges), drops the fix-ups' checkpoints and the
   * boundaries undone: one transaction.
   */
  private void rewind(Map<JournaledTable, Long> boundaries, List<JournaledTable> fixups)
      throws SQLException {
    String runId = request.runId();
    Map<String, Object[]> checkpoints = r.state.checkpoints(c, runId);
    boolean progress = r.state.exists(c, r.state.mergeProgress().table());
    for (Map.Entry<JournaledTable, Long> e : boundaries.entrySet()) {
      JournaledTable t = e.getKey();
      JournalBoundary b = JournalBoundary.parse(boundary(t, e.getValue()));
      String unit = units.get(t.journalName);
      Object[] cp = checkpoints.get(unit);
      r.state.save(c, runId, unit, b.lastKey(), b.rowsWritten(), cp == null ? 0 : (long) cp[2],
          false, b.sourceRows(), b.sourceDigest());
      if (progress && b.fates() != null) {
        r.state.mergeProgress().save(c, runId, unit, b.fates(), 0);
      }
      StateStore.update(c, "DELETE FROM " + dialect.qualify(r.journal.rows()) + " WHERE "
          + own() + " AND " + r.q("batch") + " >= ?", runId, request.tenant(), t.journalName,
          e.getValue());
    }
    for (JournaledTable f : fixups) {
      String unit = units.get(f.journalName);
      StateStore.update(c, "DELETE FROM " + dialect.qualify(dialect.stateTable(c, "checkpoint"))
          + " WHERE " + r.q("run_id") + " = ? AND " + r.q("unit") + " = ?", runId, unit);
      if (progress) {
        StateStore.update(c, "DELETE FROM " + dialect.qualify(r.state.mergeProgress().table())
            + " WHERE " + r.q("run_id") + " = ? AND " + r.q("unit") + " = ?", runId, unit);
      }
    }
    r.state.endRun(c, runId, STATUS);
    c.commit();
  }

  private String boundary(JournaledTable t, long batch) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + r.q("row_key") + " FROM "
        + dialect.qualify(r.journal.rows()) + " WHERE " + own() + " AND " + r.q("batch")
        + " = ? AND " + r.q("action") + " = ?")) {
      RowJournal.bind(ps, request.runId(), request.tenant(), t.journalName, batch,
          RowJournal.BOUNDARY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /**
   * Deletes the id map pairs of the run that map to rows it deletes, on the transaction
   * deleting them (a resume generates their keys again); pairs of earlier runs stay.
   */
  private void erasePairs(Connection c, JournaledTable t, List<JournalPages.Entry> inserted)
      throws SQLException {
    TableName texts = IdMap.table(dialect, c);
    List<Object> numbers = new ArrayList<>();
    List<Object> words = new ArrayList<>();
    for (JournalPages.Entry e : inserted) {
      Long n = IdMap.integer(e.key());
      if (n != null) {
        numbers.add(n);
      } else {
        words.add(e.key());
      }
    }
    erase(IdMapTables.integerTable(texts), t, numbers);
    erase(texts, t, words);
  }

  private void erase(TableName map, JournaledTable t, List<Object> keys) throws SQLException {
    if (keys.isEmpty() || !r.state.exists(c, map)) {
      return;
    }
    List<Object> params = new ArrayList<>(List.of(request.tenant(), units.get(t.journalName),
        request.runId()));
    params.addAll(keys);
    StateStore.update(c, "DELETE FROM " + dialect.qualify(map) + " WHERE " + r.q("tenant")
        + " = ? AND " + r.q("table_name") + " = ? AND " + r.q("run_id") + " = ? AND "
        + r.q("target_key") + " IN (" + String.join(", ", Collections.nCopies(keys.size(), "?"))
        + ")", params.toArray());
  }

  /** The run's units by journal name ({@code journal_table.unit}): the id map's table names. */
  private void readUnits() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + r.q("table_name") + ", "
        + r.q("unit") + " FROM " + dialect.qualify(r.journal.tables()) + " WHERE "
        + r.q("run_id") + " = ? AND " + r.q("tenant") + " = ?")) {
      RowJournal.bind(ps, request.runId(), request.tenant());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          units.put(rs.getString(1), rs.getString(2));
        }
      }
    }
  }

  private String own() {
    return r.q("run_id") + " = ? AND " + r.q("tenant") + " = ? AND " + r.q("table_name")
        + " = ?";
  }

  static boolean same(TableName a, TableName b) {
    return a.qualified().equalsIgnoreCase(b.qualified());
  }

  private static String names(List<JournaledTable> tables) {
    return tables.stream().map(t -> t.name.qualified()).collect(Collectors.joining(", "));
  }
}
