package dev.ferry.copy;

import dev.ferry.api.RunReport.OrphanCheck;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.jdbc.OrphanSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What follows the load on a database target: identity resets and the mandatory orphan checks
 * (run by {@link EarlyProofs}, each as soon as its tables are loaded).
 */
public final class PostLoad {

  private PostLoad() {}

  /** Moves identities and sequences past the loaded keys; returns {@code table.column} names. */
  static List<String> resetIdentities(Connection c, Dialect dialect,
      Map<TableName, List<String>> resets) throws SQLException {
    List<String> done = new ArrayList<>();
    for (Map.Entry<TableName, List<String>> entry : resets.entrySet()) {
      for (String column : entry.getValue()) {
        dialect.resetIdentity(c, entry.getKey(), column);
        done.add(entry.getKey() + "." + column);
      }
    }
    return done;
  }

  /** The checks of {@code edges} in their order, from the counts of orphans by edge id. */
  static List<OrphanCheck> checks(List<Edge> edges, Map<String, Long> counts) {
    List<OrphanCheck> checks = new ArrayList<>();
    for (Edge e : edges) {
      long orphans = counts.get(e.id());
      checks.add(new OrphanCheck(e.id(), orphans, orphans == 0));
    }
    return checks;
  }

  /**
   * Keys proven by one query: those of one child table whose parent columns are the parent's
   * primary or unique key, counted in one scan of the child (one outer join per key, which
   * cannot multiply rows because each parent key matches at most once); or any other key alone.
   *
   * @param joined whether {@code edges} share one outer-join scan
   */
  record ProofGroup(TableName child, List<Edge> edges, boolean joined) {
    /** The source tables whose rows the proof reads. */
    Set<TableName> tables() {
      Set<TableName> tables = new HashSet<>();
      tables.add(child);
      edges.forEach(e -> tables.add(e.parent()));
      return tables;
    }
  }

  /** The proofs of {@code edges}: the joinable keys of each child together, any other alone. */
  static List<ProofGroup> groups(List<Edge> edges, Catalog target, Catalog source) {
    Map<TableName, List<Edge>> joinable = new LinkedHashMap<>();
    List<ProofGroup> groups = new ArrayList<>();
    for (Edge e : edges) {
      Table parent = TableMatch.match(target, e.parent()).orElseThrow();
      if (parent.isKey(foreignKey(source, e).parentColumns())) {
        joinable.computeIfAbsent(e.child(), k -> new ArrayList<>()).add(e);
      } else {
        groups.add(new ProofGroup(e.child(), List.of(e), false));
      }
    }
    joinable.forEach((child, group) -> groups.add(new ProofGroup(child, group, true)));
    return groups;
  }

  /** Runs one proof: the number of orphans by edge id. */
  static Map<String, Long> prove(Connection c, Dialect dialect, ProofGroup group,
      Catalog source, Catalog target) throws SQLException {
    Table child = TableMatch.match(target, group.child()).orElseThrow();
    String childFrom = dialect.qualify(child.name());
    List<OrphanSql.Reference> refs = new ArrayList<>();
    for (Edge e : group.edges()) {
      refs.add(reference(source, target, child, e));
    }
    Map<String, Long> counts = new HashMap<>();
    if (!group.joined()) {
      counts.put(group.edges().get(0).id(),
          count(c, "SELECT COUNT(*)" + OrphanSql.whereOrphan(dialect, childFrom, refs.get(0))));
      return counts;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(OrphanSql.countJoined(dialect, childFrom, refs))) {
      rs.next();
      for (int k = 0; k < group.edges().size(); k++) {
        counts.put(group.edges().get(k).id(), rs.getLong(k + 1)); // SUM of no rows is NULL: 0
      }
    }
    return counts;
  }

  /** Rows of each failed check listed per problem line. */
  private static final int LOCATED = 5;

