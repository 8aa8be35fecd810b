package dev.ferry.dialect;

import dev.ferry.catalog.CheckRelaxation;
import dev.ferry.catalog.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
}
