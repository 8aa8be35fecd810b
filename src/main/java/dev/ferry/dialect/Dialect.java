package dev.ferry.dialect;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Everything that differs between database engines, as data and named capabilities. One
 * implementation per engine, found through {@link java.util.ServiceLoader} by {@link Dialects}.
 * Implementations are stateless. The parts with a job of their own are the interfaces it
 * extends: how names are spelt, how values are measured, what the principal may do, what a
 * load sets aside, how runs are kept apart, and where ferry keeps its state.
 */
public interface Dialect
    extends Identifiers, ValueMeasures, Privileges, LoadDeferrals, RunLocks, StateTables {

  /** Short id used in artifacts and options: {@code postgres}, {@code mariadb}, ... */
  String id();

  /** The JDBC URL prefixes this dialect serves, e.g. {@code jdbc:postgresql:}. */
  List<String> urlPrefixes();

  /** True when this dialect serves the URL. */
  default boolean accepts(String jdbcUrl) {
    String lower = jdbcUrl.toLowerCase(Locale.ROOT);
    return urlPrefixes().stream().anyMatch(lower::startsWith);
  }

  /**
   * The URL to hand the driver: rewrites aliases the bundled driver does not take as they are
   * ({@code jdbc:mysql:} is served by the MariaDB driver).
   */
  default String driverUrl(String jdbcUrl) {
    return jdbcUrl;
  }

  /**
   * Driver properties ferry sets on every connection (timeouts, application name, read-only open
   * modes); user-given URL parameters take precedence where the driver lets them.
   *
   * @param connectTimeoutSeconds how long to wait for the server
   * @param readOnly whether the session only reads
   */
  default java.util.Map<String, String> connectionProperties(int connectTimeoutSeconds,
      boolean readOnly) {
    return java.util.Map.of();
  }

  /**
   * The labels of the enum columns (and MariaDB's SET columns) of the given tables, in their
   * declared order, by table and column name: what DDL for another engine needs to write them,
   * which the catalog does not carry. Default: none (the engine has no enum types).
   */
  default java.util.Map<TableName, java.util.Map<String, List<String>>> enumLabels(
      Connection connection, Collection<TableName> tables) throws SQLException {
    return java.util.Map.of();
  }

  /**
   * Column clauses the catalog does not carry and DDL for another engine leaves out (MariaDB's
   * {@code ON UPDATE CURRENT_TIMESTAMP}), by table and column, so that they are noted rather than
   * lost silently. Default: none.
   */
  default java.util.Map<TableName, java.util.Map<String, String>> unwrittenClauses(
      Connection connection, Collection<TableName> tables) throws SQLException {
    return java.util.Map.of();
  }

  /**
   * The secondary indexes of the given tables (those that back no primary key or unique
   * constraint, and that the engine did not make for a foreign key itself), by table, each
   * table's in name order. Default: none (the engine's are not read).
   */
  default java.util.Map<TableName, List<dev.ferry.catalog.Index>> indexes(Connection connection,
      Collection<dev.ferry.catalog.Table> tables) throws SQLException {
    return java.util.Map.of();
  }

  /**
   * The check constraints of the given tables (not those the engine makes itself, such as
   * MariaDB's {@code json_valid} of a JSON column), by table, each table's in name order.
   * Default: none (the engine's are not read).
   */
  default java.util.Map<TableName, List<dev.ferry.catalog.Check>> checks(Connection connection,
      Collection<dev.ferry.catalog.Table> tables) throws SQLException {
    return java.util.Map.of();
  }

  /** Named capabilities of this engine. */
  Set<Capability> capabilities();

  /** True when the engine has the capability. */
  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  /** The schema a connection works in when none is named (null where the engine has none). */
  String currentSchema(Connection connection) throws SQLException;

  /** Every schema of the connected database, for messages about a missing one. */
  List<String> schemas(Connection connection) throws SQLException;

  /** The database (catalog) name of the connection, for artifacts and messages. */
  default String databaseName(Connection connection) throws SQLException {
    return connection.getCatalog();
  }

  /**
   * Maps a JDBC table type to {@code table}, {@code partitioned-table} or {@code view}, or null
   * for types ferry never reads (system tables, temporary tables, sequences).
   */
  default String tableKind(String jdbcTableType) {
    if (jdbcTableType == null) {
      return null;
    }
    String type = jdbcTableType.toUpperCase(Locale.ROOT);
    if (type.equals("TABLE") || type.equals("BASE TABLE")) {
      return dev.ferry.catalog.Table.TABLE;
    }
    if (type.equals("PARTITIONED TABLE")) {
      return dev.ferry.catalog.Table.PARTITIONED;
    }
    if (type.equals("VIEW") || type.equals("MATERIALIZED VIEW")) {
      return dev.ferry.catalog.Table.VIEW;
    }
    return null;
  }

  /**
   * A table's columns as the engine itself defines them, given those the driver reported (in
   * ordinal order): where a driver describes types loosely (SQLite's reports a BLOB or a DATE as
   * VARCHAR), the dialect corrects type, size and nullability here. Default: as reported.
   */
  default List<dev.ferry.catalog.Column> columns(Connection connection, TableName table,
      List<dev.ferry.catalog.Column> reported) throws SQLException {
    return reported;
  }

  /** Engine-specific facts about the given tables: identity kinds, triggers, inheritance. */
  EngineDetails details(Connection connection, Collection<TableName> tables) throws SQLException;

  /**
   * The ways the connected principal may relax foreign-key checks to load a NOT NULL,
   * non-deferrable cycle, most preferred first; empty when it may not.
   */
  List<CheckRelaxation> checkRelaxations(Connection connection, Collection<TableName> tables)
      throws SQLException;

  /** What would let a principal relax checks on this engine, for refusal messages. */
  String relaxationHint();

  // ---- reading ----

  /** The FROM target for a table; {@code ownRowsOnly} leaves out inheritance children's rows. */
  default String fromClause(TableName table, boolean ownRowsOnly) {
    return qualify(table);
  }

  /**
   * The FROM target reading only the rows a condition on the table's columns selects: a derived
   * table {@code (SELECT * FROM t WHERE (condition)) ferry_rows}, which every engine's planner
   * flattens into the query around it, so keyset predicates and the condition meet in one WHERE.
   *
   * @param condition checked to be one boolean expression; null for every row
   */
  default String rowsFrom(TableName table, boolean ownRowsOnly, String condition) {
    String from = fromClause(table, ownRowsOnly);
    return condition == null ? from
        : "(SELECT * FROM " + from + " WHERE (" + condition + ")) ferry_rows";
  }

  /**
   * One page of a keyset scan: {@code SELECT columns FROM from [WHERE key > (?...)] ORDER BY key
   * LIMIT n}. With no key columns, the whole table in one pass.
   *
   * @param columns quoted, comma-separated select list
   * @param from the FROM target
   * @param keyColumns quoted key columns, in key order
   * @param after whether to add the {@code key > (?...)} condition
   * @param limit rows per page; ignored without a key
   */
  default String pageQuery(String columns, String from, List<String> keyColumns, boolean after,
      int limit) {
    StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM ").append(from);
    if (keyColumns.isEmpty()) {
      return sql.toString();
    }
    if (after) {
      sql.append(" WHERE ").append(keyAfter(keyColumns));
    }
    sql.append(" ORDER BY ").append(String.join(", ", keyColumns));
    return sql.append(" LIMIT ").append(limit).toString();
  }

  /** {@code (a, b) > (?, ?)}; engines without row values expand it. */
  default String keyAfter(List<String> keyColumns) {
    if (keyColumns.size() == 1) {
      return keyColumns.get(0) + " > ?";
    }
    return "(" + String.join(", ", keyColumns) + ") > ("
        + String.join(", ", java.util.Collections.nCopies(keyColumns.size(), "?")) + ")";
  }

  /** The parameters for {@link #keyAfter}, in placeholder order. */
  default Object[] keyAfterParameters(Object[] key) {
    return key;
  }

  /** The engine's estimate of a table's rows from its statistics, or -1 when it has none. */
  default long estimateRows(Connection connection, TableName table) throws SQLException {
    return -1;
  }

  /**
   * Whether scanning a table again soon is likely served from the server's memory (its size
   * against the cache the engine assumes): then reading it once per question is cheaper than
   * one combined query. False where the engine cannot tell.
   */
  default boolean rescansFromMemory(Connection connection, TableName table) throws SQLException {
    return false;
  }

  /** Statements that make a reading session see one consistent snapshot. */
  default List<String> snapshotStatements() {
    return List.of();
  }

  /**
   * The expression a copy or verify selects to read a column exactly: the quoted column itself,
   * unless the engine's text of its type loses what the value holds (MariaDB prints a FLOAT with
   * six significant digits).
   */
  default String readExpression(String quotedColumn, Column column) {
    return quotedColumn;
  }

  // ---- writing ----

  /** Statements every load session runs before it writes (PostgreSQL: its time zone to UTC). */
  default List<String> loadSessionStatements() {
    return List.of();
  }

  /**
   * Whether the driver binds a {@link java.time.OffsetDateTime} parameter as its instant; where it
   * does not (it shifts it into the JVM's zone), ferry binds the instant's UTC wall time.
   */
  default boolean bindsOffsetDateTime() {
    return true;
  }

  /**
   * Whether a value without zone (a timestamp, a date) written into a column with zone is taken
   * as UTC, because {@link #loadSessionStatements()} put the session in UTC: then such a value
   * is the instant of its UTC wall time, which is what verify compares it as.
   */
  default boolean zonelessAsUtc() {
    return false;
  }

  /** True when the engine stores dates and times as text (SQLite). */
  default boolean temporalsAsText() {
    return false;
  }

  /**
   * Binds a UUID parameter (an INSERT value, or a key compared in a WHERE clause). Default: as
   * text, which engines convert to their uuid type or compare with a text column.
   */
  default void bindUuid(PreparedStatement ps, int index, UUID value) throws SQLException {
    ps.setString(index, value.toString());
  }

  /** The INSERT for one row; {@code overrideIdentity} when an ALWAYS identity gets values. */
  default String insertSql(TableName table, List<String> quotedColumns, boolean overrideIdentity) {
    return insertSql(table, quotedColumns,
        java.util.Collections.nCopies(quotedColumns.size(), "?"), overrideIdentity);
  }

  /** The INSERT for one row, each value written as its {@link #placeholder}. */
  default String insertSql(TableName table, List<String> quotedColumns,
      List<String> placeholders, boolean overrideIdentity) {
    return "INSERT INTO " + qualify(table) + " (" + String.join(", ", quotedColumns) + ")"
        + (overrideIdentity ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ("
        + String.join(", ", placeholders) + ")";
  }

  /**
   * The parameter of an INSERT into a column of this type (as the engine names it, or null when
   * unknown): {@code ?}, unless the engine would not read the bound text as that type's value.
   */
  default String placeholder(String targetType) {
    return "?";
  }

  /** Statements run on a load session before writing a table with explicit identity values. */
  default List<String> identityInsertOn(TableName table) {
    return List.of();
  }

  /**
   * Statements that relax foreign-key checks for a session, or null when the engine cannot do it
   * that way (then the plan must use another relaxation).
   */
  default List<String> relaxChecks(CheckRelaxation relaxation) {
    return null;
  }

  /**
   * Statements that keep triggers and rewrite rules from firing for this session, or null when the
   * engine has no such switch (then preflight refuses unless the operator allows triggers).
   */
  default List<String> disableTriggers() {
    return null;
  }

  /** Whether the connected principal may run {@link #disableTriggers()}. */
  default boolean mayDisableTriggers(Connection connection) throws SQLException {
    return false;
  }

  /**
   * Moves a column's identity or sequence past the highest loaded value, so that the next
   * generated key does not collide; an empty table restarts at the beginning.
   */
  default void resetIdentity(Connection connection, TableName table, String column)
      throws SQLException {
    // engines whose identities follow max(column) by themselves need nothing
  }

  /**
   * The statement deleting every row of the table itself and of nothing else: on PostgreSQL,
   * not those of its inheritance children ({@code DELETE FROM ONLY}).
   */
  default String deleteAllSql(TableName table) {
    return "DELETE FROM " + qualify(table);
  }

  /**
   * The FROM target naming a target table's own rows (not its inheritance children's), for
   * counting what a load wrote; {@code partitioned} when the table is a partitioned parent,
   * whose rows are its partitions'.
   */
  default String ownRows(TableName table, boolean partitioned) {
    return partitioned ? qualify(table) : fromClause(table, true);
  }

  /**
   * The event that {@link #truncate} fires triggers on: {@code DELETE} where it deletes the rows,
   * {@code TRUNCATE} where the engine truncates.
   */
  default String truncateEvent() {
    return "DELETE";
  }

  /** Empties the tables (given children first) before a load with --truncate-target. */
  default void truncate(Connection connection, List<TableName> childrenFirst)
      throws SQLException {
    boolean auto = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (var s = connection.createStatement()) {
      for (TableName t : childrenFirst) {
        s.executeUpdate(deleteAllSql(t));
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(auto);
    }
  }
}
