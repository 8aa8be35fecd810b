package dev.ferry.dialect.h2;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.FileRunLock;
import dev.ferry.dialect.LockAttempt;
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

/** H2 2.x, embedded: schemas, no deferrable constraints, per-table referential integrity switch. */
public final class H2Dialect implements Dialect {

  @Override
  public String id() {
    return "h2";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:h2:");
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SCHEMAS, Capability.CREATES_MISSING_DATABASE);
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT CURRENT_SCHEMA");
  }

  @Override
  public List<String> schemas(Connection connection) throws SQLException {
    return SqlQueries.list(connection,
        "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA"
            + " WHERE SCHEMA_NAME <> 'INFORMATION_SCHEMA' ORDER BY 1",
        rs -> rs.getString(1));
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    // one row per event of a trigger: gathered into one trigger with all its events
    Map<List<String>, java.util.Set<String>> events = new java.util.LinkedHashMap<>();
    for (String[] row : SqlQueries.list(c,
        "SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING,"
            + " EVENT_MANIPULATION FROM INFORMATION_SCHEMA.TRIGGERS ORDER BY TRIGGER_SCHEMA,"
            + " TRIGGER_NAME",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5)})) {
      if (wanted.contains(new TableName(row[0], row[1]))) {
        events.computeIfAbsent(List.of(row[0], row[1], row[2], String.valueOf(row[3])),
            k -> new java.util.TreeSet<>(EVENT_ORDER)).add(row[4]);
      }
    }
    events.forEach((k, on) -> append(triggers, new TableName(k.get(0), k.get(1)),
        new Trigger(k.get(2), "trigger", "null".equals(k.get(3)) ? null : k.get(3),
            String.join(",", on), true, false)));
    Map<TableName, Map<String, String>> generation = new HashMap<>();
    for (String[] row : SqlQueries.list(c,
        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, IDENTITY_GENERATION, IS_GENERATED"
            + " FROM INFORMATION_SCHEMA.COLUMNS WHERE IS_IDENTITY = 'YES' OR IS_GENERATED = 'ALWAYS'",
        rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5)})) {
      TableName table = new TableName(row[0], row[1]);
      if (wanted.contains(table)) {
        String kind = row[3] == null ? "computed"
            : "ALWAYS".equals(row[3]) ? "identity-always" : "identity-by-default";
        generation.computeIfAbsent(table, k -> new HashMap<>()).put(row[2], kind);
      }
    }
    return new EngineDetails(generation, triggers, Map.of(), Map.of());
  }

  /**
   * Dropping and re-creating the foreign keys, which an admin or the owner of the tables' schemas
   * may. Not {@code SET REFERENTIAL_INTEGRITY FALSE}: it switches checks off for the whole
   * database, every other session and table included, until someone switches them on again.
   */
  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables)
      throws SQLException {
    if (isAdmin(c)) {
      return List.of(CheckRelaxation.DROP_AND_RECREATE_CONSTRAINT);
    }
    String user = SqlQueries.scalar(c, "SELECT CURRENT_USER");
    for (String schema : SqlQueries.schemasOf(tables)) {
      if (!user.equals(SqlQueries.scalar(c, "SELECT SCHEMA_OWNER FROM"
          + " INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?", schema))) {
        return List.of();
      }
    }
    return List.of(CheckRelaxation.DROP_AND_RECREATE_CONSTRAINT);
  }

  static boolean isAdmin(Connection c) throws SQLException {
    return "TRUE".equalsIgnoreCase(SqlQueries.scalar(c,
        "SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER"));
  }

  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    return H2Privileges.problems(c, this, needs);
  }

  @Override
  public String principal(Connection connection) throws SQLException {
    return quote(SqlQueries.scalar(connection, "SELECT CURRENT_USER"));
  }

  @Override
  public DeferredConstraint deferredConstraint(Connection c, TableName table, String name)
      throws SQLException {
    return H2Constraints.read(c, this, table, name);
  }

  @Override
  public String setAside(DeferredConstraint constraint) {
    return "ALTER TABLE " + qualify(constraint.table()) + " DROP CONSTRAINT "
        + quote(constraint.table().schema()) + "." + quote(constraint.name());
  }

  @Override
  public void resetIdentity(Connection connection, TableName table, String column)
      throws SQLException {
    String next = SqlQueries.scalar(connection, "SELECT COALESCE(MAX(" + quote(column)
        + "), 0) + 1 FROM " + qualify(table));
    try (var s = connection.createStatement()) {
      s.execute("ALTER TABLE " + qualify(table) + " ALTER COLUMN " + quote(column)
          + " RESTART WITH " + Long.parseLong(next));
    }
  }

  /**
   * A file database's real path (the same file by any relative path or link); an in-memory
   * database's name, which names one database in one process.
   */
  @Override
  public String databaseIdentity(Connection connection) throws SQLException {
    String path = SqlQueries.scalar(connection, "SELECT DATABASE_PATH()");
    if (path == null) {
      return "h2-mem:" + SqlQueries.scalar(connection, "SELECT DATABASE()");
    }
    java.nio.file.Path file = FileRunLock.realFile(path + ".mv.db");
    return "h2:" + (file != null ? file : path);
  }

  /** A lock file beside a local database file; none for in-memory and remote databases. */
  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    String path = SqlQueries.scalar(connection, "SELECT DATABASE_PATH()");
    return FileRunLock.tryLockBeside(path == null ? null : FileRunLock.realFile(path + ".mv.db"),
        holder);
  }

  /** A sync job's leader lock in a file beside a local database file, as the run lock. */
  @Override
  public LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    String path = SqlQueries.scalar(connection, "SELECT DATABASE_PATH()");
    return FileRunLock.tryJobLockBeside(path == null ? null
        : FileRunLock.realFile(path + ".mv.db"), holder, job);
  }

  @Override
  public List<String> lockTimeoutStatements(long millis) {
    return List.of("SET LOCK_TIMEOUT " + millis);
  }

  /** 50200 LOCK_TIMEOUT_1. */
  @Override
  public boolean isLockTimeout(SQLException e) {
    return e.getErrorCode() == 50200;
  }

  @Override
  public TableName stateTable(Connection connection, String base) {
    return new TableName("FERRY", base.toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public List<String> createStateTable(TableName table, String columnsDdl) {
    return createStateTable(table, columnsDdl, false);
  }

  /** Only an admin may run CREATE SCHEMA, even IF NOT EXISTS of a schema that exists. */
  @Override
  public List<String> createStateTable(TableName table, String columnsDdl,
      boolean schemaExists) {
    String create = "CREATE TABLE IF NOT EXISTS " + qualify(table) + " (" + columnsDdl + ")";
    return schemaExists ? List.of(create)
        : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(table.schema()), create);
  }

  @Override
  public String relaxationHint() {
    return "connect as an H2 admin or as the owner of the tables' schema (drop and re-create"
        + " the foreign key)";
  }

  @Override
  public String notUuid(String quotedColumn) {
    return "NOT REGEXP_LIKE(" + quotedColumn + ", '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')";
  }

  /** A timestamp with zone written into a TIMESTAMP column is then its UTC wall time. */
  @Override
  public List<String> loadSessionStatements() {
    return List.of("SET TIME ZONE 'UTC'");
  }

  /**
   * H2 stores a bound text as a JSON string ({@code "{\"a\":1}"}) unless told that the text is
   * JSON: {@code ? FORMAT JSON} parses it.
   */
  @Override
  public String placeholder(String targetType) {
    return "JSON".equalsIgnoreCase(targetType) ? "? FORMAT JSON" : "?";
  }

  @Override
  public String nonFinite(String quotedColumn, Set<String> which) {
    return "CAST(" + quotedColumn + " AS VARCHAR(30)) IN ('"
        + String.join("', '", new java.util.TreeSet<>(which)) + "')";
  }

  @Override
  public Set<String> storedNonFinite() {
    return Set.of("NaN", "Infinity", "-Infinity");
  }

  private static final java.util.Comparator<String> EVENT_ORDER = java.util.Comparator
      .comparingInt((String e) -> List.of("INSERT", "UPDATE", "DELETE", "SELECT").indexOf(e))
      .thenComparing(e -> e);

  /** From {@code INFORMATION_SCHEMA.CHECK_CONSTRAINTS}, by the table's constraints. */
  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Check>> checks(java.sql.Connection c,
      java.util.Collection<dev.ferry.catalog.Table> tables) throws java.sql.SQLException {
    return dev.ferry.dialect.CheckReader.read(c, tables, "SELECT k.CONSTRAINT_NAME,"
        + " k.CHECK_CLAUSE FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS t"
        + " JOIN INFORMATION_SCHEMA.CHECK_CONSTRAINTS k ON k.CONSTRAINT_SCHEMA ="
        + " t.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = t.CONSTRAINT_NAME"
        + " WHERE t.CONSTRAINT_TYPE = 'CHECK' AND t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?"
        + " ORDER BY k.CONSTRAINT_NAME", (ps, t) -> {
          ps.setString(1, t.schema());
          ps.setString(2, t.name());
        }, dev.ferry.dialect.CheckReader.AS_IS);
  }

  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Index>> indexes(
      java.sql.Connection c, java.util.Collection<dev.ferry.catalog.Table> tables)
      throws java.sql.SQLException {
    return H2Indexes.read(c, tables);
  }

  @Override
  public String stateLongTextType() {
    return "CHARACTER LARGE OBJECT";
  }
}
