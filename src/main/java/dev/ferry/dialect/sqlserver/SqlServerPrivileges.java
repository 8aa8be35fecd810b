package dev.ferry.dialect.sqlserver;

import static dev.ferry.dialect.WriteNeeds.lacks;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the connected user may not do of what a run needs, asked of {@code HAS_PERMS_BY_NAME},
 * which answers for the user with its roles. Untested: no SQL Server runs in ferry's test
 * environment (see docs/engines.md); the queries follow the documented function.
 */
final class SqlServerPrivileges {

  private SqlServerPrivileges() {}

  static List<String> problems(Connection c, SqlServerDialect dialect, WriteNeeds needs)
      throws SQLException {
    String user = SqlQueries.scalar(c, "SELECT USER_NAME()");
    String principal = dialect.quote(user);
    List<String> problems = new ArrayList<>();
    for (TableName table : needs.tables()) {
      List<String> missing = new ArrayList<>();
      List<String> wanted = new ArrayList<>(List.of("SELECT"));
      if (needs.inserts().contains(table)) {
        wanted.add("INSERT");
      }
      if (needs.updates().containsKey(table)) {
        wanted.add("UPDATE");
      }
      if (needs.deletes().contains(table) || needs.truncates().contains(table)) {
        wanted.add("DELETE");
      }
      // SET IDENTITY_INSERT, DBCC CHECKIDENT and NOCHECK CONSTRAINT take ALTER on the table
      if (needs.identityResets().containsKey(table) || needs.setAside().containsKey(table)) {
        wanted.add("ALTER");
      }
      for (String permission : wanted) {
        if (!has(c, dialect.qualify(table), "OBJECT", permission)) {
          missing.add(permission);
        }
      }
      if (!missing.isEmpty()) {
        problems.add(lacks("user " + user, missing, table.qualified(),
            dialect.grant(String.join(", ", missing), table, principal)));
      }
    }
    List<String> absent = new ArrayList<>();
    for (TableName table : needs.stateTables()) {
      if (SqlQueries.scalar(c, "SELECT OBJECT_ID(?, 'U')", dialect.qualify(table)) == null) {
        absent.add(table.qualified());
        continue;
      }
      List<String> missing = new ArrayList<>();
      for (String permission : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
        if (!has(c, dialect.qualify(table), "OBJECT", permission)) {
          missing.add(permission);
        }
      }
      if (!missing.isEmpty()) {
        problems.add(lacks("user " + user, missing, "ferry's state table " + table.qualified(),
            dialect.grant(String.join(", ", missing), table, principal)));
      }
    }
    if (!absent.isEmpty()) {
      String schema = needs.stateTables().get(0).schema();
      boolean may = "1".equals(SqlQueries.scalar(c,
          "SELECT HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE TABLE')"))
          && has(c, dialect.quote(schema), "SCHEMA", "ALTER");
      if (!may) {
        problems.add("user " + user + " may not create ferry's state tables in schema " + schema
            + " (they hold run checkpoints; missing: " + String.join(", ", absent) + "): GRANT"
            + " CREATE TABLE TO " + principal + "; GRANT ALTER ON SCHEMA::"
            + dialect.quote(schema) + " TO " + principal);
      }
    }
    return problems;
  }

  private static boolean has(Connection c, String securable, String kind, String permission)
      throws SQLException {
    return "1".equals(SqlQueries.scalar(c, "SELECT HAS_PERMS_BY_NAME(?, ?, ?)", securable, kind,
        permission));
  }
}
