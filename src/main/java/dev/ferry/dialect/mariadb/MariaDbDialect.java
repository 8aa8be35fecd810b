package dev.ferry.dialect.mariadb;

import static dev.ferry.dialect.SqlQueries.append;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.Trigger;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.EngineDetails;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB and MySQL, both through the MariaDB driver. A MariaDB "database" is ferry's schema; JDBC
 * metadata calls it a catalog.
 */
public final class MariaDbDialect implements Dialect {

  @Override
  public String id() {
    return "mariadb";
  }

  @Override
  public List<String> urlPrefixes() {
    return List.of("jdbc:mariadb:", "jdbc:mysql:");
  }

  /** The bundled MariaDB driver serves {@code jdbc:mysql:} URLs under its own scheme. */
  @Override
  public String driverUrl(String jdbcUrl) {
    return jdbcUrl.regionMatches(true, 0, "jdbc:mysql:", 0, 11)
        ? "jdbc:mariadb:" + jdbcUrl.substring(11)
        : jdbcUrl;
  }

  @Override
  public Map<String, String> connectionProperties(int connectTimeoutSeconds, boolean readOnly) {
    return Map.of("connectTimeout", String.valueOf(connectTimeoutSeconds * 1000));
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.SCHEMAS_ARE_CATALOGS);
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public String currentSchema(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT DATABASE()");
  }

  @Override
  public String databaseName(Connection connection) throws SQLException {
    return currentSchema(connection);
  }

  @Override
  public List<String> schemas(Connection connection) throws SQLException {
    return SqlQueries.list(
        connection,
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN"
            + " ('information_schema', 'mysql', 'performance_schema', 'sys') ORDER BY 1",
        rs -> rs.getString(1));
  }

