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
 * Implementations are stateless.
 */
public interface Dialect {

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

  /** Named capabilities of this engine. */
  Set<Capability> capabilities();

  /** True when the engine has the capability. */
  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  /** Quotes an identifier, doubling the quote character inside it. */
  String quote(String identifier);

  /** {@code schema.table}, each part quoted; the schema is left out when null. */
  default String qualify(TableName table) {
    return table.schema() == null
        ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
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

  // ---- measuring values (preflight, where declared types do not prove that values fit) ----

  /** SQL for the length of a text value in characters, as this engine's text columns count. */
  default String characterLength(String quotedColumn) {
    return "CHAR_LENGTH(" + quotedColumn + ")";
  }

  /** SQL for the length of a text value in bytes of UTF-8. */
  default String octetLength(String quotedColumn) {
    return "OCTET_LENGTH(" + quotedColumn + ")";
  }

  /** SQL for the length of a binary value in bytes. */
  default String binaryLength(String quotedColumn) {
    return "OCTET_LENGTH(" + quotedColumn + ")";
  }

  /** Whether a bounded text column's declared length counts bytes rather than characters. */
  default boolean lengthInBytes(dev.ferry.catalog.Column column) {
    return false;
  }

  /**
   * SQL true for a text that is not a UUID of 8-4-4-4-12 hex digits (a text going into a uuid
   * column, which the target would refuse or reformat). Default: not 36 characters long.
   */
  default String notUuid(String quotedColumn) {
    return characterLength(quotedColumn) + " <> 36";
  }

  /**
   * The expression a copy or verify selects to read a column exactly: the quoted column itself,
   * unless the engine's text of its type loses what the value holds (MariaDB prints a FLOAT with
   * six significant digits).
   */
  default String readExpression(String quotedColumn, Column column) {
    return quotedColumn;
  }

  /**
   * SQL true for a TIME value that is no time of day (MariaDB's TIME is a duration from -838 to
   * 838 hours), or null where every TIME value is one.
   */
  default String notTimeOfDay(String quotedColumn) {
    return null;
  }

  /**
   * Whether a text column takes only the members its type lists (MariaDB's ENUM and SET), so
   * that no array literal ({@code {a,b}}) is among its values.
   */
  default boolean membersOnly(dev.ferry.catalog.Column column) {
    return false;
  }

  /** SQL for a number rounded to {@code scale} digits after the point. */
  default String round(String quotedColumn, int scale) {
    return "ROUND(" + quotedColumn + ", " + scale + ")";
  }

  /**
   * SQL true for a decimal that a float ({@code single}: binary32) would not give back as the
   * same decimal, or null when the engine cannot tell (then such decimals are refused).
   */
  default String floatRoundTrip(String quotedColumn, boolean single) {
    return null;
  }

  /**
   * SQL true for a value that is one of the given non-finite values (floats and decimals: {@code
   * NaN}, {@code Infinity}, {@code -Infinity}; dates and timestamps: {@code infinity}, {@code
   * -infinity}), or null when this engine holds none of them.
   */
  default String nonFinite(String quotedColumn, Set<String> which) {
    return null;
  }

  /**
   * SQL true for a date or timestamp this engine stores that is no day of the calendar (MariaDB's
   * zero date {@code 0000-00-00}, a zero month or day, a 31 April where the SQL mode allowed it),
   * or null when the engine stores none.
   */
  default String notCalendarDate(String quotedColumn) {
    return null;
  }

  /**
   * SQL true for an enum column's error value (MariaDB stores an unknown label as {@code ''},
   * index 0, when the SQL mode is not strict), or null when the engine has none.
   */
  default String enumErrorValue(String quotedColumn) {
    return null;
  }

  /**
   * SQL true for a text holding a character beyond the Basic Multilingual Plane (four bytes in
   * UTF-8: emoji, many CJK and math letters), or null when this engine cannot tell.
   */
  default String beyondBmp(String quotedColumn) {
    return null;
  }

  /**
   * Whether a text column of this engine holds only characters of the Basic Multilingual Plane
   * (MariaDB's {@code utf8mb3}, which MariaDB also calls {@code utf8}).
   */
  default boolean onlyBmp(dev.ferry.catalog.Column column) {
    return false;
  }

  /**
   * SQL true for a text holding the character U+0000, or null when this engine's text never
   * holds it (or it cannot tell).
   */
  default String containsNul(String quotedColumn) {
    return null;
  }

  /** Whether this engine's text columns store the character U+0000 (PostgreSQL's do not). */
  default boolean storesNulInText() {
    return true;
  }

  /** The non-finite values (as {@link #nonFinite} names them) this engine stores. */
  default Set<String> storedNonFinite() {
    return Set.of();
  }

  /**
   * The dates and times a column of this engine holds as they are, or null when it holds every
   * date a source can have (then nothing is measured).
   */
  default TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    return null;
  }

