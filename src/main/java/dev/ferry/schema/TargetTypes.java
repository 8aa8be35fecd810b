package dev.ferry.schema;

import static dev.ferry.schema.PortableType.*;

import java.util.EnumMap;
import java.util.Map;

/**
 * One table per target dialect: how each {@link PortableType} is spelt, and why, when the
 * spelling holds less or more than the source did (the note every such column gets). Formats take
 * {@code %1$d} the size or precision and {@code %2$d} the scale or fractional digits; the limits
 * of each dialect ({@link TargetDialect}) choose between the sized and the unbounded spelling.
 */
final class TargetTypes {

  /**
   * A target type.
   *
   * @param sql the type, a format for sized types
   * @param note why this loses or widens something, or null when it keeps the source's meaning
   */
  record Spelling(String sql, String note) {}

  private static final String NO_UNSIGNED = "widened: %s has no unsigned integers";
  private static final String NO_TINYINT = "widened: %s has no 1-byte integer";
  private static final String NO_MEDIUMINT = "widened: %s has no 3-byte integer";
  private static final String NO_YEAR = "widened: %s has no YEAR type; the year as a number";
  private static final String AS_TEXT = "%s has no such type: its values as text";
  private static final String ZONE_DROPPED = "narrowed: %s keeps no time zone; the values are"
      + " written as the instants' UTC time";
  private static final String MARIADB_TIMESTAMP_NOTE = "a MariaDB TIMESTAMP is an instant kept in"
      + " UTC and shown in the session's time zone: here without time zone, holding the values"
      + " as ferry reads them in the source session's time zone";
  private static final String ENUM_CHECK = "%s has no enum type: VARCHAR with a CHECK of its"
      + " labels";

