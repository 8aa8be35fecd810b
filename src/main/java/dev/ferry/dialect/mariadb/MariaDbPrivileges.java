package dev.ferry.dialect.mariadb;

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
 * What the connected user may not do of what a run needs, asked of the server itself: MariaDB has
 * no function that answers "may I", and its information_schema leaves out privileges held through
 * roles and PUBLIC. The server checks a statement's privileges before anything else when it is
 * explained ({@code EXPLAIN INSERT ...}) or prepared ({@code PREPARE ... FROM 'CREATE TABLE
 * ...'}), so each probe either is refused for a privilege (error 1142, 1143 or 1044), or gets as
 * far as the read-only session's refusal to write (1792) or an empty plan. Nothing is written.
 */
final class MariaDbPrivileges {

  /** Access denied to a table, a column, a database. */
  private static final Set<Integer> DENIED = Set.of(1142, 1143, 1044);

  private final Connection c;
  private final MariaDbDialect dialect;
  private final String principal;
  private final List<String> problems = new ArrayList<>();

  private MariaDbPrivileges(Connection c, MariaDbDialect dialect) throws SQLException {
    this.c = c;
    this.dialect = dialect;
    this.principal = dialect.principal(c);
  }

  static List<String> problems(Connection c, MariaDbDialect dialect, WriteNeeds needs)
      throws SQLException {
    MariaDbPrivileges check = new MariaDbPrivileges(c, dialect);
    for (TableName table : needs.tables()) {
      Map<String, String> probes = new LinkedHashMap<>();
      String name = dialect.qualify(table);
      probes.put("SELECT", "SELECT 1 FROM " + name + " WHERE 1 = 0");
      if (needs.inserts().contains(table)) {
        probes.put("INSERT", "EXPLAIN INSERT INTO " + name + " () VALUES ()");
      }
      Set<String> updated = needs.updates().get(table);
      if (updated != null) {
        // assigning NULL reads no column, so only UPDATE is asked for; the WHERE keeps it empty
        probes.put("UPDATE", "EXPLAIN UPDATE " + name + " SET " + String.join(", ",
            updated.stream().sorted().map(col -> dialect.quote(col) + " = NULL").toList())
            + " WHERE 1 = 0");
      }
      if (needs.deletes().contains(table) || needs.truncates().contains(table)) {
        probes.put("DELETE", "EXPLAIN DELETE FROM " + name + " WHERE 1 = 0");
      }
      check.table(table, probes, table.qualified());
    }
    check.stateTables(needs.stateTables());
    return check.problems;
  }

  private void table(TableName table, Map<String, String> probes, String what)
      throws SQLException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> probe : probes.entrySet()) {
      if (denied(probe.getValue())) {
        missing.add(probe.getKey());
      }
    }
    if (!missing.isEmpty()) {
      problems.add(lacks(principal, missing, what,
          dialect.grant(String.join(", ", missing), table, principal)));
    }
  }

  /** Existing state tables must be writable; missing ones creatable (CREATE on the database). */
  private void stateTables(List<TableName> stateTables) throws SQLException {
    List<String> missing = new ArrayList<>();
    String database = null;
    for (TableName table : stateTables) {
      database = table.schema();
      boolean exists = SqlQueries.scalar(c, "SELECT 1 FROM information_schema.TABLES"
          + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", table.schema(), table.name()) != null;
      if (!exists) {
        missing.add(table.name());
        continue;
      }
      Map<String, String> probes = new LinkedHashMap<>();
      String name = dialect.qualify(table);
      probes.put("SELECT", "SELECT 1 FROM " + name + " WHERE 1 = 0");
      probes.put("INSERT", "EXPLAIN INSERT INTO " + name + " () VALUES ()");
      probes.put("UPDATE", "EXPLAIN UPDATE " + name + " SET " + dialect.quote("run_id")
          + " = NULL WHERE 1 = 0");
      probes.put("DELETE", "EXPLAIN DELETE FROM " + name + " WHERE 1 = 0");
      table(table, probes, table.qualified());
    }
    if (missing.isEmpty()) {
      return;
    }
    TableName first = new TableName(database, missing.get(0));
    String create = "PREPARE ferry_probe FROM 'CREATE TABLE " + dialect.qualify(first)
        .replace("'", "''") + " (x INT)'";
    if (denied(create)) {
      problems.add(principal + " may not create ferry's state tables in database " + database
          + " (they hold run checkpoints; missing: " + String.join(", ", missing) + "): GRANT"
          + " CREATE ON " + dialect.quote(database) + ".* TO " + principal + ", or have an"
          + " administrator create them once (a run as a user who may, with nothing to copy)"
          + " and GRANT SELECT, INSERT, UPDATE, DELETE on them");
    } else {
      try {
        run("DEALLOCATE PREPARE ferry_probe");
      } catch (SQLException notPrepared) {
        // the read-only session stopped it before it was prepared: nothing to free
      }
    }
  }

  /** True when the server refuses the probe for a privilege the user lacks. */
  private boolean denied(String probe) throws SQLException {
    try {
      run(probe);
      return false;
    } catch (SQLException e) {
      if (DENIED.contains(e.getErrorCode())) {
        return true;
      }
      if (e.getErrorCode() == 1792) {
        return false; // the read-only session refused to write: every privilege was there
      }
      throw e;
    }
  }

  private void run(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