  /**
   * The problem lines of a load's proofs: each failed orphan check with its first rows located
   * (the child's key and the reference), and each foreign key restored without checking the rows
   * present, with what the operator runs once those rows are fixed.
   */
  static List<String> problems(JdbcTarget target, CopyPlan plan, Catalog source, Catalog tc,
      List<OrphanCheck> orphans, List<SetAsideConstraints.Restored> restored) {
    List<String> problems = new ArrayList<>();
    Map<String, Edge> edges = new HashMap<>();
    plan.orphanChecks().forEach(e -> edges.put(e.id(), e));
    List<OrphanCheck> failed = orphans.stream().filter(o -> !o.passed()).toList();
    if (!failed.isEmpty()) {
      try (Connection c = target.openReader()) {
        for (OrphanCheck o : failed) {
          List<String> rows = locate(c, target.dialect(), edges.get(o.constraint()), source, tc);
          problems.add(o.constraint() + ": " + o.orphans() + " rows reference no parent"
              + (rows.isEmpty() ? "" : ", e.g. " + String.join(", ", rows)));
        }
      } catch (SQLException e) {
        failed.forEach(o -> problems.add(o.constraint() + ": " + o.orphans()
            + " rows reference no parent"));
      }
    }
    for (SetAsideConstraints.Restored r : restored) {
      if (!r.validated()) {
        problems.add("foreign key " + SetAsideConstraints.name(r.constraint()) + " was set"
            + " aside for the load, and rows violate it (" + r.violation() + "): it was"
            + " re-created without checking the rows present (" + r.constraint()
            .restoreUnchecked() + "), so new rows are checked and these are not. Fix those rows,"
            + " then run: " + target.dialect().validate(r.constraint()));
      }
    }
    return problems;
  }

  /**
   * The first rows of the child whose reference has no parent, each as its key and the
   * reference: {@code id=41 (a_id=99)}. The key is the child's primary key, else the reference.
   */
  static List<String> locate(Connection c, Dialect dialect, Edge e, Catalog source, Catalog tc)
      throws SQLException {
    Table child = TableMatch.match(tc, e.child()).orElseThrow();
    OrphanSql.Reference ref = reference(source, tc, child, e);
    List<String> key = child.primaryKey() != null ? child.primaryKey().columns() : ref.columns();
    List<String> shown = new ArrayList<>(key);
    ref.columns().stream().filter(col -> !key.contains(col)).forEach(shown::add);
    String columns = String.join(", ", shown.stream().map(col -> "c." + dialect.quote(col))
        .toList());
    String sql = "SELECT " + columns + OrphanSql.whereOrphan(dialect, dialect.qualify(
        child.name()), ref) + " ORDER BY " + String.join(", ", key.stream()
        .map(col -> "c." + dialect.quote(col)).toList());
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      s.setMaxRows(LOCATED);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          List<String> keys = new ArrayList<>();
          List<String> refs = new ArrayList<>();
          for (int i = 0; i < shown.size(); i++) {
            String pair = shown.get(i) + "=" + rs.getString(i + 1);
            (i < key.size() ? keys : refs).add(pair);
          }
          rows.add(String.join(", ", keys) + (refs.isEmpty() ? ""
              : " (" + String.join(", ", refs) + ")"));
        }
      }
    }
    return rows;
  }

  /** An edge's key in the target's spelling of its tables and columns. */
  private static OrphanSql.Reference reference(Catalog source, Catalog target, Table child,
      Edge e) {
    Table parent = TableMatch.match(target, e.parent()).orElseThrow();
    ForeignKey fk = foreignKey(source, e);
    return new OrphanSql.Reference(parent.name(),
        fk.columns().stream().map(n -> columnIn(child, n)).toList(),
        fk.parentColumns().stream().map(n -> columnIn(parent, n)).toList());
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static ForeignKey foreignKey(Catalog source, Edge e) {
    return source.table(e.child()).orElseThrow().foreignKeys().stream()
        .filter(k -> k.name().equals(e.constraint())).findFirst().orElseThrow();
  }

  private static String columnIn(Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name))
        .findFirst().orElseThrow().name();
  }

  /**
   * The identities to move past the loaded keys; in a tenant's run not those of remapped tables,
   * whose keys their sequence gave: moving it to the highest key committed could move it back
   * behind keys another tenant's run has drawn and not yet committed (docs/consolidate.md).
   */
  static java.util.Map<dev.ferry.catalog.TableName, List<String>> identityResets(CopyPlan plan,
      MergePlan merges, boolean tenant) {
    java.util.Map<dev.ferry.catalog.TableName, List<String>> resets =
        new java.util.TreeMap<>(plan.identityResets());
    if (tenant) {
      plan.steps().stream().flatMap(s -> s.tables().stream())
          .filter(t -> merges.remap().remapped(t) != null).forEach(t -> resets.remove(t.target()));
    }
    return resets;
  }
}
