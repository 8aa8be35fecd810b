package dev.ferry.dialect.h2;

import static dev.ferry.dialect.WriteNeeds.lacks;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a non-admin H2 user may not do of what a run needs. H2 shows a user neither its roles'
 * rights nor a way to ask for them, but it checks a statement's rights before it touches a row:
 * each right is probed with a statement that matches no row, in a transaction rolled back after
 * it (H2 refuses with 90096 when the right is missing). An admin may do everything.
 */
final class H2Privileges {

  /** "Not enough rights for object". */
  private static final int NOT_ENOUGH_RIGHTS = 90096;

  private final Connection c;
  private final H2Dialect dialect;
  private final String user;
  private final String principal;
  private final List<String> problems = new ArrayList<>();

  private H2Privileges(Connection c, H2Dialect dialect) throws SQLException {
    this.c = c;
    this.dialect = dialect;
    this.user = SqlQueries.scalar(c, "SELECT CURRENT_USER");
    this.principal = dialect.quote(user);
  }

  static List<String> problems(Connection c, H2Dialect dialect, WriteNeeds needs)
      throws SQLException {
    if (H2Dialect.isAdmin(c)) {
      return List.of();
    }
    H2Privileges check = new H2Privileges(c, dialect);
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (TableName table : needs.tables()) {
        Map<String, String> probes = new LinkedHashMap<>();
        String name = dialect.qualify(table);
        probes.put("SELECT", "SELECT 1 FROM " + name + " WHERE FALSE");
        if (needs.inserts().contains(table)) {
          probes.put("INSERT", "INSERT INTO " + name + " SELECT * FROM " + name + " WHERE FALSE");
        }
        Set<String> updated = needs.updates().get(table);
        if (updated != null) {
          String column = dialect.quote(updated.iterator().next());
          probes.put("UPDATE", "UPDATE " + name + " SET " + column + " = " + column
              + " WHERE FALSE");
        }
        if (needs.deletes().contains(table) || needs.truncates().contains(table)) {
          probes.put("DELETE", "DELETE FROM " + name + " WHERE FALSE");
        }
        check.table(table, probes, table.qualified());
      }
      for (TableName child : new java.util.TreeSet<>(needs.setAside().keySet())) {
        check.owner(child, "drop and re-create the foreign keys of " + child + " for the load");
      }
      for (TableName table : new java.util.TreeSet<>(needs.identityResets().keySet())) {
        check.owner(table, "move the identity of " + table + " past the loaded keys (ALTER TABLE"
            + " ... RESTART WITH)");
      }
      check.stateTables(needs.stateTables());
    } finally {
      c.rollback();
      c.setAutoCommit(auto);
    }
    return check.problems;
  }

  private void table(TableName table, Map<String, String> probes, String what)
      throws SQLException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> probe : probes.entrySet()) {
      // an INSERT or UPDATE probe also reads the table: only count it once SELECT passed
      if (!missing.contains("SELECT") && denied(probe.getValue())) {
        missing.add(probe.getKey());
      }
    }
    if (!missing.isEmpty()) {
      problems.add(lacks("user " + user, missing, what,
          dialect.grant(String.join(", ", missing), table, principal)));
    }
  }

  /** Altering a table (its constraints, its identity) takes owning the table's schema. */
  private void owner(TableName table, String what) throws SQLException {
    if (!user.equals(schemaOwner(table.schema()))) {
      problems.add("user " + user + " does not own schema " + table.schema() + ", and only its"
          + " owner (or an admin) may " + what + ": connect as an admin or as the schema's"
          + " owner");
    }
  }

  /**
   * Existing state tables must be writable; missing ones creatable: in schema FERRY when the user
   * owns it (creating a schema takes an admin).
   */
  private void stateTables(List<TableName> stateTables) throws SQLException {
    List<String> missing = new ArrayList<>();
    String schema = null;
    for (TableName table : stateTables) {
      schema = table.schema();
      if (SqlQueries.scalar(c, "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ?"
          + " AND TABLE_NAME = ?", table.schema(), table.name()) == null) {
        missing.add(table.qualified());
        continue;
      }
      String name = dialect.qualify(table);
      Map<String, String> probes = new LinkedHashMap<>();
      probes.put("SELECT", "SELECT 1 FROM " + name + " WHERE FALSE");
      probes.put("INSERT", "INSERT INTO " + name + " SELECT * FROM " + name + " WHERE FALSE");
      probes.put("UPDATE", "UPDATE " + name + " SET " + dialect.quote("run_id") + " = "
          + dialect.quote("run_id") + " WHERE FALSE");
      probes.put("DELETE", "DELETE FROM " + name + " WHERE FALSE");
      table(table, probes, "ferry's state table " + table.qualified());
    }
    if (!missing.isEmpty() && !user.equals(schemaOwner(schema))) {
      problems.add("user " + user + " may not create ferry's state tables (they hold run"
          + " checkpoints; missing: " + String.join(", ", missing) + "): only an admin may create"
          + " schema " + schema + ", and only its owner may create tables in it. Have an admin"
          + " run CREATE SCHEMA " + dialect.quote(schema) + " AUTHORIZATION " + principal
          + (schemaOwner(schema) == null ? "" : " (it exists: ALTER SCHEMA is not enough, the"
              + " tables must be created by its owner " + schemaOwner(schema) + ")"));
    }
  }

  private String schemaOwner(String schema) throws SQLException {
    return SqlQueries.scalar(c, "SELECT SCHEMA_OWNER FROM INFORMATION_SCHEMA.SCHEMATA"
        + " WHERE SCHEMA_NAME = ?", schema);
  }

  private boolean denied(String probe) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(probe);
      return false;
    } catch (SQLException e) {
      if (e.getErrorCode() == NOT_ENOUGH_RIGHTS) {
        return true;
      }
      throw e;
    }
  }
}
