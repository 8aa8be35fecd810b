package dev.ferry.dialect.postgres;

import static dev.ferry.dialect.WriteNeeds.lacks;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the connected role may not do of what a run needs, asked of PostgreSQL's privilege
 * functions ({@code has_table_privilege} and its kin), which answer for the role with everything
 * it inherits. Reads only.
 */
final class PostgresPrivileges {

  private static final String TABLES_SQL = """
      SELECT t.ord, has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'INSERT'),
             has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE'),
             has_table_privilege(c.oid, 'TRUNCATE'),
             c.relrowsecurity AND NOT r.rolsuper AND NOT r.rolbypassrls
               AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE'))
      FROM unnest(?::text[]) WITH ORDINALITY AS t(name, ord)
      JOIN pg_class c ON c.oid = t.name::regclass
      JOIN pg_roles r ON r.rolname = current_user
      ORDER BY t.ord
      """;

  private final Connection c;
  /** Sequences already asked about: one shared by several tables is asked once. */
  private final Set<String> sequencesChecked = new java.util.HashSet<>();
  private final PostgresDialect dialect;
  private final String role;
  private final String principal;
  private final List<String> problems = new ArrayList<>();

  private PostgresPrivileges(Connection c, PostgresDialect dialect) throws SQLException {
    this.c = c;
    this.dialect = dialect;
    this.role = SqlQueries.scalar(c, "SELECT current_user");
    this.principal = dialect.quote(role);
  }

  static List<String> problems(Connection c, PostgresDialect dialect, WriteNeeds needs)
      throws SQLException {
    PostgresPrivileges check = new PostgresPrivileges(c, dialect);
    check.schemas(needs.tables());
    check.tables(needs);
    for (Map.Entry<TableName, List<String>> reset : new TreeMap<>(needs.identityResets())
        .entrySet()) {
      for (String column : reset.getValue()) {
        check.sequence(reset.getKey(), column, needs.inserts());
      }
    }
    for (Map.Entry<TableName, Set<TableName>> child : new TreeMap<>(needs.setAside())
        .entrySet()) {
      check.setAside(child.getKey(), child.getValue());
    }
    check.stateTables(needs.stateTables());
    return check.problems;
  }

  private void schemas(Set<TableName> tables) throws SQLException {
    for (String schema : SqlQueries.schemasOf(tables)) {
      if (!isTrue("SELECT has_schema_privilege(?, 'USAGE')", schema)) {
        problems.add(lacks("role " + role, List.of("USAGE"), "schema " + schema,
            "GRANT USAGE ON SCHEMA " + dialect.quote(schema) + " TO " + principal));
      }
    }
  }

  /** One query for every table: a copy of a thousand tables asks once, not thousands of times. */
  private void tables(WriteNeeds needs) throws SQLException {
    List<TableName> tables = new ArrayList<>(needs.tables());
    if (tables.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(TABLES_SQL)) {
      ps.setArray(1, c.createArrayOf("text",
          tables.stream().map(dialect::qualify).toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          TableName table = tables.get(rs.getInt(1) - 1);
          List<String> missing = new ArrayList<>();
          if (!rs.getBoolean(2)) {
            missing.add("SELECT");
          }
          if (needs.inserts().contains(table) && !rs.getBoolean(3)) {
            missing.add("INSERT");
          }
          Set<String> updated = needs.updates().get(table);
          if (updated != null && !rs.getBoolean(4) && !mayUpdateColumns(table, updated)) {
            missing.add("UPDATE");
          }
          if (needs.deletes().contains(table) && !rs.getBoolean(5)) {
            missing.add("DELETE");
          }
          if (needs.truncates().contains(table) && !rs.getBoolean(6)) {
            missing.add("TRUNCATE");
          }
          if (!missing.isEmpty()) {
            problems.add(lacks("role " + role, missing, table.qualified(),
                dialect.grant(String.join(", ", missing), table, principal)));
          }
          if (needs.inserts().contains(table) && rs.getBoolean(7)) {
            problems.add("policy_denied: " + table + " has row-level security and role " + role
                + " cannot bypass it, so rows could be silently filtered. Load as the table"
                + " owner, a role with BYPASSRLS, or disable the policy for the load.");
          }
        }
      }
    }
  }

  /** UPDATE granted on the columns a fix-up sets, where it is not granted on the table. */
  private boolean mayUpdateColumns(TableName table, Set<String> columns) throws SQLException {
    for (String column : columns) {
      if (!isTrue("SELECT has_column_privilege(?, ?, 'UPDATE')", dialect.qualify(table),
          column)) {
        return false;
      }
    }
    return true;
  }

  private void check(List<String> missing, String privilege, boolean needed, String table)
      throws SQLException {
    if (needed && !isTrue("SELECT has_table_privilege(?, '" + privilege + "')", table)) {
      missing.add(privilege);
    }
  }

