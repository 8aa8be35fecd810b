package dev.ferry.identity;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@code create} fallback needs from the target: its identity table in a database (not an
 * exported list of users), a key the target generates itself (identity, serial, auto-increment or
 * a default such as {@code gen_random_uuid()}), and a value for every NOT NULL column from the
 * source user's row or the column's default. Checks that need the rows (the parents of the new
 * users' foreign keys) run in the copy's preflight.
 */
public final class CreateFallback {

  private CreateFallback() {}

  /**
   * Why users cannot be created in the target; empty when they can.
   *
   * @param source the source's identity table (null when not known, as for a bundle)
   * @param target the target's identity table; null when the target's users come from a file
   * @param key the identity key column ({@code identity.key})
   */
  public static List<String> obstacles(Table source, Table target, String key) {
    if (target == null) {
      return List.of("the target's users come from a file (--target-users): ferry creates users"
          + " only in a target database it writes to");
    }
    List<String> obstacles = new ArrayList<>();
    Column keyColumn = target.columns().stream().filter(c -> c.name().equalsIgnoreCase(key))
        .findFirst().orElseThrow();
    if (!generatesItself(keyColumn)) {
      obstacles.add("the target's key " + target.name().qualified() + "." + keyColumn.name()
          + " has no generated value (identity, serial, auto-increment or a default), so ferry"
          + " cannot ask the target for a new key");
    }
    for (Column c : target.columns()) {
      if (c == keyColumn || c.nullable() || generatesItself(c)) {
        continue;
      }
      boolean fromSource = source == null || source.columns().stream()
          .anyMatch(s -> s.name().equalsIgnoreCase(c.name()));
      if (!fromSource) {
        obstacles.add("the target's column " + target.name().qualified() + "." + c.name()
            + " is NOT NULL without a default and the source's users have no such column");
      }
    }
    return obstacles;
  }

  /** The state table in the target that records the users the fallback created. */
  public static TableName stateTable(Connection c, Dialect dialect) throws SQLException {
    return dialect.stateTable(c, "created_user");
  }

  /**
   * The users the fallback created in a target database, as recorded in its state table: source
   * key text to target key text (sorted); empty when it never created any.
   *
   * @param identityTable the target's identity table
   */
  public static Map<String, String> recorded(Connection c, Dialect dialect,
      TableName identityTable) throws SQLException {
    Map<String, String> found = new TreeMap<>();
    TableName state = stateTable(c, dialect);
    boolean catalogs = dialect.supports(Capability.SCHEMAS_ARE_CATALOGS);
    try (ResultSet rs = c.getMetaData().getTables(catalogs ? state.schema() : null,
        catalogs ? null : state.schema(), state.name(), null)) {
      if (!rs.next()) {
        return found;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT " + dialect.quote("source_key") + ", "
        + dialect.quote("target_key") + " FROM " + dialect.qualify(state) + " WHERE "
        + dialect.quote("identity_table") + " = ?")) {
      ps.setString(1, identityTable.qualified());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return found;
  }

  /** True when the engine fills the column when an INSERT leaves it out. */
  static boolean generatesItself(Column column) {
    return (column.isGenerated() && !"computed".equals(column.generation()))
        || column.defaultValue() != null;
  }
}
