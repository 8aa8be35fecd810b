package dev.ferry.copy;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.JdbcValues;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.KeyAllowlist;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * References from the rows a copy carries to parent rows a row filter leaves out must be
 * satisfied in the target (docs/configuration.md, {@code where:}): for each foreign key whose
 * parent table is filtered, the distinct keys the child's carried rows reference are streamed
 * and looked up in batches, first in the parent's carried subset on the source, then, for those
 * not there, in the target's parent table. Memory: one batch of keys, and a bounded set of keys
 * already asked.
 */
final class FilteredParents {

  private static final int BATCH = 500;
  /** Keys remembered as asked (many rows share a parent); beyond, keys are asked again. */
  private static final int KEPT = 200_000;
  private static final int LISTED = 5;

  private FilteredParents() {}

  /**
   * One problem per foreign key whose references miss both the parent's subset and the target,
   * with their number and first keys.
   *
   * @param changedOnly parents whose filter only leaves out rows a sync cycle knows unchanged
   *     ({@link dev.ferry.api.CopyOptions.RowFilter#changedOnly}): not checked
   */
  static List<String> problems(CopyPlan plan, Catalog source, Catalog target, SourceReader reader,
      Connection sourceConnection, Dialect sourceDialect, Connection targetConnection,
      Dialect targetDialect, int batchSize, Map<TableName, KeyAllowlist> allowlists,
      Set<TableName> changedOnly) throws SQLException {
    Map<TableName, TablePlan> loads = new HashMap<>();
    plan.steps().forEach(s -> s.tables().stream().filter(t -> !t.isFixup())
        .forEach(t -> loads.put(t.source(), t)));
    List<String> problems = new ArrayList<>();
    for (Edge e : plan.loadOrder().edges()) {
      TablePlan child = loads.get(e.child());
      TablePlan parent = loads.get(e.parent());
      if (child == null || parent == null || Edge.EXTERNAL.equals(e.treatment())
          || (parent.rowFilter() == null || changedOnly.contains(parent.source()))
              && !allowlists.containsKey(parent.source())) {
        continue;
      }
      ForeignKey fk = source.table(e.child()).orElseThrow().foreignKeys().stream()
          .filter(k -> k.name().equals(e.constraint())).findFirst().orElseThrow();
      Table targetParent = TableMatch.match(target, parent.target()).orElse(null);
      if (targetParent == null) {
        continue;
      }
      Missing missing = new Missing();
      check(child, fk, new Parent(parent, allowlists.get(parent.source())), targetParent, reader,
          sourceConnection, sourceDialect, targetConnection, targetDialect, batchSize, missing);
      if (missing.count > 0) {
        problems.add(e.id() + ": " + missing.count + (missing.count == 1 ? " key" : " keys")
            + " that rows of " + e.child() + " (as carried) reference " + (missing.count == 1
                ? "is" : "are") + " neither among the rows of " + e.parent() + " its where:"
            + " carries nor in the target's " + targetParent.name() + ": "
            + String.join(", ", missing.first) + ". Widen " + e.parent() + "'s where: to take"
            + " them, narrow " + e.child() + "'s, or load those parents into the target first.");
      }
    }
    return problems;
  }

  /** Keys referenced nowhere: how many (distinct, as far as remembered) and the first. */
  private static final class Missing {
    long count;
    final List<String> first = new ArrayList<>();
    final Set<List<Object>> seen = new HashSet<>();

    void add(List<Object> key) {
      if (seen.size() < KEPT && !seen.add(key)) {
        return;
      }
      count++;
      if (first.size() < LISTED) {
        String text = String.join(",", key.stream().map(String::valueOf).toList());
        first.add(key.size() == 1 ? text : "(" + text + ")");
      }
    }
  }

  /** A filtered parent: its plan (with its where:) and its allowlist, or null. */
  private record Parent(TablePlan plan, KeyAllowlist allowlist) {}