  /**
   * setval() on an identity's or serial's sequence takes UPDATE on the sequence, and finding the
   * highest key takes SELECT on every table drawing from it (children sharing the parent's).
   */
  private void sequence(TableName table, String column, Set<TableName> loaded)
      throws SQLException {
    String oid = PostgresSequences.sequenceOf(c, dialect, table, column);
    if (oid == null || !sequencesChecked.add(oid)) {
      return;
    }
    List<String[]> sequence = SqlQueries.list(c, "SELECT n.nspname, s.relname,"
        + " has_sequence_privilege(s.oid, 'UPDATE')::text FROM pg_class s"
        + " JOIN pg_namespace n ON n.oid = s.relnamespace WHERE s.oid = ?::oid",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, oid);
    TableName seq = new TableName(sequence.get(0)[0], sequence.get(0)[1]);
    if (!"true".equals(sequence.get(0)[2])) {
      problems.add(lacks("role " + role, List.of("UPDATE"), "sequence " + seq.qualified()
          + " (moved past the loaded keys of " + table + "." + column + ")",
          "GRANT UPDATE ON SEQUENCE " + dialect.qualify(seq) + " TO " + principal));
    }
    for (PostgresSequences.User user : PostgresSequences.users(c, oid)) {
      // the tables loaded are asked for SELECT with the rest of what loading takes
      if (!loaded.contains(user.table()) && !isTrue(
          "SELECT has_table_privilege(?, 'SELECT')", dialect.qualify(user.table()))) {
        problems.add(lacks("role " + role, List.of("SELECT"), user.table().qualified()
            + " (its keys draw from sequence " + seq.qualified() + ", which is moved past them)",
            dialect.grant("SELECT", user.table(), principal)));
      }
    }
  }

  /** Dropping and adding a foreign key takes owning its table and REFERENCES on the parent. */
  private void setAside(TableName child, Set<TableName> parents) throws SQLException {
    if (!isTrue("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = ?::regclass",
        dialect.qualify(child))) {
      problems.add("role " + role + " does not own " + child + ", and only its owner may drop"
          + " and re-create its foreign keys for the load: ALTER TABLE " + dialect.qualify(child)
          + " OWNER TO " + principal + ", or connect as its owner or a superuser");
    }
    for (TableName parent : new TreeSet<>(parents)) {
      if (!isTrue("SELECT has_table_privilege(?, 'REFERENCES')", dialect.qualify(parent))) {
        problems.add(lacks("role " + role, List.of("REFERENCES"), parent.qualified(),
            dialect.grant("REFERENCES", parent, principal)));
      }
    }
  }

  /**
   * Existing state tables must be writable; missing ones creatable. Creating them takes CREATE
   * on their schema, or on the database while the schema does not exist yet.
   */
  private void stateTables(List<TableName> stateTables) throws SQLException {
    List<String> missingTables = new ArrayList<>();
    String schema = null;
    for (TableName table : stateTables) {
      schema = table.schema();
      String name = dialect.qualify(table);
      if (SqlQueries.scalar(c, "SELECT to_regclass(?)::text", name) == null) {
        missingTables.add(table.qualified());
        continue;
      }
      List<String> missing = new ArrayList<>();
      for (String privilege : List.of("SELECT", "INSERT", "UPDATE", "DELETE")) {
        check(missing, privilege, true, name);
      }
      if (!missing.isEmpty()) {
        problems.add(lacks("role " + role, missing, "ferry's state table " + table.qualified(),
            dialect.grant(String.join(", ", missing), table, principal)));
      }
    }
    if (missingTables.isEmpty()) {
      return;
    }
    boolean schemaExists = SqlQueries.scalar(c,
        "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema) != null;
    String database = SqlQueries.scalar(c, "SELECT current_database()");
    boolean may = schemaExists
        ? isTrue("SELECT has_schema_privilege(?, 'CREATE') AND has_schema_privilege(?, 'USAGE')",
            schema, schema)
        : isTrue("SELECT has_database_privilege(current_database(), 'CREATE')");
    if (!may) {
      problems.add("role " + role + " may not create ferry's state tables in schema " + schema
          + " of database " + database + " (they hold run checkpoints; missing: "
          + String.join(", ", missingTables) + "): " + (schemaExists
              ? "GRANT USAGE, CREATE ON SCHEMA " + dialect.quote(schema) + " TO " + principal
              : "GRANT CREATE ON DATABASE " + dialect.quote(database) + " TO " + principal
                  + ", or have an administrator run CREATE SCHEMA " + dialect.quote(schema)
                  + " AUTHORIZATION " + principal));
    }
  }

  private boolean isTrue(String sql, String... params) throws SQLException {
    // PgJDBC gives a boolean's text as "t" or "true", depending on how it was fetched
    String value = SqlQueries.scalar(c, sql, params);
    return "t".equals(value) || "true".equals(value);
  }
}
