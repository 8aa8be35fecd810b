package dev.ferry.copy;

import dev.ferry.api.RowFate;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deletes the target's child rows that a snapshot no longer has ({@code children: replace},
 * docs/merge.md "Child tables"), before the child's rows are loaded: the target rows whose
 * foreign key names one of the parents the source carries (after its filters) and whose key the
 * source's child rows do not have.
 *
 * <p>The source's child keys are read once and kept on disk as digests of their canonical
 * texts ({@link KeyDigests}: nothing on the heap per key); then the source's parents are read in
 * chunks, and per {@link #PROBE} parents the target's children of those parents are read in key
 * order, {@link #PAGE} at a time, and those the source lacks deleted, with their audit lines and
 * the unit's progress, in one transaction per page. A sweep killed part-way and run again
 * deletes the rest: what it deleted is gone, and its audit lines were committed with it.
 */
final class ChildrenSweep {

  /** Parents whose target children are read (and deleted) per query and transaction. */
  private static final int PROBE = 500;
  /** Target children read per query, at most deleted per transaction. */
  private static final int PAGE = 1_000;
  private static final String NOT_IN_SNAPSHOT = "not in snapshot";

  private final ChildrenPlan.Child plan;
  private final Dialect dialect;
  private final int[] keys;
  private final ValueKind[] targetKinds;
  private final CanonicalValue[] sourceEncodings;
  private final CanonicalValue[] targetEncodings;
  private final String from;
  /** The unit's merge mode, as its fates name it. */
  private final String mode;
  /** The tables under keys: remap or match, whose target keys come from the id map. */
  private final RemapPlan remap;
  /** Where a sweep that deletes journals the rows it deletes, whole; null in a dry run. */
  private JournalWriter journal;

  ChildrenSweep(ChildrenPlan.Child plan, Table source, String sourceEngine, Table target,
      String targetEngine, Dialect dialect, String mode, RemapPlan remap) {
    this.plan = plan;
    this.mode = mode;
    this.remap = remap;
    this.dialect = dialect;
    TablePlan t = plan.child();
    this.keys = t.keyPositions();
    int n = t.columns().size();
    this.targetKinds = new ValueKind[n];
    this.sourceEncodings = new CanonicalValue[n];
    this.targetEncodings = new CanonicalValue[n];
    for (int i = 0; i < n; i++) {
      CopyColumn c = t.columns().get(i);
      Column column = target.column(c.targetName()).orElseThrow();
      targetKinds[i] = MergeRows.kind(column, dialect);
      CanonicalValue there = CanonicalValue.of(column, targetEngine);
      CanonicalValue here = source == null ? null : source.column(c.name())
          .map(col -> CanonicalValue.of(col, sourceEngine)).orElse(null);
      if (here == null || here.kind() != c.kind()) {
        here = CanonicalValue.of(c.kind());
      }
      sourceEncodings[i] = here.pair(there);
      targetEncodings[i] = there.pair(here);
    }
    this.from = dialect.fromClause(t.target(), !Table.PARTITIONED.equals(target.kind()));
  }

  /** Where the sweep's deletions are recorded. */
  interface Recorder {
    /**
     * Called on the transaction that deletes {@code deleted} rows (none deleted in a dry run),
     * after their audit lines were appended; commits where the sweep writes.
     */
    void record(Connection c, long deleted) throws SQLException;
  }

  /**
   * Sweeps the child table. Its snapshot's keys are those its rows have in the target: under
   * {@code keys: remap} or {@code match} the id map's (or the natural key's) target keys, a row
   * that will be new in the target having none; the parents' keys likewise ({@link
   * SnapshotKeys}).
   *
   * @param read reads a table of the source as its load does (filters applied, transformed)
   * @param delete false for a dry run: the rows are audited and counted, not deleted
   * @param map the run's id map (a dry run's, read only); null when nothing is remapped
   * @return the rows deleted
   */
  long run(Connection c, Function<TablePlan, ChunkCursor> read, MergeAudit.Part audit,
      boolean delete, Recorder recorder, IdMap map) throws SQLException {
    SnapshotKeys own = new SnapshotKeys(plan.child(), keys, remap, map, delete);
    CanonicalValue[] encodings = sourceEncodings.clone();
    for (int k : keys) {
      encodings[k] = own.targetValued(k) ? targetEncodings[k] : sourceEncodings[k];
    }
    try (KeyDigests snapshot = new KeyDigests()) {
      try (ChunkCursor cursor = read.apply(plan.child())) {
        for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
          for (Object[] row : own.resolve(c, chunk.rows())) {
            snapshot.add(key(row, encodings));
          }
        }
      }
      snapshot.seal();
      return new Sweep(c, snapshot, audit, delete, recorder, map).parents(read,
          new SnapshotKeys(plan.parent(), plan.parentKey(), remap, map, false));
    }
  }

  /** One sweep's pass over the parents: where it deletes, what it keeps, where it audits. */
  private final class Sweep {
    private final Connection c;
    private final KeyDigests snapshot;
    private final MergeAudit.Part audit;
    private final boolean delete;
    private final Recorder recorder;
    /** The run's id map; null when nothing is remapped. */
    private final IdMap map;
    /** The child under keys: remap or match, whose deleted rows' pairs go; else null. */
    private final RemapPlan.Remapped remapped;

    Sweep(Connection c, KeyDigests snapshot, MergeAudit.Part audit, boolean delete,
        Recorder recorder, IdMap map) {
      this.c = c;
      this.snapshot = snapshot;
      this.audit = audit;
      this.delete = delete;
      this.recorder = recorder;
      this.map = map;
      this.remapped = map == null ? null : remap.remapped(plan.child());
    }

    /**
     * Reads the source's parents, their keys as the target holds them (a parent the target
     * will hold under a new key has no children there yet, and is passed over), and per {@link
     * #PROBE} of them sweeps their target children.
     */
    long parents(Function<TablePlan, ChunkCursor> read, SnapshotKeys keys) throws SQLException {
      long deleted = 0;
      try (ChunkCursor cursor = read.apply(plan.parent())) {
        Set<List<Object>> parents = new LinkedHashSet<>();
        for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
          for (Object[] row : keys.resolve(c, chunk.rows())) {
            List<Object> key = new ArrayList<>();
            for (int p : plan.parentKey()) {
              key.add(row[p]);
            }
            if (!key.contains(null)) {
              parents.add(key);
            }
            if (parents.size() == PROBE) {
              deleted += sweep(new ArrayList<>(parents));
              parents.clear();
            }
          }
        }
        if (!parents.isEmpty()) {
          deleted += sweep(new ArrayList<>(parents));
        }
      }
      return deleted;
    }

    /**
     * Deletes the target's children of these parents that the source lacks, reading them in
     * key order {@link #PAGE} at a time; each page's deletions are one transaction.
     */
    private long sweep(List<List<Object>> parents) throws SQLException {
      long deleted = 0;
      Object[] after = null;
      while (true) {
        List<Object[]> page = page(c, parents, after);
        List<Object[]> doomed = new ArrayList<>();
        for (Object[] row : page) {
          if (!snapshot.contains(key(row, targetEncodings))) {
            doomed.add(row);
          }
        }
        deleted += remove(doomed);
        if (page.size() < PAGE) {
          return deleted;
        }
        Object[] last = page.get(page.size() - 1);
        after = Arrays.stream(keys).mapToObj(k -> last[k]).toArray();
      }
    }

    /**
     * Deletes (unless a dry run) and audits these rows in one transaction; under a key policy,
     * with their id map pairs, whose source keys the audit names.
     */
    private long remove(List<Object[]> doomed) throws SQLException {
      if (doomed.isEmpty()) {
        return 0;
      }
      Map<String, String> sources = Map.of();
      if (remapped != null) {
        Set<String> targets = new LinkedHashSet<>();
        doomed.forEach(row -> targets.add(KeyCodec.encode(new Object[] {row[keys[0]]})));
        sources = map.sourcesOf(c, remapped.mapName(), targets);
      }
      if (delete) {
        List<String> keyColumns = columns(keys);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + from + " WHERE "
            + keyColumns.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND ")))) {
          for (Object[] row : doomed) {
            for (int i = 0; i < keys.length; i++) {
              JdbcValues.bind(ps, i + 1, row[keys[i]], targetKinds[keys[i]], dialect);
            }
            ps.addBatch();
          }
          ps.executeBatch();
        }
        if (journal != null) {
          journal.begin();
          doomed.forEach(journal::deleted);
          journal.flush(c);
        }
        if (!sources.isEmpty()) {
          // a later run must not map a source key to the row that is gone
          map.forget(c, remapped.mapName(), new ArrayList<>(new java.util.TreeSet<>(
              sources.values())));
        }
      }
      String table = plan.child().target().qualified();
      Map<String, String> named = sources;
      audit.appendLines(doomed.stream().map(row -> new MergeAudit.Line(table, label(row),
          sourceLabel(named.get(KeyCodec.encode(new Object[] {row[keys[0]]}))),
          RowFate.DELETED.label(), NOT_IN_SNAPSHOT, dev.ferry.api.Outcome.OK.label(), null,
          null)).toList());
      recorder.record(c, doomed.size());
      if (journal != null) {
        journal.committed();
      }
      return doomed.size();
    }
  }
  /** Up to {@link #PAGE} of the target's children of these parents after a key, in key order. */
  private List<Object[]> page(Connection c, List<List<Object>> parents, Object[] after)
      throws SQLException {
    List<String> keyColumns = columns(keys);
    String children = "(SELECT * FROM " + from + " WHERE " + where(parents.size())
        + ") ferry_rows";
    List<Object[]> page = new ArrayList<>();
    // whole rows where they are journaled before they are deleted, else their keys
    int[] read = journal != null ? java.util.stream.IntStream.range(0, targetKinds.length)
        .toArray() : keys;
    try (PreparedStatement ps = c.prepareStatement(dialect.pageQuery(
        String.join(", ", columns(read)), children, keyColumns, after != null, PAGE))) {
      int p = 1;
      for (List<Object> parent : parents) {
        for (int i = 0; i < parent.size(); i++) {
          JdbcValues.bind(ps, p++, parent.get(i),
              plan.child().columns().get(plan.foreignKey()[i]).kind(), dialect);
        }
      }
      if (after != null) {
        // the kinds go through the same expansion as the values (an engine without row
        // values repeats the key's leading columns)
        Object[] values = dialect.keyAfterParameters(after);
        Object[] kinds = dialect.keyAfterParameters(
            Arrays.stream(keys).mapToObj(k -> targetKinds[k]).toArray());
        for (int i = 0; i < values.length; i++) {
          JdbcValues.bind(ps, p++, values[i], (ValueKind) kinds[i], dialect);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] row = new Object[targetKinds.length];
          for (int i = 0; i < read.length; i++) {
            row[read[i]] = JdbcValues.read(rs, i + 1, targetKinds[read[i]],
                dialect.temporalsAsText());
          }
          page.add(row);
        }
      }
    }
    return page;
  }

  /** The key as the audit prints it: {@code 7}, {@code [7, a]}. */
  private String label(Object[] row) {
    List<String> values = Arrays.stream(keys).mapToObj(k -> String.valueOf(row[k])).toList();
    return values.size() == 1 ? values.get(0) : values.toString();
  }

  /** A source key text of the id map as the audit prints a key; null for none. */
  private String sourceLabel(String text) {
    if (text == null) {
      return null;
    }
    Object[] key = KeyCodec.decode(text, Arrays.stream(keys)
        .mapToObj(k -> plan.child().columns().get(k).kind()).toList());
    return key.length == 1 ? String.valueOf(key[0])
        : Arrays.stream(key).map(String::valueOf).toList().toString();
  }

  private String where(int n) {
    List<String> fk = columns(plan.foreignKey());
    if (fk.size() == 1) {
      return fk.get(0) + " IN (" + String.join(", ", Collections.nCopies(n, "?")) + ")";
    }
    String one = "(" + fk.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "))
        + ")";
    return String.join(" OR ", Collections.nCopies(n, one));
  }

  private List<String> columns(int[] positions) {
    return Arrays.stream(positions)
        .mapToObj(i -> dialect.quote(plan.child().columns().get(i).targetName())).toList();
  }

  private String key(Object[] row, CanonicalValue[] encodings) {
    StringBuilder key = new StringBuilder();
    for (int k : keys) {
      key.append(row[k] == null ? "\u0000" : encodings[k].encode(row[k])).append('\u0001');
    }
    return key.toString();
  }

  /**
   * Sweeps on the load's session of the unit ({@code c}, not auto-committing): each deletion
   * commits with its audit lines and the unit's progress ({@code merge_progress}), which the
   * unit's load then continues from; a sweep run again (a resume) adds to what an earlier one
   * committed. Under a key policy, a deleted row's id map pairs go in its transaction.
   */
  void write(Connection c, Function<TablePlan, ChunkCursor> read, MergeAudit audit,
      MergeProgress progress, String runId, IdMap map, JournalWriter journal)
      throws SQLException {
    this.journal = journal;
    String unit = plan.child().unit();
    MergeProgress.Saved saved = progress.read(c, runId, unit);
    Fates[] fates = {(saved != null ? saved.fates() : new Fates(mode, 0, 0, 0, 0, 0))
        .plusDeleted(0)};
    try (MergeAudit.Part part = audit.part(unit, saved == null ? 0 : saved.auditBytes())) {
      run(c, read, part, true, (session, deleted) -> {
        Fates next = fates[0].plusDeleted(deleted);
        progress.save(session, runId, unit, next, part.written());
        session.commit();
        part.committed();
        fates[0] = next;
      }, map);
      // a sweep that deleted nothing still says so: the report counts 0 deleted
      progress.save(c, runId, unit, fates[0], part.written());
      c.commit();
    } finally {
      this.journal = null;
      c.rollback();
    }
  }

  /**
   * Sweeps without deleting (a dry run) on a read-only session and returns what the unit's
   * load starts from: the rows that would be deleted, and the audit lines they wrote.
   */
  MergeProgress.Saved preview(Connection c, Function<TablePlan, ChunkCursor> read,
      MergeAudit audit, IdMap map) throws SQLException {
    try (MergeAudit.Part part = audit.part(plan.child().unit(), 0)) {
      long deleted = run(c, read, part, false, (session, n) -> part.committed(), map);
      return new MergeProgress.Saved(new Fates(mode, 0, 0, 0, 0, 0).plusDeleted(deleted),
          part.written());
    }
  }
}