  /**
   * Digits of fractions of a second a time or timestamp column keeps, or null when it keeps any.
   * Default: the column's scale, as the driver reports it.
   */
  default Integer fractionDigits(dev.ferry.catalog.Column column) {
    return column.scale();
  }

  /**
   * SQL true for a finite date or timestamp of this (source) column outside the range, a value
   * with zone compared as its UTC wall time; null when the engine cannot tell.
   */
  default String temporalOutside(String quotedColumn, dev.ferry.catalog.Column column,
      TemporalRange range) {
    return "(" + quotedColumn + " < TIMESTAMP '" + TemporalRange.text(range.min()) + "' OR "
        + quotedColumn + " > TIMESTAMP '" + TemporalRange.text(range.max()) + "')";
  }

  /**
   * SQL true for a time or timestamp of this (source) column with fractions of a second beyond
   * {@code digits}, or null when the engine cannot tell (then they are not measured).
   */
  default String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    return null;
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
   * Reasons the connected principal cannot do what the run needs on this target: privileges it
   * lacks on the tables it loads, updates, deletes from or empties, on the sequences it moves, on
   * the constraints it sets aside, and on ferry's state tables (writing them where they exist,
   * creating them where they do not); row-level security it cannot bypass. Each reason names what
   * is missing where, and the statement that grants it. Read only: the preflight asks on a
   * read-only connection, before anything is written. Empty where the engine gives no way to tell
   * (the run then fails at its first write instead).
   */
  default List<String> writeProblems(Connection connection, WriteNeeds needs)
      throws SQLException {
    return List.of();
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

  /** The connected principal as a GRANT statement names it ({@code "role"}, {@code 'u'@'h'}). */
  default String principal(Connection connection) throws SQLException {
    return quote(connection.getMetaData().getUserName());
  }

  /**
   * A statement granting privileges on a table to a principal (as {@link #principal} names it),
   * or null where the engine has no privileges (SQLite).
   */
  default String grant(String privileges, TableName table, String principal) {
    return "GRANT " + privileges + " ON " + qualify(table) + " TO " + principal;
  }

  /**
   * The event that {@link #truncate} fires triggers on: {@code DELETE} where it deletes the rows,
   * {@code TRUNCATE} where the engine truncates.
   */
  default String truncateEvent() {
    return "DELETE";
  }

  // ---- foreign keys set aside for a load (CheckRelaxation.perConstraint) ----

  /**
   * How to restore a foreign key of a table after setting it aside, read from the live database;
   * null when the table has no such constraint. Called on a connection whose transaction the
   * caller commits.
   */
  default DeferredConstraint deferredConstraint(Connection connection, TableName table,
      String constraint) throws SQLException {
    return null;
  }

  /** The statement that sets a foreign key aside for a load (drops or disables it). */
  default String setAside(DeferredConstraint constraint) {
    throw new UnsupportedOperationException(id() + " does not set foreign keys aside");
  }

  /**
   * What an operator runs to have a foreign key restored unchecked ({@link
   * DeferredConstraint#restoreUnchecked}) check its rows, once they are fixed.
   */
  default String validate(DeferredConstraint constraint) {
    return setAside(constraint) + "; " + constraint.restore();
  }

  /** Whether the foreign key exists and is enforced (a restore that finds it so has nothing to do). */
  default boolean constraintPresent(Connection connection, TableName table, String constraint)
      throws SQLException {
    return deferredConstraint(connection, table, constraint) != null;
  }

  /**
   * True when DDL commits with the transaction around it (PostgreSQL, SQL Server): a constraint
   * is then dropped, or re-created, in the same transaction that records, or forgets, it. Where
   * DDL commits on its own (H2), the record is committed first and outlives the DDL.
   */
  default boolean transactionalDdl() {
    return false;
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

  /**
   * Secondary indexes of a table that a bulk load into the empty table may drop first and
   * re-create after it, because building an index once over loaded rows costs less than
   * maintaining it row by row: only indexes that guard nothing (not unique, not backing a
   * constraint, nothing depending on them) and that their definition restores exactly. Each as
   * its name and the statement re-creating it; empty where ferry does not do this on the engine.
   */
  default List<DeferrableIndex> deferrableIndexes(Connection connection, TableName table)
      throws SQLException {
    return List.of();
  }

  /** The statement dropping an index {@link #deferrableIndexes} returned. */
  default String dropIndex(TableName table, DeferrableIndex index) {
    throw new UnsupportedOperationException(id() + " does not defer indexes");
  }

  // ---- guarding a run: which database, one run at a time, bounded lock waits ----

  /**
   * What identifies the connected database however it is reached (host aliases, ports, URL
   * forms, symbolic links): equal for two connections exactly when they reach the same
   * database, so that a copy onto its own source is refused. Null where the engine cannot
   * tell.
   */
  default String databaseIdentity(Connection connection) throws SQLException {
    return null;
  }

  /**
   * Tries, without waiting, to take ferry's run lock on the connection's database: one run at a
   * time per target. Server engines tie it to the connection (closing it releases the lock, as a
   * killed process does); embedded engines lock a file beside the database. The default takes
   * nothing and always succeeds, for engines without such a lock.
   *
   * @param holder who takes it (run id, since when, where), shown to a run that finds it held
   */
  default LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    return LockAttempt.taken(() -> { });
  }

  /** Statements bounding how long a session waits for a lock another session holds. */
  default List<String> lockTimeoutStatements(long millis) {
    return List.of();
  }

  /** Whether the failure is a lock wait that ran out of {@link #lockTimeoutStatements} time. */
  default boolean isLockTimeout(SQLException e) {
    return false;
  }

  /**
   * The other sessions holding locks on a table (or open transactions, where the engine does not
   * tell per table), described for a message; null where the engine does not tell.
   */
  default String lockHolders(Connection connection, TableName table) throws SQLException {
    return null;
  }

  // ---- ferry's own state in the target ----

  /** The table holding ferry's state {@code base} (run, checkpoint) in this engine. */
  default TableName stateTable(Connection connection, String base) throws SQLException {
    return new TableName(currentSchema(connection), "ferry_" + base);
  }

  /** Statements creating a state table if it is missing (and its schema, where it has one). */
  default List<String> createStateTable(TableName table, String columnsDdl) {
    return List.of("CREATE TABLE IF NOT EXISTS " + qualify(table) + " (" + columnsDdl + ")");
  }

  /**
   * Statements creating a missing state table; {@code schemaExists} leaves out creating its
   * schema, which engines refuse to a principal that may create tables in the schema but not
   * schemas (PostgreSQL checks that privilege before it looks whether the schema exists).
   */
  default List<String> createStateTable(TableName table, String columnsDdl,
      boolean schemaExists) {
    return createStateTable(table, columnsDdl);
  }

  /** The type for short texts (ids, names) in state tables. */
  default String stateKeyType() {
    return "VARCHAR(255)";
  }

  /** The type for long texts (keys as JSON, descriptions) in state tables. */
  default String stateTextType() {
    return "VARCHAR(4000)";
  }
}
