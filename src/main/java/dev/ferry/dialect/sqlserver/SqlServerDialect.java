package dev.ferry.dialect.sqlserver;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Microsoft SQL Server. No SQL Server runs in ferry's test environment: this dialect's metadata
 * queries follow the documented system views and are exercised only through the generic JDBC path
 * (see docs/engines.md).
 */
public final class SqlServerDialect implements Dialect {

  private static final String TRIGGERS_SQL =
      """
      SELECT s.name, t.name, tr.name, tr.is_instead_of_trigger, tr.is_disabled,
             (SELECT STRING_AGG(te.type_desc, ',') FROM sys.trigger_events te
              WHERE te.object_id = tr.object_id)
      FROM sys.triggers tr
      JOIN sys.tables t ON t.object_id = tr.parent_id
      JOIN sys.schemas s ON s.schema_id = t.schema_id
      """;

  @Override
  public String id() {
    return "sqlserver";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:sqlserver:");
  }

  @Override
  public Map<String, String> connectionProperties(int connectTimeoutSeconds, boolean readOnly) {
    return Map.of("loginTimeout", String.valueOf(connectTimeoutSeconds),
        "applicationName", "ferry");
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SCHEMAS);
  }

  @Override
  public String quote(String identifier) {
    return "[" + identifier.replace("]", "]]") + "]";
  }

  @Override
  public String quoteForFile(String identifier) {
    return identifier.contains("]") ? "\"" + identifier.replace("\"", "\"\"") + "\""
        : quote(identifier);
  }

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT SCHEMA_NAME()");
  }

  @Override
  public List<String> schemas(Connection connection) throws SQLException {
    return SqlQueries.list(connection,
        "SELECT name FROM sys.schemas WHERE schema_id < 16384 AND name NOT IN"
            + " ('sys', 'INFORMATION_SCHEMA', 'guest') ORDER BY 1",
        rs -> rs.getString(1));
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    for (Object[] row : SqlQueries.list(c, TRIGGERS_SQL,
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)),
            new Trigger(rs.getString(3), "trigger", rs.getBoolean(4) ? "INSTEAD OF" : "AFTER",
                rs.getString(6), !rs.getBoolean(5), false)})) {
      if (wanted.contains((TableName) row[0])) {
        append(triggers, (TableName) row[0], (Trigger) row[1]);
      }
    }
    Map<TableName, Map<String, String>> generation = new HashMap<>();
    for (String[] row : SqlQueries.list(c,
        "SELECT s.name, t.name, col.name, col.is_identity, col.is_computed FROM sys.columns col"
            + " JOIN sys.tables t ON t.object_id = col.object_id"
            + " JOIN sys.schemas s ON s.schema_id = t.schema_id"
            + " WHERE col.is_identity = 1 OR col.is_computed = 1",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getBoolean(4) ? "auto-increment" : "computed"})) {
      TableName table = new TableName(row[0], row[1]);
      if (wanted.contains(table)) {
        generation.computeIfAbsent(table, k -> new HashMap<>()).put(row[2], row[3]);
      }
    }
    return new EngineDetails(generation, triggers, Map.of(), Map.of());
  }

  /** ALTER TABLE ... NOCHECK needs ALTER on the table; the preflight of a copy checks it. */
  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables) {
    return List.of(CheckRelaxation.DISABLE_CONSTRAINT);
  }

  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    return SqlServerPrivileges.problems(c, this, needs);
  }

  @Override
  public String principal(Connection connection) throws SQLException {
    return quote(SqlQueries.scalar(connection, "SELECT USER_NAME()"));
  }

  /**
   * An enabled foreign key, disabled for the load and re-enabled {@code WITH CHECK} (trusted
   * again) after it; one that was not trusted before is re-enabled as it was. Null for a disabled
   * one: nothing to set aside, and restoring would enable what was off.
   */
  @Override
  public DeferredConstraint deferredConstraint(Connection c, TableName table, String name)
      throws SQLException {
    List<String> trusted = SqlQueries.list(c, "SELECT CASE WHEN is_not_trusted = 0 THEN 1"
        + " ELSE 0 END FROM sys.foreign_keys WHERE parent_object_id = OBJECT_ID(?) AND name = ?"
        + " AND is_disabled = 0", rs -> rs.getString(1), qualify(table), name);
    if (trusted.isEmpty()) {
      return null;
    }
    String alter = "ALTER TABLE " + qualify(table);
    String unchecked = alter + " CHECK CONSTRAINT " + quote(name);
    return new DeferredConstraint(table, name, "1".equals(trusted.get(0))
        ? alter + " WITH CHECK CHECK CONSTRAINT " + quote(name) : unchecked, unchecked);
  }

  @Override
  public String setAside(DeferredConstraint constraint) {
    return "ALTER TABLE " + qualify(constraint.table()) + " NOCHECK CONSTRAINT "
        + quote(constraint.name());
  }

  @Override
  public String validate(DeferredConstraint constraint) {
    return "ALTER TABLE " + qualify(constraint.table()) + " WITH CHECK CHECK CONSTRAINT "
        + quote(constraint.name());
  }

  @Override
  public boolean transactionalDdl() {
    return true;
  }

  @Override
  public String pageQuery(String columns, String from, List<String> keyColumns, boolean after,
      int limit) {
    if (keyColumns.isEmpty()) {
      return "SELECT " + columns + " FROM " + from;
    }
    return "SELECT TOP (" + limit + ") " + columns + " FROM " + from
        + (after ? " WHERE " + keyAfter(keyColumns) : "")
        + " ORDER BY " + String.join(", ", keyColumns);
  }

  /** No row values: {@code a > ? OR (a = ? AND b > ?)}, parameters repeated accordingly. */
  @Override
  public String keyAfter(List<String> keyColumns) {
    List<String> terms = new java.util.ArrayList<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      StringBuilder term = new StringBuilder("(");
      for (int j = 0; j < i; j++) {
        term.append(keyColumns.get(j)).append(" = ? AND ");
      }
      terms.add(term.append(keyColumns.get(i)).append(" > ?)").toString());
    }
    return "(" + String.join(" OR ", terms) + ")";
  }

  @Override
  public Object[] keyAfterParameters(Object[] key) {
    List<Object> params = new java.util.ArrayList<>();
    for (int i = 0; i < key.length; i++) {
      for (int j = 0; j <= i; j++) {
        params.add(key[j]);
      }
    }
    return params.toArray();
  }

  @Override
  public List<String> identityInsertOn(TableName table) {
    return List.of("SET IDENTITY_INSERT " + qualify(table) + " ON");
  }

  @Override
  public void resetIdentity(Connection connection, TableName table, String column)
      throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute("DECLARE @m BIGINT = (SELECT MAX(" + quote(column) + ") FROM " + qualify(table)
          + "); IF @m IS NOT NULL DBCC CHECKIDENT ('" + qualify(table).replace("'", "''")
          + "', RESEED, @m)");
    }
  }

  @Override
  public TableName stateTable(Connection connection, String base) {
    return new TableName("dbo", "ferry_" + base);
  }

  @Override
  public List<String> createStateTable(TableName table, String columnsDdl) {
    return List.of("IF OBJECT_ID('" + qualify(table).replace("'", "''") + "') IS NULL CREATE TABLE "
        + qualify(table) + " (" + columnsDdl + ")");
  }

  @Override
  public String stateTextType() {
    return "NVARCHAR(MAX)";
  }

  @Override
  public String relaxationHint() {
    return "grant ALTER on the cycle's tables (ALTER TABLE ... NOCHECK CONSTRAINT)";
  }

  /** LEN ignores trailing spaces; one more character keeps them counted. */
  @Override
  public String characterLength(String quotedColumn) {
    return "(LEN(" + quotedColumn + " + N'x') - 1)";
  }

  @Override
  public String octetLength(String quotedColumn) {
    return "DATALENGTH(" + quotedColumn + ")";
  }

  @Override
  public String binaryLength(String quotedColumn) {
    return "DATALENGTH(" + quotedColumn + ")";
  }

  /** VARCHAR and CHAR are limited in bytes, NVARCHAR and NCHAR in UTF-16 code units. */
  @Override
  public boolean lengthInBytes(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toLowerCase(java.util.Locale.ROOT);
    return !type.startsWith("n");
  }
}
