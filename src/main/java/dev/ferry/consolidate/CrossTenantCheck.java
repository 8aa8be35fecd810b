package dev.ferry.consolidate;

import dev.ferry.api.Consolidation;
import dev.ferry.api.ConsolidationVerification.CrossTenant;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether every reference in a consolidated target stays within its tenant (docs/consolidate.md,
 * "Verifying a consolidation"): for each foreign key of the target between two tables that carry
 * a tenant column, the rows whose parent row belongs to another tenant. One query per key, run
 * by the target; nothing is held beyond the first rows listed.
 */
final class CrossTenantCheck {

  private CrossTenantCheck() {}

  /**
   * @param source a tenant's source catalog: its tables are the consolidated ones
   * @param target the target's catalog
   */
  static List<CrossTenant> run(Consolidation manifest, Catalog source, Catalog target,
      int maxRows) {
    Map<String, TenantTables.TenantColumn> tenantTables = new HashMap<>();
    for (Table t : source.tables()) {
      TenantTables.tenantColumn(manifest, target, t.name())
          .ifPresent(tc -> tenantTables.put(tc.table().name().qualified(), tc));
    }
    List<CrossTenant> found = new ArrayList<>();
    Dialect dialect = Dialects.forUrl(manifest.target().url());
    try (Connection c = Connections.open(manifest.target(), dialect, true)) {
      for (Table t : target.tables()) {
        TenantTables.TenantColumn child = tenantTables.get(t.name().qualified());
        if (child == null) {
          continue;
        }
        for (ForeignKey fk : t.foreignKeys()) {
          TenantTables.TenantColumn parent = tenantTables.get(fk.parent().qualified());
          if (parent != null) {
            CrossTenant crossing = crossing(c, dialect, child, fk, parent, maxRows);
            if (crossing != null) {
              found.add(crossing);
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, "checking the tenants' references in "
          + manifest.target().describe() + " failed: " + manifest.target().redact(
              e.getMessage()), e);
    }
    return found;
  }

  private static CrossTenant crossing(Connection c, Dialect d, TenantTables.TenantColumn child,
      ForeignKey fk, TenantTables.TenantColumn parent, int maxRows) throws SQLException {
    StringBuilder join = new StringBuilder(" FROM " + d.qualify(child.table().name()) + " c JOIN "
        + d.qualify(parent.table().name()) + " p ON ");
    for (int i = 0; i < fk.columns().size(); i++) {
      join.append(i == 0 ? "" : " AND ").append("c.").append(d.quote(fk.columns().get(i)))
          .append(" = p.").append(d.quote(fk.parentColumns().get(i)));
    }
    join.append(" WHERE c.").append(d.quote(child.column())).append(" <> p.")
        .append(d.quote(parent.column()));
    long rows;
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + join);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      rows = rs.getLong(1);
    }
    if (rows == 0) {
      return null;
    }
    List<String> key = TableMatch.keyOf(child.table());
    List<String> shown = key.isEmpty() ? fk.columns() : key;
    StringBuilder select = new StringBuilder("SELECT c.").append(d.quote(child.column()))
        .append(", p.").append(d.quote(parent.column()));
    shown.forEach(k -> select.append(", c.").append(d.quote(k)));
    StringBuilder order = new StringBuilder();
    shown.forEach(k -> order.append(order.length() == 0 ? " ORDER BY " : ", ").append("c.")
        .append(d.quote(k)));
    List<String> first = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(select + join.toString() + order)) {
      ps.setMaxRows(maxRows);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < shown.size(); i++) {
            values.add(rs.getString(i + 3));
          }
          first.add((values.size() == 1 ? values.get(0) : values.toString()) + " (tenant "
              + rs.getString(1) + ", its parent's " + rs.getString(2) + ")");
        }
      }
    }
    return new CrossTenant(child.table().name().qualified(), String.join(", ", fk.columns()),
        parent.table().name().qualified(), rows, first);
  }
}