  @Override
  public EngineDetails details(Connection c, Collection<TableName> tables) throws SQLException {
    String[] schemas = SqlQueries.schemasOf(tables).toArray(String[]::new);
    Set<TableName> wanted = new HashSet<>(tables);
    Map<TableName, List<Trigger>> triggers = new HashMap<>();
    Map<TableName, Map<String, String>> generation = new HashMap<>();
    String in = SqlQueries.placeholders(schemas.length);
    for (Object[] row : SqlQueries.list(c,
        "SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, ACTION_TIMING,"
            + " EVENT_MANIPULATION FROM information_schema.TRIGGERS"
            + " WHERE EVENT_OBJECT_SCHEMA IN (" + in + ")",
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)),
            new Trigger(rs.getString(3), "trigger", rs.getString(4), rs.getString(5), true,
                false)},
        schemas)) {
      if (wanted.contains((TableName) row[0])) {
        append(triggers, (TableName) row[0], (Trigger) row[1]);
      }
    }
    for (Object[] row : SqlQueries.list(c,
        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, EXTRA FROM information_schema.COLUMNS"
            + " WHERE TABLE_SCHEMA IN (" + in + ") AND (EXTRA LIKE '%auto_increment%'"
            + " OR EXTRA LIKE '%GENERATED%')",
        rs -> new Object[] {new TableName(rs.getString(1), rs.getString(2)), rs.getString(3),
            rs.getString(4)},
        schemas)) {
      TableName table = (TableName) row[0];
      if (wanted.contains(table)) {
        String kind = ((String) row[2]).toLowerCase(java.util.Locale.ROOT)
            .contains("auto_increment") ? "auto-increment" : "computed";
        generation.computeIfAbsent(table, k -> new HashMap<>()).put((String) row[1], kind);
      }
    }
    return new EngineDetails(generation, triggers, Map.of(), Map.of());
  }

  /** Any session may switch its own foreign-key checks off. */
  @Override
  public List<CheckRelaxation> checkRelaxations(Connection c, Collection<TableName> tables) {
    return List.of(CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF);
  }

  @Override
  public long estimateRows(Connection connection, TableName table) throws SQLException {
    String estimate = SqlQueries.scalar(connection, "SELECT TABLE_ROWS FROM information_schema.TABLES"
        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", table.schema(), table.name());
    return estimate == null ? -1 : Long.parseLong(estimate);
  }

  @Override
  public List<String> snapshotStatements() {
    return List.of("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  }

  @Override
  public List<String> relaxChecks(CheckRelaxation relaxation) {
    return relaxation == CheckRelaxation.SESSION_FOREIGN_KEY_CHECKS_OFF
        ? List.of("SET SESSION FOREIGN_KEY_CHECKS = 0") : null;
  }

  /**
   * Engines move AUTO_INCREMENT past every explicit value inserted, so the counter is normally past
   * the loaded keys already; the ALTER (which takes the ALTER privilege) runs only where it is not.
   */
  @Override
  public void resetIdentity(Connection connection, TableName table, String column)
      throws SQLException {
    String max = SqlQueries.scalar(connection, "SELECT COALESCE(MAX(" + quote(column) + "), 0) + 1"
        + " FROM " + qualify(table));
    String next = SqlQueries.scalar(connection, "SELECT AUTO_INCREMENT FROM"
        + " information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", table.schema(),
        table.name());
    if (next != null && Long.parseLong(next) >= Long.parseLong(max)) {
      return;
    }
    try (var s = connection.createStatement()) {
      s.execute("ALTER TABLE " + qualify(table) + " AUTO_INCREMENT = " + Long.parseLong(max));
    }
  }

  @Override
  public List<String> writeProblems(Connection c, WriteNeeds needs) throws SQLException {
    return MariaDbPrivileges.problems(c, this, needs);
  }

  /** {@code 'user'@'host'}, as CURRENT_USER() names the account whose privileges apply. */
  @Override
  public String principal(Connection connection) throws SQLException {
    String account = SqlQueries.scalar(connection, "SELECT CURRENT_USER()");
    int at = account.lastIndexOf('@');
    String user = at < 0 ? account : account.substring(0, at);
    String host = at < 0 ? "%" : account.substring(at + 1);
    return "'" + user.replace("'", "''") + "'@'" + host.replace("'", "''") + "'";
  }

  /**
   * Deletes in one transaction, so that a failure or a kill half-way empties nothing (one
   * autocommitted DELETE per table left the children emptied and the parents full).
   */
  @Override
  public void truncate(Connection connection, List<TableName> childrenFirst) throws SQLException {
    boolean auto = connection.getAutoCommit();
    try (var s = connection.createStatement()) {
      s.execute("SET SESSION FOREIGN_KEY_CHECKS = 0");
      connection.setAutoCommit(false);
      try {
        for (TableName t : childrenFirst) {
          s.executeUpdate(deleteAllSql(t));
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(auto);
        s.execute("SET SESSION FOREIGN_KEY_CHECKS = 1");
      }
    }
  }

  /**
   * The server's host name, port and data directory, which tell two servers apart however they
   * are reached ({@code jdbc:mysql:} or {@code jdbc:mariadb:}, any host alias or port forward),
   * and the database.
   */
  @Override
  public String databaseIdentity(Connection connection) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT CONCAT_WS(':', 'mariadb', @@hostname, @@port,"
        + " @@datadir, DATABASE())");
  }

  /**
   * A named lock ({@code GET_LOCK}) per database, held by the lock's own connection. MariaDB
   * does not say who holds a named lock beyond its connection, so that is what the refusal
   * names (with ferry's run table, which the caller adds).
   */
  @Override
  public LockAttempt tryRunLock(Connection connection, String holder) throws SQLException {
    String name = "ferry:" + SqlQueries.scalar(connection, "SELECT DATABASE()");
    String lock = name.length() > 64 ? name.substring(0, 64) : name;
    if ("1".equals(SqlQueries.scalar(connection, "SELECT GET_LOCK(?, 0)", lock))) {
      return LockAttempt.taken(() -> SqlQueries.scalar(connection, "SELECT RELEASE_LOCK(?)",
          lock));
    }
    String who = SqlQueries.scalar(connection, "SELECT CONCAT('connection ', p.ID, ' (', p.USER,"
        + " '@', p.HOST, ', connected ', p.TIME, ' s in its current state)')"
        + " FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(?)", lock);
    return LockAttempt.heldBy(who == null ? "another connection" : who);
  }

  /** Row locks (InnoDB) and table metadata locks, in whole seconds, at least one. */
  @Override
  public List<String> lockTimeoutStatements(long millis) {
    long seconds = Math.max(1, (millis + 999) / 1000);
    return List.of("SET SESSION innodb_lock_wait_timeout = " + seconds,
        "SET SESSION lock_wait_timeout = " + seconds);
  }

  /** 1205 ER_LOCK_WAIT_TIMEOUT. */
  @Override
  public boolean isLockTimeout(SQLException e) {
    return e.getErrorCode() == 1205;
  }

  /**
   * InnoDB does not keep who held a lock once the wait ended: the open transactions holding
   * locks.
   */
  @Override
  public String lockHolders(Connection connection, TableName table) throws SQLException {
    return SqlQueries.scalar(connection, "SELECT GROUP_CONCAT(CONCAT('connection ',"
        + " t.trx_mysql_thread_id, ' (transaction since ', t.trx_started, ', ', t.trx_state,"
        + " ', ', t.trx_rows_locked, ' rows locked)') SEPARATOR '; ')"
        + " FROM information_schema.INNODB_TRX t"
        + " WHERE t.trx_mysql_thread_id <> CONNECTION_ID()"
        + " AND (t.trx_rows_locked > 0 OR t.trx_tables_locked > 0)");
  }

  @Override
  public String relaxationHint() {
    return "SET FOREIGN_KEY_CHECKS = 0 is open to every session";
  }

  /** MariaDB has no type with zone; Connector/J shifts an OffsetDateTime into the JVM's zone. */
  @Override
  public boolean bindsOffsetDateTime() {
    return false;
  }

  /**
   * MariaDB's text protocol prints a FLOAT with six significant digits (1234567 reads as
   * 1234570); multiplying by a DOUBLE one widens it exactly, and a double prints in full.
   */
  @Override
  public String readExpression(String quotedColumn, Column column) {
    String type = column.type() == null ? "" : column.type().toUpperCase(Locale.ROOT);
    // times one, not plus zero: -0 + 0 is +0, and a negative zero would lose its sign
    return type.startsWith("FLOAT") ? "(" + quotedColumn + " * 1E0)" : quotedColumn;
  }

  @Override
  public String notTimeOfDay(String quotedColumn) {
    return "(" + quotedColumn + " < '00:00:00' OR " + quotedColumn + " >= '24:00:00')";
  }

  @Override
  public String notUuid(String quotedColumn) {
    return quotedColumn + " NOT REGEXP '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'";
  }

  /** The spatial types, whose values the driver hands over as the server's internal bytes. */
  private static final Set<String> SPATIAL = Set.of("geometry", "point", "linestring", "polygon",
      "multipoint", "multilinestring", "multipolygon", "geometrycollection");

  /**
   * Spatial columns are binary: the driver reports them as OTHER and their text would be their
   * internal bytes (an SRID and WKB) decoded as UTF-8, which loses bytes; as bytes, they are
   * copied and compared exactly, and a spatial column takes them back as they are.
   */
  @Override
  public List<dev.ferry.catalog.Column> columns(Connection connection, TableName table,
      List<dev.ferry.catalog.Column> reported) throws SQLException {
    Map<String, String> charsets = new HashMap<>();
    try (var ps = connection.prepareStatement("SELECT COLUMN_NAME, CHARACTER_SET_NAME"
        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
        + " AND CHARACTER_SET_NAME IS NOT NULL")) {
      ps.setString(1, table.schema());
      ps.setString(2, table.name());
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          charsets.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return reported.stream().map(c -> c.type() == null
        || !SPATIAL.contains(c.type().toLowerCase(java.util.Locale.ROOT))
        ? new dev.ferry.catalog.Column(c.name(), c.type(), c.jdbcType(), c.size(), c.scale(),
            c.nullable(), c.defaultValue(), c.generation(), charsets.get(c.name()))
        : new dev.ferry.catalog.Column(c.name(), c.type(), "LONGVARBINARY", null, null,
            c.nullable(), c.defaultValue(), c.generation())).toList();
  }

  /**
   * {@code utf8mb3} (the {@code utf8} of MariaDB before 11.8 and of MySQL) stores up to three
   * bytes a character, {@code ucs2} two: no emoji.
   */
  @Override
  public boolean onlyBmp(dev.ferry.catalog.Column column) {
    return column.charset() != null && List.of("utf8mb3", "utf8", "ucs2")
        .contains(column.charset().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * A range of U+10000 to U+10FFFF spelt without backslashes (which NO_BACKSLASH_ESCAPES would
   * keep), over the text as utf8mb4 (a utf8mb3 or latin1 column would not mix with the range).
   * Not by comparing the text with its conversion to utf8mb3: MariaDB 10.11 answers that in a
   * SELECT list but not in a WHERE clause.
   */
  @Override
  public String beyondBmp(String quotedColumn) {
    return "CONVERT(" + quotedColumn + " USING utf8mb4) REGEXP CONCAT('[',"
        + " CHAR(0xF0908080 USING utf8mb4), '-', CHAR(0xF48FBFBF USING utf8mb4), ']')";
  }

  /** An ENUM's value as a number is its index, 0 for the error value alone. */
  @Override
  public String enumErrorValue(String quotedColumn) {
    return "(" + quotedColumn + " + 0) = 0";
  }

  @Override
  public String containsNul(String quotedColumn) {
    return "INSTR(" + quotedColumn + ", CHAR(0 USING utf8mb4)) > 0";
  }

  @Override
  public String notCalendarDate(String quotedColumn) {
    return "(MONTH(" + quotedColumn + ") = 0 OR DAYOFMONTH(" + quotedColumn + ") = 0"
        + " OR DAYOFMONTH(" + quotedColumn + ") > DAYOFMONTH(LAST_DAY(" + quotedColumn + ")))";
  }

  /** Bytes as a utf8mb4 target column holds them, whatever the source column's charset. */
  @Override
  public String octetLength(String quotedColumn) {
    return "OCTET_LENGTH(CONVERT(" + quotedColumn + " USING utf8mb4))";
  }

  @Override
  public boolean membersOnly(dev.ferry.catalog.Column column) {
    return column.type() != null && List.of("ENUM", "SET")
        .contains(column.type().toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * A TIMESTAMP holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07.999999 UTC (a session in another
   * time zone shifts them by its offset); DATE and DATETIME hold years 1000 to 9999 as documented,
   * and store years down to 1, but no year before it.
   */
  @Override
  public dev.ferry.dialect.TemporalRange temporalRange(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toUpperCase(java.util.Locale.ROOT);
    return switch (type) {
      case "TIMESTAMP" -> new dev.ferry.dialect.TemporalRange(
          java.time.LocalDateTime.of(1970, 1, 1, 0, 0, 1),
          java.time.LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000), "UTC");
      case "DATE", "DATETIME" -> new dev.ferry.dialect.TemporalRange(
          java.time.LocalDateTime.of(1, 1, 1, 0, 0),
          java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000), null);
      default -> null;
    };
  }

  /** The driver reports no scale: DATETIME(3) is 23 wide (19 and the point), TIME(2) 13 (10). */
  @Override
  public Integer fractionDigits(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toUpperCase(java.util.Locale.ROOT);
    int whole = type.equals("TIME") ? 10 : type.equals("DATETIME") || type.equals("TIMESTAMP")
        ? 19 : -1;
    if (whole < 0 || column.size() == null) {
      return null;
    }
    return column.size() > whole ? column.size() - whole - 1 : 0;
  }

  @Override
  public String finerThan(String quotedColumn, dev.ferry.catalog.Column column, int digits) {
    String type = column.type() == null ? "" : column.type().toUpperCase(java.util.Locale.ROOT);
    String cast = type.equals("TIME") ? "TIME" : type.equals("DATETIME")
        || type.equals("TIMESTAMP") ? "DATETIME" : null;
    return cast == null ? null
        : quotedColumn + " <> CAST(" + quotedColumn + " AS " + cast + "(" + digits + "))";
  }

  /** TINYTEXT, TEXT, MEDIUMTEXT and LONGTEXT are limited in bytes, VARCHAR and CHAR in characters. */
  @Override
  public boolean lengthInBytes(dev.ferry.catalog.Column column) {
    String type = column.type() == null ? "" : column.type().toLowerCase(java.util.Locale.ROOT);
    return type.endsWith("text");
  }
}
