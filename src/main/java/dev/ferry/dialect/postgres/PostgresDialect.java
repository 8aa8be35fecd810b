package dev.ferry.dialect.postgres;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** PostgreSQL: schemas, deferrable constraints, inheritance and partitions, rules, COPY. */
public final class PostgresDialect implements Dialect {

  /**
   * Untyped, so the server reads it as the column's type: a uuid parameter typed as varchar does
   * not compare with a uuid column ({@code operator does not exist: uuid = character varying}),
   * and a typed uuid would not compare with a text column holding GUIDs.
   */
  @Override
  public void bindUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
    ps.setObject(index, value.toString(), Types.OTHER);
  }

  @Override
  public String id() {
    return "postgres";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:postgresql:");
  }

  @Override
  public Map<String, String> connectionProperties(int connectTimeoutSeconds, boolean readOnly) {
    return Map.of("connectTimeout", String.valueOf(connectTimeoutSeconds),
        "ApplicationName", "ferry");
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.SCHEMAS,
        Capability.DEFERRABLE_CONSTRAINTS,
        Capability.TABLE_INHERITANCE,
        Capability.COPY,
        Capability.GROUPING_SETS);
  }

  @Override
  public String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT current_schema()");
  }

  @Override
  public List<String> schemas(Connection connection) throws SQLException {
    return SqlQueries.list(connection, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE"
        + " 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1", rs -> rs.getString(1));
  }

  @Override
  public Map<TableName, Map<String, List<String>>> enumLabels(Connection c,
      Collection<TableName> tables) throws SQLException {
    return PostgresCatalog.enumLabels(c, tables);
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    return PostgresCatalog.details(c, tables);
  }

  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables)
      throws SQLException {
    return PostgresRelaxations.of(c, tables);
  }

  @Override
  public String fromClause(TableName table, boolean ownRowsOnly) {
    return (ownRowsOnly ? "ONLY " : "") + qualify(table);
  }

  @Override
  public long estimateRows(Connection connection, TableName table) throws SQLException {
    String estimate = SqlQueries.scalar(connection,
        "SELECT reltuples::bigint FROM pg_class WHERE oid = ?::regclass", qualify(table));
    return estimate == null ? -1 : Long.parseLong(estimate);
  }

  /** At most a quarter of {@code effective_cache_size}, the cache the planner assumes. */
  @Override
  public boolean rescansFromMemory(Connection connection, TableName table) throws SQLException {
    return "1".equals(SqlQueries.scalar(connection, "SELECT (pg_relation_size(?::regclass)"
        + " <= pg_size_bytes(current_setting('effective_cache_size')) / 4)::int", qualify(table)));
  }

  @Override
  public List<String> snapshotStatements() {
    return List.of("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  }

  @Override
  public List<String> relaxChecks(CheckRelaxation relaxation) {
    return relaxation == CheckRelaxation.SESSION_REPLICATION_ROLE
        ? List.of("SET session_replication_role = replica") : null;
  }

  /** Replica role: user triggers, FK triggers and rules stay silent, as pg_dump does. */
  @Override
  public List<String> disableTriggers() {
    return List.of("SET session_replication_role = replica");
  }

  @Override
  public boolean mayDisableTriggers(Connection connection) throws SQLException {
    return "true".equals(SqlQueries.scalar(connection,
        "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
  }

  /** Also the sequences only a column default names, shared by every table drawing from them. */
  @Override
  public void resetIdentity(Connection connection, TableName table, String column)
      throws SQLException {
    PostgresSequences.movePastKeys(connection, this, table, column);
  }

  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    return PostgresPrivileges.problems(c, this, needs);
  }

  @Override
  public String principal(Connection connection) throws SQLException {
    return quote(SqlQueries.scalar(connection, "SELECT current_user"));
  }

  @Override
  public String truncateEvent() {
    return "TRUNCATE";
  }

  @Override
  public DeferredConstraint deferredConstraint(Connection c, TableName table, String name)
      throws SQLException {
    return PostgresConstraints.read(c, this, table, name);
  }

  @Override
  public String setAside(DeferredConstraint constraint) {
    return "ALTER TABLE " + qualify(constraint.table()) + " DROP CONSTRAINT "
        + quote(constraint.name());
  }

  @Override
  public String validate(DeferredConstraint constraint) {
    return "ALTER TABLE " + qualify(constraint.table()) + " VALIDATE CONSTRAINT "
        + quote(constraint.name());
  }

  @Override
  public boolean constraintPresent(Connection c, TableName table, String name)
      throws SQLException {
    return PostgresConstraints.present(c, this, table, name);
  }

  @Override
  public boolean transactionalDdl() {
    return true;
  }

  /**
   * One TRUNCATE for all tables: PostgreSQL checks references among them as a whole. {@code
   * ONLY} each, so that inheritance children the run did not select keep their rows; a
   * partitioned table's rows are its partitions', which it cannot be truncated without. Never
   * {@code CASCADE}: a reference from a table left out fails the statement (preflight refuses
   * such a run before it gets here).
   */
  @Override
  public void truncate(Connection connection, List<TableName> childrenFirst) throws SQLException {
    List<String> names = new ArrayList<>();
    for (TableName t : childrenFirst) {
      boolean partitioned = "p".equals(SqlQueries.scalar(connection,
          "SELECT relkind::text FROM pg_class WHERE oid = ?::regclass", qualify(t)));
      names.add((partitioned ? "" : "ONLY ") + qualify(t));
    }
    try (var s = connection.createStatement()) {
      s.execute("TRUNCATE " + String.join(", ", names));
    }
  }

  @Override
  public String deleteAllSql(TableName table) {
    return "DELETE FROM ONLY " + qualify(table);
  }

  /**
   * The postmaster's start time and port, which every role may read and which differ between
   * any two running clusters, and the database's oid: the same cluster reached by any host
   * name, address or proxy gives the same answer.
   */
  @Override
  public String databaseIdentity(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT 'postgres:' || pg_postmaster_start_time()"
        + " || ':' || current_setting('port') || ':' || d.oid || ':' || d.datname"
        + " FROM pg_database d WHERE d.datname = current_database()");
  }

  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    return PostgresLocks.tryRunLock(connection, holder);
  }

  @Override
  public LockAttempt tryTenantRunLock(Connection connection, String holder, String tenant)
      throws SQLException {
    return PostgresLocks.tryTenantRunLock(connection, holder, tenant);
  }

  @Override
  public LockAttempt tryJobLock(Connection connection, String holder, String job)
      throws SQLException {
    return PostgresLocks.tryJobLock(connection, holder, job);
  }

  @Override
  public boolean runLockPerTenant() {
    return true;
  }

  @Override
  public List<String> lockTimeoutStatements(long millis) {
    return List.of("SET lock_timeout = " + millis);
  }

  /** 55P03 lock_not_available: lock_timeout ran out. */
  @Override
  public boolean isLockTimeout(SQLException e) {
    return "55P03".equals(e.getSQLState());
  }

  @Override
  public String lockHolders(Connection connection, TableName table) throws SQLException {
    return PostgresLocks.lockHolders(connection, this, table);
  }

  @Override
  public List<DeferrableIndex> deferrableIndexes(Connection c, TableName table)
      throws SQLException {
    return PostgresIndexes.deferrable(c, this, table);
  }

  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Index>> indexes(Connection c,
      java.util.Collection<dev.ferry.catalog.Table> tables) throws SQLException {
    return PostgresIndexes.read(c, this, tables);
  }

  /** From {@code pg_constraint}, as {@code pg_get_constraintdef} writes them. */
  @Override
  public java.util.Map<TableName, List<dev.ferry.catalog.Check>> checks(Connection c,
      java.util.Collection<dev.ferry.catalog.Table> tables) throws SQLException {
    return dev.ferry.dialect.CheckReader.read(c, tables, "SELECT conname,"
        + " pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass"
        + " AND contype = 'c' ORDER BY conname", (ps, t) -> ps.setString(1, qualify(t)),
        (name, def) -> def.replaceFirst("^CHECK ", "").replaceAll("( NO INHERIT| NOT VALID)+$",
            ""));
  }

  @Override
  public String dropIndex(TableName table, DeferrableIndex index) {
    return "DROP INDEX " + qualify(new TableName(table.schema(), index.name()));
  }

  @Override
  public TableName stateTable(Connection connection, String base) {
    return new TableName("ferry", base);
  }

  @Override
  public List<String> createStateTable(TableName table, String columnsDdl) {
    return createStateTable(table, columnsDdl, false);
  }

  @Override
  public List<String> createStateTable(TableName table, String columnsDdl,
      boolean schemaExists) {
    String create = "CREATE TABLE IF NOT EXISTS " + qualify(table) + " (" + columnsDdl + ")";
    return schemaExists ? List.of(create)
        : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(table.schema()), create);
  }

  @Override
  public String stateTextType() {
    return "TEXT";
  }

  @Override
  public String relaxationHint() {
    return "connect as a superuser (session_replication_role = replica) or as the owner of the"
        + " cycle's tables (drop and recreate the constraint)";
  }

  /** A timestamp or date without zone written into a timestamptz is then its UTC wall time. */
  @Override
  public List<String> loadSessionStatements() {
    return List.of("SET TIME ZONE 'UTC'");
  }

  @Override
  public boolean zonelessAsUtc() {
    return true;
  }

  // ---- measuring values: every type has a text form, enums and uuids included ----

  @Override
  public String characterLength(String quotedColumn) {
    return "char_length(" + quotedColumn + "::text)";
  }

  @Override
  public String octetLength(String quotedColumn) {
    return "octet_length(" + quotedColumn + "::text)";
  }

  @Override
  public String notUuid(String quotedColumn) {
    return quotedColumn + "::text !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'";
  }

  /** round(float8, int) does not exist: floats are rounded as numeric. */
  @Override
  public String round(String quotedColumn, int scale) {
    return "round(" + quotedColumn + "::numeric, " + scale + ")";
  }

  /** A float's text is its shortest exact decimal (PostgreSQL 12 on): read back, it must match. */
  @Override
  public String floatRoundTrip(String quotedColumn, boolean single) {
    return quotedColumn + "::" + (single ? "float4" : "float8") + "::text::numeric <> "
        + quotedColumn;
  }

  @Override
  public String nonFinite(String quotedColumn, Set<String> which) {
    return quotedColumn + "::text IN ('" + String.join("', '", new java.util.TreeSet<>(which))
        + "')";
  }

  @Override
  public String temporalOutside(String quotedColumn, dev.ferry.catalog.Column column,
      dev.ferry.dialect.TemporalRange range) {
    return PostgresValueSql.temporalOutside(quotedColumn, column, range);
  }

  @Override
  public String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    return PostgresValueSql.finerThan(quotedColumn, column, digits);
  }

  /**
   * float4, float8 and (from PostgreSQL 14 on, NaN before) numeric hold all three; date,
   * timestamp and timestamptz hold infinity and -infinity.
   */
  @Override
  public String beyondBmp(String quotedColumn) {
    return PostgresValueSql.beyondBmp(quotedColumn);
  }

  /** PostgreSQL's text refuses U+0000 ("invalid byte sequence for encoding UTF8: 0x00"). */
  @Override
  public boolean storesNulInText() {
    return false;
  }

  @Override
  public Set<String> storedNonFinite() {
    return Set.of("NaN", "Infinity", "-Infinity", "infinity", "-infinity");
  }
}
