package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that can refuse a run, all made before its first write, on a read-only target
 * connection. Each problem is one sentence: what, where, and what to do.
 */
final class Preflight {

  /** Keys checked against the target per query when looking for collisions. */
  private static final int PROBE_BATCH = 500;
  /** Keys remembered as probed per foreign key (about 100 bytes each: at most ~20 MB). */
  private static final int PROBED_KEPT = 200_000;
  /** Colliding keys listed per table. */
  private static final int LISTED = 5;

  private Preflight() {}

  /**
   * NOT NULL target columns that the plan loads as NULL to break a cycle (kinds and values, and
   * NULLs going into NOT NULL columns: {@link ValueFit}).
   */
  static List<String> typeProblems(Catalog source, Catalog target, CopyPlan plan) {
    List<String> problems = new ArrayList<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        if (t.isFixup()) {
          continue;
        }
        Table d = target.table(t.target()).orElseThrow();
        for (CopyColumn c : t.columns()) {
          Column dc = d.column(c.targetName()).orElseThrow();
          if (!dc.nullable() && t.nulledColumns().contains(c.name())) {
            problems.add(t.target() + "." + dc.name() + " is NOT NULL in the target, but the"
                + " plan loads it as NULL to break a cycle; make it nullable in the target.");
          }
        }
      }
    }
    return problems;
  }

  /**
   * Target tables that already hold rows whose keys collide with the source's: refused unless
   * the table is merged ({@link MergePlan}); {@code --truncate-target} replaces.
   *
   * @param keys rewrites a source row as the load will (a key may be a user reference the user
   *     map rewrites); it must not count what it sees, it receives a copy of each row
   */
  static List<String> collisions(CopyPlan plan, SourceReader source, Connection target,
      Dialect dialect, Set<String> ownUnits, int batchSize, Map<TableName, Table> uniques,
      RowTransformer keys)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan range : step.tables()) {
        // a table loading as key ranges is checked once, whole; its ranges start together
        if (range.range() != null && range.range().index() > 1) {
          continue;
        }
        TablePlan t = range.withRange(null);
        if (t.isFixup() || ownUnits.contains(range.unit())
            || isEmpty(target, dialect, t.target(), uniques.get(t.source()))) {
          continue;
        }
        if (!t.keyed()) {
          problems.add("target table " + t.target() + " already holds rows and has no key to"
              + " tell whether they collide; use --truncate-target to replace its rows");
          continue;
        }
        for (Map.Entry<String, List<String>> key : uniqueKeys(t, uniques.get(t.source()))
            .entrySet()) {
          List<String> found = collidingKeys(t, key.getValue(), source, target, dialect,
              batchSize, keys);
          if (!found.isEmpty()) {
            problems.add("target table " + t.target() + " already holds rows with the source's "
                + key.getKey() + " values, e.g. " + String.join(", ", found)
                + ". Use --truncate-target to replace them, or --merge to write into them"
                + " (docs/merge.md).");
          }
        }
      }
    }
    return problems;
  }

  /**
   * Whether the target table holds no rows of its own: an inheritance child's rows are not the
   * table's (a partitioned table's partitions are). One row is fetched at most.
   */
  private static boolean isEmpty(Connection c, Dialect dialect, TableName table, Table target)
      throws SQLException {
    boolean partitioned = target != null && Table.PARTITIONED.equals(target.kind());
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM "
        + dialect.fromClause(table, !partitioned))) {
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        return !rs.next();
      }
    }
  }

  /** The table's key, then each unique key whose columns are all copied, by a readable name. */
  private static Map<String, List<String>> uniqueKeys(TablePlan t, Table target) {
    Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
    keys.put("key " + t.keyColumns(), t.keyColumns());
    if (target != null) {
      for (dev.ferry.catalog.UniqueKey u : target.uniqueKeys()) {
        List<String> sourceColumns = new ArrayList<>();
        for (String column : u.columns()) {
          t.columns().stream().filter(c -> c.targetName().equalsIgnoreCase(column)).findFirst()
              .ifPresent(c -> sourceColumns.add(c.name()));
        }
        if (!u.partial() && sourceColumns.size() == u.columns().size()
            && !sourceColumns.equals(t.keyColumns())) {
          keys.put("unique " + u.name() + " " + u.columns(), sourceColumns);
        }
      }
    }
    return keys;
  }

  private static List<String> collidingKeys(TablePlan t, List<String> columns,
      SourceReader source, Connection target, Dialect dialect, int batchSize,
      RowTransformer rewrite) throws SQLException {
    int[] keys = columns.stream().mapToInt(t::indexOf).toArray();
    List<String> keyColumns = new ArrayList<>();
    for (int k : keys) {
      keyColumns.add(dialect.quote(t.columns().get(k).targetName()));
    }
    List<String> found = new ArrayList<>();
    List<Object[]> pending = new ArrayList<>();
    try (ChunkCursor cursor = source.read(t, null, batchSize)) {
      for (Chunk chunk = cursor.next(); chunk != null && found.size() < LISTED;
          chunk = cursor.next()) {
        for (Object[] read : chunk.rows()) {
          Object[] row = rewrite.transform(t, read.clone());
          Object[] key = new Object[keys.length];
          for (int i = 0; i < keys.length; i++) {
            key[i] = row[keys[i]];
          }
          pending.add(key);
          if (pending.size() == PROBE_BATCH) {
            probe(t, keys, target, dialect, keyColumns, pending, found);
            pending.clear();
          }
        }
      }
      if (!pending.isEmpty() && found.size() < LISTED) {
        probe(t, keys, target, dialect, keyColumns, pending, found);
      }
    }
    return found.size() > LISTED ? found.subList(0, LISTED) : found;
  }

  private static void probe(TablePlan t, int[] positions, Connection target, Dialect dialect,
      List<String> keyColumns, List<Object[]> keys, List<String> found) throws SQLException {
    String one = "(" + String.join(" AND ", keyColumns.stream().map(k -> k + " = ?").toList())
        + ")";
    String sql = "SELECT " + String.join(", ", keyColumns) + " FROM " + dialect.qualify(t.target())
        + " WHERE " + String.join(" OR ", java.util.Collections.nCopies(keys.size(), one));
    try (PreparedStatement ps = target.prepareStatement(sql)) {
      int p = 1;
      for (Object[] key : keys) {
        for (int i = 0; i < key.length; i++) {
          JdbcValues.bind(ps, p++, key[i], t.columns().get(positions[i]).kind(), dialect);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && found.size() < LISTED) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= keyColumns.size(); i++) {
            values.add(rs.getString(i));
          }
          found.add(values.size() == 1 ? values.get(0) : values.toString());
        }
      }
    }
  }

  /**
   * References from copied tables to tables left out of the copy must already resolve in the
   * target: the distinct referenced keys are streamed from the source and looked up in the
   * target's parent table in batches.
   */
  static List<String> externalReferences(CopyPlan plan, Catalog source, Catalog target,
      SourceReader reader, Connection c, Dialect dialect, int batchSize, TableName mapped)
      throws SQLException {
    List<String> problems = new ArrayList<>();
    Map<TableName, TablePlan> loads = new java.util.HashMap<>();
    plan.steps().forEach(s -> s.tables().stream().filter(t -> !t.isFixup())
        .forEach(t -> loads.put(t.source(), t.withRange(null))));
    for (dev.ferry.catalog.LoadOrder.Edge e : plan.loadOrder().edges()) {
      TablePlan child = loads.get(e.child());
      if (!dev.ferry.catalog.LoadOrder.Edge.EXTERNAL.equals(e.treatment()) || child == null
          || e.parent().equals(mapped)) {
        // references to the identity table are proven by the user map's validation instead
        continue;
      }
      Table parent = TableMatch.match(target, e.parent()).orElse(null);
      if (parent == null) {
        problems.add(e.id() + " references " + e.parent() + ", which is not copied and does not"
            + " exist in the target; include it in the copy or create it first");
        continue;
      }
      dev.ferry.catalog.ForeignKey fk = source.table(e.child()).orElseThrow().foreignKeys()
          .stream().filter(k -> k.name().equals(e.constraint())).findFirst().orElseThrow();
      List<String> missing = unresolved(child, fk, parent, reader, c, dialect, batchSize);
      if (!missing.isEmpty()) {
        problems.add(e.id() + " references " + parent.name() + ", which is not copied, and the"
            + " target lacks these keys: " + String.join(", ", missing) + ". Include "
            + e.parent() + " in the copy or load those rows first.");
      }
    }
    return problems;
  }

  private static List<String> unresolved(TablePlan child, dev.ferry.catalog.ForeignKey fk,
      Table parent, SourceReader reader, Connection c, Dialect dialect, int batchSize)
      throws SQLException {
    // read only the key (for paging) and the foreign key's columns, not whole rows
    TablePlan read = child.narrowedTo(fk.columns());
    int[] positions = fk.columns().stream().mapToInt(read::indexOf).toArray();
    List<String> parentColumns = new ArrayList<>();
    for (String pc : fk.parentColumns()) {
      parentColumns.add(dialect.quote(parent.columns().stream()
          .filter(col -> col.name().equalsIgnoreCase(pc)).findFirst().orElseThrow().name()));
    }
    TablePlan probeShape = new TablePlan(parent.name(), parent.name(),
        java.util.Arrays.stream(positions).mapToObj(p -> read.columns().get(p)).toList(),
        List.of(), Set.of(), false, List.of());
    List<String> missing = new ArrayList<>();
    Set<List<Object>> pending = new java.util.LinkedHashSet<>();
    // keys probed already (many rows share a parent); bounded, after which keys are probed again
    Set<List<Object>> probed = new java.util.HashSet<>();
    try (ChunkCursor cursor = reader.read(read, null, batchSize)) {
      for (Chunk chunk = cursor.next(); chunk != null && missing.size() < LISTED;
          chunk = cursor.next()) {
        for (Object[] row : chunk.rows()) {
          List<Object> key = new ArrayList<>();
          boolean anyNull = false;
          for (int p : positions) {
            anyNull |= row[p] == null;
            key.add(row[p] instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : row[p]);
          }
          if (!anyNull && !probed.contains(key)) {
            pending.add(key);
          }
          if (pending.size() >= PROBE_BATCH) {
            missing.addAll(absent(probeShape, parentColumns, pending, c, dialect));
            if (probed.size() < PROBED_KEPT) {
              probed.addAll(pending);
            }
            pending.clear();
          }
        }
      }
    }
    if (!pending.isEmpty() && missing.size() < LISTED) {
      missing.addAll(absent(probeShape, parentColumns, pending, c, dialect));
    }
    return missing.size() > LISTED ? missing.subList(0, LISTED) : missing;
  }

  private static List<String> absent(TablePlan shape, List<String> columns, Set<List<Object>> keys,
      Connection c, Dialect dialect) throws SQLException {
    List<Object[]> asArrays = keys.stream().map(List::toArray).toList();
    Set<List<Object>> present = new HashSet<>();
    String one = "(" + String.join(" AND ", columns.stream().map(k -> k + " = ?").toList()) + ")";
    String sql = "SELECT " + String.join(", ", columns) + " FROM " + dialect.qualify(shape.target())
        + " WHERE " + String.join(" OR ", java.util.Collections.nCopies(asArrays.size(), one));
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (Object[] key : asArrays) {
        for (int i = 0; i < key.length; i++) {
          JdbcValues.bind(ps, p++, key[i], shape.columns().get(i).kind(), dialect);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> values = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object v = JdbcValues.read(rs, i, shape.columns().get(i - 1).kind());
            values.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v);
          }
          present.add(values);
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (List<Object> key : keys) {
      String text = String.join(",", key.stream().map(String::valueOf).toList());
      if (!present.contains(key)) {
        missing.add(key.size() == 1 ? text : "(" + text + ")");
      }
    }
    return missing;
  }

  /**
   * What the run will do to the target, for the privilege checks: the tables it loads and fixes
   * up, those a resume may empty again (keyless tables reloaded whole) or {@code children:
   * replace} deletes from, those {@code
   * --truncate-target} empties, the identities it moves, the foreign keys it sets aside, and
   * ferry's state tables.
   */
  static dev.ferry.dialect.WriteNeeds needs(CopyPlan plan, boolean truncate, boolean resuming,
      List<TableName> stateTables, MergePlan merges) {
    Set<TableName> inserts = new java.util.TreeSet<>();
    Map<TableName, Set<String>> updates = new java.util.TreeMap<>();
    Set<TableName> deletes = new java.util.TreeSet<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        if (t.isFixup()) {
          Set<String> columns = updates.computeIfAbsent(t.target(), k -> new java.util.TreeSet<>());
          t.updateColumns().forEach(u -> columns.add(t.columns().get(t.indexOf(u)).targetName()));
        } else {
          inserts.add(t.target());
          MergeRows merge = merges.rows(t.unit());
          if (merge != null && !merge.updatedColumns().isEmpty()) {
            updates.computeIfAbsent(t.target(), k -> new java.util.TreeSet<>())
                .addAll(merge.updatedColumns());
          }
          if (resuming && !t.keyed() || merges.sweep(t.unit()) != null) {
            deletes.add(t.target());
          }
        }
      }
    }
    Map<TableName, Set<TableName>> setAside = new java.util.TreeMap<>();
    for (CopyPlan.SetAside k : plan.setAside()) {
      setAside.computeIfAbsent(k.table(), x -> new java.util.TreeSet<>()).add(k.parent());
    }
    return new dev.ferry.dialect.WriteNeeds(inserts, updates, deletes,
        truncate ? inserts : Set.of(), plan.identityResets(), setAside, stateTables);
  }
}