  private static void check(TablePlan child, ForeignKey fk, Parent parent, Table targetParent,
      SourceReader reader, Connection sc, Dialect sd, Connection tc, Dialect td, int batchSize,
      Missing missing) throws SQLException {
    TablePlan read = child.narrowedTo(fk.columns());
    int[] positions = fk.columns().stream().mapToInt(read::indexOf).toArray();
    List<CopyColumn> kinds = java.util.Arrays.stream(positions).mapToObj(read.columns()::get)
        .toList();
    List<String> sourceColumns = fk.parentColumns().stream().map(sd::quote).toList();
    List<String> targetColumns = fk.parentColumns().stream().map(pc -> td.quote(targetParent
        .columns().stream().filter(c -> c.name().equalsIgnoreCase(pc)).findFirst().orElseThrow()
        .name())).toList();
    String sourceFrom = parent.plan().sourceFrom(sd);
    String targetFrom = td.qualify(targetParent.name());
    Set<List<Object>> asked = new HashSet<>();
    Set<List<Object>> pending = new LinkedHashSet<>();
    try (ChunkCursor cursor = reader.read(read, null, batchSize)) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        for (Object[] row : chunk.rows()) {
          List<Object> key = new ArrayList<>();
          boolean anyNull = false;
          for (int p : positions) {
            anyNull |= row[p] == null;
            key.add(row[p] instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : row[p]);
          }
          if (!anyNull && !asked.contains(key) && pending.add(key) && pending.size() >= BATCH) {
            ask(pending, kinds, parent, sourceFrom, sourceColumns, sc, sd, targetFrom,
                targetColumns, tc, td, missing);
            if (asked.size() < KEPT) {
              asked.addAll(pending);
            }
            pending.clear();
          }
        }
      }
    }
    if (!pending.isEmpty()) {
      ask(pending, kinds, parent, sourceFrom, sourceColumns, sc, sd, targetFrom, targetColumns,
          tc, td, missing);
    }
  }

  private static void ask(Set<List<Object>> keys, List<CopyColumn> kinds, Parent parent,
      String sourceFrom, List<String> sourceColumns, Connection sc, Dialect sd, String targetFrom,
      List<String> targetColumns, Connection tc, Dialect td, Missing missing)
      throws SQLException {
    Set<List<Object>> notCarried = new LinkedHashSet<>(keys);
    notCarried.removeAll(present(keys, kinds, sourceFrom, sourceColumns, sc, sd, parent));
    if (notCarried.isEmpty()) {
      return;
    }
    Set<List<Object>> inTarget = present(notCarried, kinds, targetFrom, targetColumns, tc, td,
        null);
    for (List<Object> key : notCarried) {
      if (!inTarget.contains(key)) {
        missing.add(key);
      }
    }
  }

  /**
   * The keys among {@code keys} that rows of {@code from} have; with a parent that has an
   * allowlist, only rows whose own key it lists count.
   */
  private static Set<List<Object>> present(Set<List<Object>> keys, List<CopyColumn> kinds,
      String from, List<String> columns, Connection c, Dialect dialect, Parent parent)
      throws SQLException {
    String one = "(" + String.join(" AND ", columns.stream().map(k -> k + " = ?").toList()) + ")";
    KeyAllowlist list = parent == null ? null : parent.allowlist();
    List<String> own = list == null ? List.of() : parent.plan().keyColumns();
    String sql = "SELECT " + String.join(", ", columns) + (own.isEmpty() ? ""
        : ", " + String.join(", ", own.stream().map(dialect::quote).toList())) + " FROM " + from
        + " WHERE "
        + String.join(" OR ", Collections.nCopies(keys.size(), one));
    Set<List<Object>> present = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (List<Object> key : keys) {
        for (int i = 0; i < key.size(); i++) {
          Object v = key.get(i);
          JdbcValues.bind(ps, p++, v instanceof String s && kinds.get(i).kind()
              == dev.ferry.rows.ValueKind.BINARY ? java.util.HexFormat.of().parseHex(s) : v,
              kinds.get(i).kind(), dialect);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (list != null && !list.allows(ownKey(rs, columns.size(), parent.plan()))) {
            continue;
          }
          List<Object> values = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object v = JdbcValues.read(rs, i, kinds.get(i - 1).kind());
            values.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v);
          }
          present.add(values);
        }
      }
    }
    return present;
  }

  /** The parent row's own key, read after the referenced columns. */
  private static Object[] ownKey(ResultSet rs, int after, TablePlan parent) throws SQLException {
    Object[] key = new Object[parent.keyColumns().size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = JdbcValues.read(rs, after + i + 1,
          parent.columns().get(parent.indexOf(parent.keyColumns().get(i))).kind());
    }
    return key;
  }
}
