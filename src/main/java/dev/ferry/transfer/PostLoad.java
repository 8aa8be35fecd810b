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
import java.util.List;
import java.util.Map;

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
   * parent in the target.
   */
  static List<OrphanCheck> orphans(Connection c, Dialect dialect, List<Edge> edges,
      Catalog source, Catalog target) throws SQLException {
    List<OrphanCheck> checks = new ArrayList<>();
    for (Edge e : edges) {
      Table child = CopyPlanner.match(target, e.child()).orElseThrow();
      Table parent = CopyPlanner.match(target, e.parent()).orElseThrow();
      ForeignKey fk = source.table(e.child()).orElseThrow().foreignKeys().stream()
          .filter(k -> k.name().equals(e.constraint())).findFirst().orElseThrow();
      List<String> notNull = new ArrayList<>();
      List<String> joins = new ArrayList<>();
      for (int i = 0; i < fk.columns().size(); i++) {
        String cc = "c." + dialect.quote(columnIn(child, fk.columns().get(i)));
        String pc = "p." + dialect.quote(columnIn(parent, fk.parentColumns().get(i)));
        notNull.add(cc + " IS NOT NULL");
        joins.add(pc + " = " + cc);
      }
      String sql = "SELECT COUNT(*) FROM " + dialect.qualify(child.name()) + " c WHERE "
          + String.join(" AND ", notNull) + " AND NOT EXISTS (SELECT 1 FROM "
          + dialect.qualify(parent.name()) + " p WHERE " + String.join(" AND ", joins) + ")";
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        long orphans = rs.getLong(1);
        checks.add(new OrphanCheck(e.id(), orphans, orphans == 0));
      }
    }
    return checks;
  }

  private static String columnIn(Table table, String name) {
    return table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name))
        .findFirst().orElseThrow().name();
  }
}