  static final Map<String, Map<PortableType, Spelling>> TABLES = Map.of(
      "postgres", table(new Object[][] {
          {TINYINT, "smallint", NO_TINYINT}, {SMALLINT, "smallint"},
          {MEDIUMINT, "integer", NO_MEDIUMINT}, {INTEGER, "integer"}, {BIGINT, "bigint"},
          {UTINYINT, "smallint", NO_UNSIGNED}, {USMALLINT, "integer", NO_UNSIGNED},
          {UMEDIUMINT, "integer", NO_UNSIGNED}, {UINTEGER, "bigint", NO_UNSIGNED},
          {UBIGINT, "numeric(20)", NO_UNSIGNED}, {DECIMAL, "numeric(%1$d,%2$d)"},
          {REAL, "real"}, {DOUBLE, "double precision"}, {BOOLEAN, "boolean"}, {TEXT, "text"},
          {VARCHAR, "varchar(%1$d)"}, {CHAR, "char(%1$d)"}, {BINARY, "bytea"},
          {VARBINARY, "bytea"}, {DATE, "date"}, {TIME, "time(%2$d)"},
          {TIMESTAMP, "timestamp(%2$d)"}, {MARIADB_TIMESTAMP, "timestamp(%2$d)",
              MARIADB_TIMESTAMP_NOTE}, {TIMESTAMPTZ, "timestamptz(%2$d)"},
          {YEAR, "smallint", NO_YEAR}, {UUID, "uuid"}, {JSON, "json"}, {JSONB, "jsonb"},
          {SET, "text", "%s has no SET type: its values as text 'a,b'"},
          {ARRAY, "text", null}, {INTERVAL, "interval"},
          {ANY, "text", "a SQLite column without type may hold any value: text here"}}),
      "mysql", table(new Object[][] {
          {TINYINT, "TINYINT"}, {SMALLINT, "SMALLINT"}, {MEDIUMINT, "MEDIUMINT"},
          {INTEGER, "INT"}, {BIGINT, "BIGINT"}, {UTINYINT, "TINYINT UNSIGNED"},
          {USMALLINT, "SMALLINT UNSIGNED"}, {UMEDIUMINT, "MEDIUMINT UNSIGNED"},
          {UINTEGER, "INT UNSIGNED"}, {UBIGINT, "BIGINT UNSIGNED"},
          {DECIMAL, "DECIMAL(%1$d,%2$d)"}, {REAL, "FLOAT"}, {DOUBLE, "DOUBLE"},
          {BOOLEAN, "BOOLEAN"}, {TEXT, "LONGTEXT"}, {VARCHAR, "VARCHAR(%1$d)"},
          {CHAR, "CHAR(%1$d)"}, {BINARY, "LONGBLOB"}, {VARBINARY, "VARBINARY(%1$d)"},
          {DATE, "DATE"}, {TIME, "TIME(%2$d)"}, {TIMESTAMP, "DATETIME(%2$d)"},
          {MARIADB_TIMESTAMP, "TIMESTAMP(%2$d)"}, {TIMESTAMPTZ, "DATETIME(%2$d)", ZONE_DROPPED},
          {YEAR, "YEAR"}, {UUID, "CHAR(36)", "MySQL has no UUID type (MariaDB has since 10.7):"
              + " its text, CHAR(36)"}, {JSON, "JSON"},
          {JSONB, "JSON", "jsonb as JSON: the text PostgreSQL normalised (keys sorted)"},
          {SET, "SET"}, {ARRAY, "LONGTEXT", null}, {INTERVAL, "VARCHAR(64)", AS_TEXT},
          {ANY, "LONGTEXT", "a SQLite column without type may hold any value: text here"}}),
      "sqlite", table(new Object[][] {
          {TINYINT, "SMALLINT"}, {SMALLINT, "SMALLINT"}, {MEDIUMINT, "INTEGER"},
          {INTEGER, "INTEGER"}, {BIGINT, "BIGINT"}, {UTINYINT, "SMALLINT"},
          {USMALLINT, "INTEGER"}, {UMEDIUMINT, "INTEGER"}, {UINTEGER, "BIGINT"},
          {UBIGINT, "BIGINT", "narrowed: SQLite integers are signed 64-bit; values beyond"
              + " 9223372036854775807 would be stored as REAL, rounded"},
          {DECIMAL, "DECIMAL(%1$d,%2$d)", "SQLite stores decimals as 64-bit integers or"
              + " binary64: more than 15 significant digits are rounded"},
          {REAL, "REAL"}, {DOUBLE, "DOUBLE"}, {BOOLEAN, "BOOLEAN"}, {TEXT, "TEXT"},
          {VARCHAR, "VARCHAR(%1$d)"}, {CHAR, "CHAR(%1$d)"}, {BINARY, "BLOB"},
          {VARBINARY, "BLOB"}, {DATE, "DATE"}, {TIME, "TIME"}, {TIMESTAMP, "DATETIME"},
          {MARIADB_TIMESTAMP, "DATETIME", MARIADB_TIMESTAMP_NOTE},
          {TIMESTAMPTZ, "DATETIME", ZONE_DROPPED}, {YEAR, "SMALLINT", NO_YEAR},
          {UUID, "UUID"}, {JSON, "JSON"}, {JSONB, "JSON", "jsonb as JSON text"},
          {ENUM, "TEXT"}, {SET, "TEXT", "%s has no SET type: its values as text 'a,b'"},
          {ARRAY, "TEXT", null}, {INTERVAL, "TEXT", AS_TEXT}, {ANY, ""}}),
      "h2", table(new Object[][] {
          {TINYINT, "TINYINT"}, {SMALLINT, "SMALLINT"}, {MEDIUMINT, "INTEGER", NO_MEDIUMINT},
          {INTEGER, "INTEGER"}, {BIGINT, "BIGINT"}, {UTINYINT, "SMALLINT", NO_UNSIGNED},
          {USMALLINT, "INTEGER", NO_UNSIGNED}, {UMEDIUMINT, "INTEGER", NO_UNSIGNED},
          {UINTEGER, "BIGINT", NO_UNSIGNED}, {UBIGINT, "NUMERIC(20)", NO_UNSIGNED},
          {DECIMAL, "NUMERIC(%1$d,%2$d)"}, {REAL, "REAL"}, {DOUBLE, "DOUBLE PRECISION"},
          {BOOLEAN, "BOOLEAN"}, {TEXT, "CHARACTER VARYING"},
          {VARCHAR, "CHARACTER VARYING(%1$d)"}, {CHAR, "CHARACTER(%1$d)"},
          {BINARY, "BINARY VARYING"}, {VARBINARY, "BINARY VARYING(%1$d)"}, {DATE, "DATE"},
          {TIME, "TIME(%2$d)"}, {TIMESTAMP, "TIMESTAMP(%2$d)"},
          {MARIADB_TIMESTAMP, "TIMESTAMP(%2$d)", MARIADB_TIMESTAMP_NOTE},
          {TIMESTAMPTZ, "TIMESTAMP(%2$d) WITH TIME ZONE"}, {YEAR, "SMALLINT", NO_YEAR},
          {UUID, "UUID"}, {JSON, "JSON"}, {JSONB, "JSON", "jsonb as JSON text"},
          {SET, "CHARACTER VARYING", "%s has no SET type: its values as text 'a,b'"},
          {ARRAY, "CHARACTER VARYING", null}, {INTERVAL, "CHARACTER VARYING(64)", AS_TEXT},
          {ANY, "CHARACTER VARYING", "a SQLite column without type may hold any value: text"
              + " here"}}),
      "sqlserver", table(new Object[][] {
          {TINYINT, "SMALLINT", "widened: SQL Server's TINYINT is unsigned"},
          {SMALLINT, "SMALLINT"}, {MEDIUMINT, "INT", NO_MEDIUMINT}, {INTEGER, "INT"},
          {BIGINT, "BIGINT"}, {UTINYINT, "TINYINT"}, {USMALLINT, "INT", NO_UNSIGNED},
          {UMEDIUMINT, "INT", NO_UNSIGNED}, {UINTEGER, "BIGINT", NO_UNSIGNED},
          {UBIGINT, "DECIMAL(20,0)", NO_UNSIGNED}, {DECIMAL, "DECIMAL(%1$d,%2$d)"},
          {REAL, "REAL"}, {DOUBLE, "FLOAT"}, {BOOLEAN, "BIT"}, {TEXT, "NVARCHAR(MAX)"},
          {VARCHAR, "NVARCHAR(%1$d)"}, {CHAR, "NCHAR(%1$d)"}, {BINARY, "VARBINARY(MAX)"},
          {VARBINARY, "VARBINARY(%1$d)"}, {DATE, "DATE"}, {TIME, "TIME(%2$d)"},
          {TIMESTAMP, "DATETIME2(%2$d)"}, {MARIADB_TIMESTAMP, "DATETIME2(%2$d)",
              MARIADB_TIMESTAMP_NOTE}, {TIMESTAMPTZ, "DATETIMEOFFSET(%2$d)"},
          {YEAR, "SMALLINT", NO_YEAR}, {UUID, "UNIQUEIDENTIFIER"},
          {JSON, "NVARCHAR(MAX)", "SQL Server has no JSON type: NVARCHAR(MAX)"},
          {JSONB, "NVARCHAR(MAX)", "SQL Server has no JSON type: NVARCHAR(MAX)"},
          {SET, "NVARCHAR(MAX)", "%s has no SET type: its values as text 'a,b'"},
          {ARRAY, "NVARCHAR(MAX)", null}, {INTERVAL, "NVARCHAR(64)", AS_TEXT},
          {ANY, "NVARCHAR(MAX)", "a SQLite column without type may hold any value: text"
              + " here"}}));

  private TargetTypes() {}

  /** The spelling of a type in a dialect; null when the dialect spells it its own way (enums). */
  static Spelling of(String dialect, PortableType type) {
    return TABLES.get(dialect).get(type);
  }

  private static Map<PortableType, Spelling> table(Object[][] rows) {
    Map<PortableType, Spelling> table = new EnumMap<>(PortableType.class);
    for (Object[] row : rows) {
      table.put((PortableType) row[0], new Spelling((String) row[1],
          row.length > 2 ? (String) row[2] : null));
    }
    return table;
  }
}
