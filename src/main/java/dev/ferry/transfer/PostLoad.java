package dev.ferry.transfer;

import dev.ferry.api.RunReport.OrphanCheck;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.LoadOrder.Edge;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What follows the load on a database target: identity resets and mandatory orphan checks. */
final class PostLoad {

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

  /**
   * Counts, for each foreign key loaded without checks, the child rows whose reference has no
   * parent in the target. The keys of one child table whose parent columns are the parent's
   * primary or unique key are counted in one scan of the child (one outer join per key, which
   * cannot multiply rows because each parent key matches at most once); any other key in a
   * query of its own. Results come in the order of {@code edges}.
   */
  static List<OrphanCheck> orphans(Connection c, Dialect dialect, List<Edge> edges,
      Catalog source, Catalog target) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    Map<TableName, List<Edge>> joinable = new LinkedHashMap<>();
    for (Edge e : edges) {
      Table parent = CopyPlanner.match(target, e.parent()).orElseThrow();
      if (uniqueInParent(parent, foreignKey(source, e).parentColumns())) {
        joinable.computeIfAbsent(e.child(), k -> new ArrayList<>()).add(e);
      } else {
        counts.put(e.id(), count(c, notExists(dialect, source, target, e)));
      }
    }
    for (List<Edge> group : joinable.values()) {
      Table child = CopyPlanner.match(target, group.get(0).child()).orElseThrow();
      List<String> sums = new ArrayList<>();
      StringBuilder from = new StringBuilder(dialect.qualify(child.name()) + " c");
      for (int k = 0; k < group.size(); k++) {
        Edge e = group.get(k);
        Table parent = CopyPlanner.match(target, e.parent()).orElseThrow();
        ForeignKey fk = foreignKey(source, e);
        String alias = "p" + k;
        List<String> present = new ArrayList<>();
        List<String> on = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
          String cc = "c." + dialect.quote(columnIn(child, fk.columns().get(i)));
          present.add(cc + " IS NOT NULL");
          on.add(alias + "." + dialect.quote(columnIn(parent, fk.parentColumns().get(i)))
              + " = " + cc);
        }
        String firstParent = alias + "." + dialect.quote(columnIn(parent,
            fk.parentColumns().get(0)));
        sums.add("SUM(CASE WHEN " + String.join(" AND ", present) + " AND " + firstParent
            + " IS NULL THEN 1 ELSE 0 END)");
        from.append(" LEFT JOIN ").append(dialect.qualify(parent.name())).append(' ')
            .append(alias).append(" ON ").append(String.join(" AND ", on));
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT " + String.join(", ", sums) + " FROM " + from)) {
        rs.next();
        for (int k = 0; k < group.size(); k++) {
          counts.put(group.get(k).id(), rs.getLong(k + 1)); // SUM of no rows is NULL: 0
        }
      }
    }
    List<OrphanCheck> checks = new ArrayList<>();
    for (Edge e : edges) {
      long orphans = counts.get(e.id());
      checks.add(new OrphanCheck(e.id(), orphans, orphans == 0));
    }
    return checks;
  }

  private static String notExists(Dialect dialect, Catalog source, Catalog target, Edge e) {
    Table child = CopyPlanner.match(target, e.child()).orElseThrow();
    Table parent = CopyPlanner.match(target, e.parent()).orElseThrow();
    ForeignKey fk = foreignKey(source, e);
    List<String> notNull = new ArrayList<>();
    List<String> joins = new ArrayList<>();
    for (int i = 0; i < fk.columns().size(); i++) {
      String cc = "c." + dialect.quote(columnIn(child, fk.columns().get(i)));
      String pc = "p." + dialect.quote(columnIn(parent, fk.parentColumns().get(i)));
      notNull.add(cc + " IS NOT NULL");
      joins.add(pc + " = " + cc);
    }
    return "SELECT COUNT(*) FROM " + dialect.qualify(child.name()) + " c WHERE "
        + String.join(" AND ", notNull) + " AND NOT EXISTS (SELECT 1 FROM "
        + dialect.qualify(parent.name()) + " p WHERE " + String.join(" AND ", joins) + ")";
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

  /** Whether the columns (source names) are exactly the parent's primary key or a full unique key. */
  private static boolean uniqueInParent(Table parent, List<String> columns) {
    Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    wanted.addAll(columns);
    List<List<String>> keys = new ArrayList<>();
    if (parent.primaryKey() != null) {
      keys.add(parent.primaryKey().columns());
    }
    parent.uniqueKeys().stream().filter(u -> !u.partial()).forEach(u -> keys.add(u.columns()));
    for (List<String> key : keys) {
      Set<String> have = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      have.addAll(key);
      if (have.equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static String columnIn(Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name))
        .findFirst().orElseThrow().name();
  }
}
