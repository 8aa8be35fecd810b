package dev.ferry.copy;

import dev.ferry.api.RowFate;
import dev.ferry.api.RunReport.Keys;
import dev.ferry.api.RunReport.Fates;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One unit's rows written through the id map (docs/merge.md, "Key policies"): the references to
 * remapped tables rewritten to the target's keys, and for a remapped table its rows split into
 * those the map already knows (merged into their target rows by the table's merge mode) and new
 * ones, which get keys from the target in one batch and are recorded in the map, all on the
 * writer's transaction. Per chunk, one batched look-up of the distinct source keys it references.
 */
final class RemapRows {

  /** Writes rows with their keys, by the writer's usual path (COPY, batched INSERT). */
  interface Insert { void rows(List<Object[]> rows) throws SQLException; }

  /**
   * What a chunk of a remapped table came to.
   *
   * @param mapped rows the map already held
   * @param generated rows given a new key
   * @param matched rows paired with a target row by their natural key ({@code keys: match})
   * @param inserted the rows inserted, with their target keys (for the journal)
   */
  record Written(MergeRows.Classified merged, long mapped, long generated, long matched,
      List<Object[]> inserted) {}

  private final TablePlan table;
  private final RemapPlan.Remapped own;
  private final List<RemapPlan.Reference> references;
  private final IdMap map;
  private final String runId;
  /** A dry run's: references to parents not mapped yet are left as they are. */
  private final boolean preview;
  /** Pairs written on the open transaction, remembered once it commits. */
  private final List<String[]> pending = new ArrayList<>();
  /** Pairs of two integers written on the open transaction, as numbers (no key text). */
  private final IdMap.Numbers numbers = new IdMap.Numbers();
  /** Whether the table references itself: its new pairs are then needed as texts in a chunk. */
  private final boolean selfReferencing;
  /** Under {@code match}: the chunk's rows paired by natural key, and those in conflict. */
  private final ChunkMatch match;

  RemapRows(TablePlan table, RemapPlan plan, IdMap map, String runId, boolean preview) {
    this.preview = preview;
    this.table = table;
    this.own = plan.remapped(table);
    this.references = plan.references(table);
    this.map = map;
    this.runId = runId;
    this.selfReferencing = references.stream().anyMatch(r -> own != null && r.parent() == own);
    this.match = own != null && own.natural() != null && !table.isFixup()
        ? new ChunkMatch(own, map) : null;
  }

  /** The counts of the table's key policy before its first chunk. */
  dev.ferry.api.RunReport.Keys keys() {
    return match == null ? new Keys("remap", 0, 0) : new Keys("match", 0, 0, 0L);
  }

  /** Whether the unit loads a remapped table (else it only rewrites references). */
  boolean remapsKeys() {
    return own != null && !table.isFixup();
  }

  /** Rewrites a fix-up's or a plain load's references (and a fix-up's keys) in place. */
  void translate(Connection c, List<Object[]> rows) throws SQLException {
    translate(c, rows, references, Map.of());
    if (own != null && table.isFixup()) {
      int key = table.keyPositions()[0];
      translate(c, rows, List.of(new RemapPlan.Reference(key, own)), Map.of());
    }
  }

  /** Loads a chunk of a remapped table (rows changed in place: give it copies). */
  Written load(Connection c, List<Object[]> rows, Insert insert) throws SQLException {
    pending.clear();
    numbers.clear();
    // before the table's first pair: the map's pairs of the table so far, for this run
    map.open(c, own.mapName());
    int key = own.keyPosition();
    Map<Object[], Object> sourceKeys = new java.util.IdentityHashMap<>();
    rows.forEach(r -> sourceKeys.put(r, r[key]));
    List<Object[]> mapped = new ArrayList<>();
    List<Object[]> fresh = new ArrayList<>();
    split(c, rows, mapped, fresh);
    Map<String, String> local = new HashMap<>();
    List<Object[]> chunk = rows;
    ChunkMatch.Result paired = ChunkMatch.Result.NONE;
    if (match != null) {
      paired = match.pair(c, mapped, fresh);
      paired.refuseUnderFail(table, own.merge().mode());
      pending.addAll(paired.pairs());
      paired.pairs().forEach(p -> local.put(p[0], p[1]));
      rows = paired.without(rows);
    }
    MergeRows.Classified merged;
    if (own.generator().allocates()) {
      List<Object> keys = own.generator().allocate(c, fresh.size());
      for (int i = 0; i < fresh.size(); i++) {
        assign(fresh.get(i), key, keys.get(i), local);
      }
      // a row already mapped may reference a new row of the chunk (a self-reference)
      translate(c, rows, references, local);
      merged = own.merge().classify(c, mapped);
      MergeCheck.refuseConflicts(table, merged);
      List<Object[]> all = new ArrayList<>(fresh);
      all.addAll(merged.inserts());
      if (!all.isEmpty()) {
        insert.rows(all);
      }
    } else {
      translate(c, mapped, references, local);
      merged = own.merge().classify(c, mapped);
      MergeCheck.refuseConflicts(table, merged);
      if (!merged.inserts().isEmpty()) {
        insert.rows(merged.inserts());
      }
      generateInWaves(c, fresh, key, local);
    }
    own.merge().update(c, merged.updates());
    return written(chunk, sourceKeys, merged, mapped.size(), fresh.size(), paired);
  }

  /** A dry run's look at a chunk of a remapped table: its fates, nothing written. */
  Written preview(Connection c, List<Object[]> rows) throws SQLException {
    int key = own.keyPosition();
    Map<Object[], Object> sourceKeys = new java.util.IdentityHashMap<>();
    rows.forEach(r -> sourceKeys.put(r, r[key]));
    List<Object[]> mapped = new ArrayList<>();
    List<Object[]> fresh = new ArrayList<>();
    split(c, rows, mapped, fresh);
    ChunkMatch.Result paired = match == null ? ChunkMatch.Result.NONE
        : match.pair(c, mapped, fresh);
    translate(c, mapped, references, Map.of());
    MergeRows.Classified merged = own.merge().classify(c, mapped);
    return written(rows, sourceKeys, merged, mapped.size(), fresh.size(), paired);
  }

  /**
   * A chunk's account: the merge of its mapped rows plus its new rows, inserted, and its rows in
   * conflict by natural key; every row's audit line in the chunk's order, named by its SOURCE
   * key, which a dry run knows too.
   */
  private Written written(List<Object[]> rows, Map<Object[], Object> sourceKeys,
      MergeRows.Classified merged, int mapped, int fresh, ChunkMatch.Result paired) {
    Map<Object[], MergeRows.Audited> met = new java.util.IdentityHashMap<>();
    merged.audited().forEach(a -> met.put(a.row(), a));
    for (int i = 0; i < paired.conflicted().size(); i++) {
      met.put(paired.conflicted().get(i), new MergeRows.Audited(paired.conflicted().get(i),
          RowFate.CONFLICT, paired.reasons().get(i), new int[0]));
    }
    int key = own.keyPosition();
    List<MergeRows.Audited> audited = new ArrayList<>(rows.size());
    List<Object[]> inserted = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] named = new Object[row.length];
      named[key] = sourceKeys.get(row);
      MergeRows.Audited a = met.get(row);
      if (a == null || a.fate() == RowFate.INSERTED) {
        inserted.add(row);
      }
      audited.add(a == null ? new MergeRows.Audited(named, RowFate.INSERTED, null, new int[0])
          : new MergeRows.Audited(named, a.fate(), a.reason(), a.columns(), a.kept()));
    }
    Fates f = merged.fates();
    List<String> conflictKeys = new ArrayList<>(merged.conflictKeys());
    conflictKeys.addAll(paired.conflictKeys());
    return new Written(new MergeRows.Classified(merged.inserts(), merged.updates(),
        new Fates(f.mode(), f.inserted() + fresh, f.updated(), f.unchanged(), f.skipped(),
            f.conflicts() + paired.conflicts()), conflictKeys, audited),
        mapped - paired.pairs().size(), fresh, paired.pairs().size(), inserted);
  }

  /** Splits rows into those the map knows (their keys replaced by the target's) and new ones. */
  private void split(Connection c, List<Object[]> rows, List<Object[]> mapped,
      List<Object[]> fresh) throws SQLException {
    int key = own.keyPosition();
    long[] targets = own.generator().keyKind() == ValueKind.INTEGER
        ? spilled(c, own, rows, key) : null;
    if (targets != null) {
      for (int i = 0; i < rows.size(); i++) {
        if (targets[i] == KeySpill.NONE) {
          fresh.add(rows.get(i));
        } else {
          rows.get(i)[key] = targets[i];
          mapped.add(rows.get(i));
        }
      }
      return;
    }
    Map<String, Object[]> bySource = new java.util.LinkedHashMap<>();
    for (Object[] row : rows) {
      bySource.put(text(row[key]), row);
    }
    Map<String, String> known = map.lookup(c, own.mapName(), bySource.keySet());
    for (Map.Entry<String, Object[]> e : bySource.entrySet()) {
      String target = known.get(e.getKey());
      if (target == null) {
        fresh.add(e.getValue());
      } else {
        e.getValue()[key] = value(target, own.generator().keyKind());
        mapped.add(e.getValue());
      }
    }
  }

  /**
   * Inserts new rows whose keys only the insert gives, parents before the children that
   * reference them within the chunk (a self-reference): each wave the rows whose parent is not
   * waiting in the chunk.
   */
  private void generateInWaves(Connection c, List<Object[]> fresh, int key,
      Map<String, String> local) throws SQLException {
    List<Integer> self = references.stream().filter(r -> r.parent() == own)
        .map(RemapPlan.Reference::position).toList();
    List<Object[]> waiting = new ArrayList<>(fresh);
    while (!waiting.isEmpty()) {
      Set<String> unwritten = new java.util.HashSet<>();
      waiting.forEach(r -> unwritten.add(text(r[key])));
      List<Object[]> ready = new ArrayList<>();
      List<Object[]> later = new ArrayList<>();
      for (Object[] row : waiting) {
        boolean waits = self.stream().anyMatch(p -> row[p] != null
            && unwritten.contains(text(row[p])) && !text(row[p]).equals(text(row[key])));
        (waits ? later : ready).add(row);
      }
      if (ready.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "keys remap for " + table.target() + ": "
            + later.size() + " rows reference each other in a loop, so none can be given a key"
            + " first; copy the table with keys: preserve.");
      }
      String[] sources = ready.stream().map(r -> text(r[key])).toArray(String[]::new);
      translate(c, ready, references, local);
      List<Object> keys = own.generator().insert(c, table, key, ready);
      for (int i = 0; i < ready.size(); i++) {
        String target = text(keys.get(i));
        local.put(sources[i], target);
        pending.add(new String[] {sources[i], target});
        ready.get(i)[key] = keys.get(i);
      }
      waiting = later;
    }
  }

  /** Gives a row its key; the pair kept as numbers where it can be (texts for a self-reference). */
  private void assign(Object[] row, int key, Object target, Map<String, String> local) {
    Object source = row[key];
    row[key] = target;
    if (selfReferencing) {
      local.put(text(source), text(target));
    }
    if (!numbers.add(source, target)) {
      pending.add(new String[] {text(source), text(target)});
    }
  }

  /** Records the chunk's new pairs, on the writer's transaction. */
  void record(Connection c) throws SQLException {
    if (own != null) {
      map.record(c, own.mapName(), pending, runId);
      map.record(c, own.mapName(), numbers, runId);
    }
  }

  /** After the commit: the pairs may be cached. */
  void committed() {
    if (own != null) {
      // a table loaded as key ranges keeps each range's pairs on a lane of their own
      map.remember(own.mapName(), table.unit(), pending);
      map.remember(own.mapName(), table.unit(), numbers);
    }
    pending.clear();
    numbers.clear();
  }

  private void translate(Connection c, List<Object[]> rows, List<RemapPlan.Reference> refs,
      Map<String, String> local) throws SQLException {
    for (RemapPlan.Reference ref : refs) {
      if (translated(c, rows, ref, local)) {
        continue;
      }
      Set<String> wanted = new LinkedHashSet<>();
      for (Object[] row : rows) {
        Object v = row[ref.position()];
        if (v != null && !(ref.parent() == own && local.containsKey(text(v)))) {
          wanted.add(text(v));
        }
      }
      Map<String, String> found = map.lookup(c, ref.parent().mapName(), wanted);
      for (Object[] row : rows) {
        Object v = row[ref.position()];
        if (v == null) {
          continue;
        }
        String target = ref.parent() == own && local.containsKey(text(v)) ? local.get(text(v))
            : found.get(text(v));
        if (target == null && preview) {
          // a dry run maps nothing: the parent may be one this run would insert
          continue;
        }
        if (target == null) {
          throw unmapped(ref, v);
        }
        row[ref.position()] = value(target, table.columns().get(ref.position()).kind());
      }
    }
  }

  /**
   * Rewrites an integer column referencing a parent of integer keys from the parent's spill, no
   * text in between; false (nothing changed) where the spill cannot answer, or where the rows
   * may reference new rows of their own chunk.
   */
  private boolean translated(Connection c, List<Object[]> rows, RemapPlan.Reference ref,
      Map<String, String> local) throws SQLException {
    if (ref.parent() == own && !local.isEmpty()
        || table.columns().get(ref.position()).kind() != ValueKind.INTEGER) {
      return false;
    }
    long[] targets = spilled(c, ref.parent(), rows, ref.position());
    if (targets == null) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      Object[] row = rows.get(i);
      Object v = row[ref.position()];
      if (v == null || targets[i] == KeySpill.NONE && preview) {
        continue;
      }
      if (targets[i] == KeySpill.NONE) {
        throw unmapped(ref, v);
      }
      row[ref.position()] = targets[i];
    }
    return true;
  }

  /**
   * The parent's target keys of the rows' integer values at a position, {@link KeySpill#NONE}
   * for a NULL or an unmapped value; null where a value is not an integer or the parent's map
   * has no spill.
   */
  private long[] spilled(Connection c, RemapPlan.Remapped parent, List<Object[]> rows,
      int position) throws SQLException {
    long[] keys = new long[rows.size()];
    for (int i = 0; i < keys.length; i++) {
      Object v = rows.get(i)[position];
      if (v == null) {
        keys[i] = KeySpill.NONE;
      } else if ((v instanceof Long || v instanceof Integer || v instanceof Short)
          && ((Number) v).longValue() != KeySpill.NONE) {
        keys[i] = ((Number) v).longValue();
      } else {
        return null;
      }
    }
    long[] targets = map.targets(c, parent.mapName(), keys);
    if (targets != null) {
      for (int i = 0; i < keys.length; i++) {
        targets[i] = keys[i] == KeySpill.NONE ? KeySpill.NONE : targets[i];
      }
    }
    return targets;
  }

  private FerryException unmapped(RemapPlan.Reference ref, Object v) {
    return new FerryException(ErrorCode.REFUSED, table.target() + "."
        + table.columns().get(ref.position()).targetName() + " references "
        + ref.parent().load().target() + " key " + v + ", which ferry has not mapped to a"
        + " target key (the parent row is not in the source, or comes later in a"
        + " self-reference); nothing of this chunk was written.");
  }

  private static Object value(String text, ValueKind kind) {
    return KeyCodec.decode(text, List.of(kind))[0];
  }

  private static String text(Object value) {
    return KeyCodec.encode(new Object[] {value});
  }
}
