package dev.ferry.dialect.postgres;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.DeferrableIndex;
import dev.ferry.dialect.DeferredConstraint;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
import dev.ferry.dialect.LockAttempt;
import dev.ferry.dialect.SqlQueries;
import dev.ferry.dialect.WriteNeeds;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** PostgreSQL: schemas, deferrable constraints, inheritance and partitions, rules, COPY. */
public final class PostgresDialect implements Dialect {

  private static final String GENERATION_SQL =
      """
      SELECT n.nspname, c.relname, a.attname, a.attidentity::text, a.attgenerated::text,
             pg_get_expr(d.adbin, d.adrelid)
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
        AND n.nspname = ANY (?)
      """;

  private static final String INHERITS_SQL =
      """
      SELECT cn.nspname, c.relname, pn.nspname, p.relname
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_namespace cn ON cn.oid = c.relnamespace
      JOIN pg_class p ON p.oid = i.inhparent
      JOIN pg_namespace pn ON pn.oid = p.relnamespace
      WHERE cn.nspname = ANY (?) OR pn.nspname = ANY (?)
      ORDER BY i.inhseqno
      """;

  private static final String OWNS_ALL_SQL =
      """
      SELECT count(*) FILTER (WHERE NOT pg_has_role(c.relowner, 'USAGE'))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?)
      """;

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
    return SqlQueries.list(
        connection,
        "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            + "AND nspname <> 'information_schema' ORDER BY 1",
        rs -> rs.getString(1));
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, Map<String, String>> generation = new HashMap<>();
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    Map<TableName, List<TableName>> parents = new HashMap<>();

    forEachRow(c, GENERATION_SQL, schemas, 1, rs -> {
      TableName table = new TableName(rs.getString(1), rs.getString(2));
      String kind = generationKind(rs.getString(4), rs.getString(5), rs.getString(6));
      if (kind != null && wanted.contains(table)) {
        generation.computeIfAbsent(table, k -> new HashMap<>()).put(rs.getString(3), kind);
      }
    });
    PostgresTriggers.read(c, schemas, wanted, triggers);
    forEachRow(c, INHERITS_SQL, schemas, 2, rs -> {
      TableName child = new TableName(rs.getString(1), rs.getString(2));
      append(parents, child, new TableName(rs.getString(3), rs.getString(4)));
    });
    return new EngineDetails(generation, triggers, parents, Map.of());
  }

  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables)
      throws SQLException {
    List<CheckRelaxation> ways = new ArrayList<>();
    if ("true".equals(SqlQueries.scalar(c,
        "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))) {
      ways.add(CheckRelaxation.SESSION_REPLICATION_ROLE);
    }
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    try (PreparedStatement ps = c.prepareStatement(OWNS_ALL_SQL)) {
      ps.setArray(1, c.createArrayOf("text", schemas));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getLong(1) == 0) {
          ways.add(CheckRelaxation.DROP_AND_RECREATE_CONSTRAINT);
        }
      }
    }
    return ways;
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

  /** The advisory lock (ferry's key pair), database-local, held by the lock's own session. */
  private static final String RUN_LOCK = "1718773618, 1";

  /**
   * A session-level advisory lock; the session's application_name carries the holder, which
   * {@code pg_stat_activity} shows every role.
   */
  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT set_config('application_name', ?, false)")) {
      ps.setString(1, applicationName(holder));
      ps.executeQuery().close();
    }
    if ("true".equals(SqlQueries.scalar(connection,
        "SELECT pg_try_advisory_lock(" + RUN_LOCK + ")::text"))) {
      return LockAttempt.taken(() -> SqlQueries.scalar(connection,
          "SELECT pg_advisory_unlock(" + RUN_LOCK + ")::text"));
    }
    String who = SqlQueries.scalar(connection, "SELECT string_agg(coalesce(nullif("
        + "a.application_name, ''), 'a session') || ' (pid ' || l.pid || ')', ', ')"
        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 1718773618"
        + " AND l.objid = 1 AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database"
        + " WHERE datname = current_database())");
    return LockAttempt.heldBy(who == null ? "a session that just ended" : who);
  }
  /**
   * The holder as PostgreSQL keeps an application_name, 63 bytes: cut where a part of it ends
   * (before " (process …", whose pid pg_locks names anyway), not in the middle of a word.
   */
  static String applicationName(String holder) {
    if (holder.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63) {
      return holder;
    }
    int part = holder.lastIndexOf(" (", 63);
    return part > 0 ? holder.substring(0, part) : holder.substring(0, 63);
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
    return SqlQueries.scalar(connection, "SELECT string_agg(DISTINCT 'pid ' || l.pid || ' ('"
        + " || coalesce(nullif(a.application_name, ''), 'no application name')"
        + " || coalesce(', user ' || a.usename, '') || coalesce(', ' || a.state, '')"
        + " || coalesce(', transaction since ' || date_trunc('second', a.xact_start), '')"
        + " || ', ' || l.mode || ')', '; ')"
        + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.relation = ?::regclass AND l.granted AND l.pid <> pg_backend_pid()",
        qualify(table));
  }

  /**
   * Plain b-tree, hash, GiST, GIN, BRIN ... indexes that are valid, not unique, back no
   * constraint, have nothing depending on them, are not a partition of a partitioned index, and
   * carry nothing {@code pg_get_indexdef} leaves out (a tablespace, a comment, CLUSTER, column
   * statistics targets); on ordinary tables only.
   */
  @Override
  public List<DeferrableIndex> deferrableIndexes(Connection c, TableName table)
      throws SQLException {
    return SqlQueries.list(c, "SELECT i.relname, pg_get_indexdef(x.indexrelid)"
        + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        + " JOIN pg_class t ON t.oid = x.indrelid"
        + " WHERE x.indrelid = ?::regclass AND t.relkind = 'r' AND NOT t.relispartition"
        + " AND x.indisvalid AND x.indisready AND NOT x.indisunique AND NOT x.indisprimary"
        + " AND NOT x.indisexclusion AND NOT x.indisclustered AND NOT x.indisreplident"
        + " AND i.reltablespace = 0 AND obj_description(i.oid, 'pg_class') IS NULL"
        + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid)"
        + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_class'::regclass"
        + "   AND d.refobjid = i.oid)"
        + " AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.oid)"
        + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.oid"
        + "   AND a.attstattarget > 0)"
        + " ORDER BY i.relname",
        rs -> new DeferrableIndex(rs.getString(1), rs.getString(2)), qualify(table));
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

  static String generationKind(String identity, String generated, String defaultExpr) {
    if ("a".equals(identity)) {
      return "identity-always";
    }
    if ("d".equals(identity)) {
      return "identity-by-default";
    }
    if (generated != null && !generated.isEmpty()) {
      return "computed";
    }
    if (defaultExpr != null && defaultExpr.startsWith("nextval(")) {
      return "sequence-default";
    }
    return null;
  }

  interface RowAction {
    void accept(ResultSet rs) throws SQLException;
  }

  static void forEachRow(
      Connection c, String sql, String[] schemas, int arrayParams, RowAction action)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Array array = c.createArrayOf("text", schemas);
      for (int i = 1; i <= arrayParams; i++) {
        ps.setArray(i, array);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          action.accept(rs);
        }
      }
    }
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
