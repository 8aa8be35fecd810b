package dev.ferry.schema;

import static dev.ferry.schema.PortableType.*;

import dev.ferry.catalog.Column;
import dev.ferry.dialect.SqlQueries;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One table per source engine: the engine's type names (as its catalog reports them) and what
 * they mean. Sizes are read the engine's way ({@link #resolve}); a name that is in no table is
 * unknown, and {@code ferry schema} refuses it rather than guess.
 */
final class SourceTypes {

  /** Declared sizes at or above this are unbounded text or bytes (MariaDB MEDIUMTEXT: 16 MiB). */
  static final int UNBOUNDED = (1 << 24) - 1;

  static final Map<String, Map<String, PortableType>> TABLES = Map.of(
      "postgres", Map.ofEntries(Map.entry("int2", SMALLINT), Map.entry("smallserial", SMALLINT),
          Map.entry("int4", INTEGER), Map.entry("serial", INTEGER), Map.entry("int8", BIGINT),
          Map.entry("bigserial", BIGINT), Map.entry("numeric", DECIMAL),
          Map.entry("float4", REAL), Map.entry("float8", DOUBLE), Map.entry("bool", BOOLEAN),
          Map.entry("text", TEXT), Map.entry("varchar", VARCHAR), Map.entry("bpchar", CHAR),
          Map.entry("bytea", BINARY), Map.entry("date", DATE), Map.entry("time", TIME),
          Map.entry("timestamp", TIMESTAMP), Map.entry("timestamptz", TIMESTAMPTZ),
          Map.entry("uuid", UUID), Map.entry("json", JSON), Map.entry("jsonb", JSONB),
          Map.entry("interval", INTERVAL)),
      "mariadb", Map.ofEntries(Map.entry("TINYINT", TINYINT),
          Map.entry("TINYINT UNSIGNED", UTINYINT), Map.entry("BOOLEAN", BOOLEAN),
          Map.entry("SMALLINT", SMALLINT), Map.entry("SMALLINT UNSIGNED", USMALLINT),
          Map.entry("MEDIUMINT", MEDIUMINT), Map.entry("MEDIUMINT UNSIGNED", UMEDIUMINT),
          Map.entry("INT", INTEGER), Map.entry("INTEGER", INTEGER),
          Map.entry("INT UNSIGNED", UINTEGER), Map.entry("INTEGER UNSIGNED", UINTEGER),
          Map.entry("BIGINT", BIGINT), Map.entry("BIGINT UNSIGNED", UBIGINT),
          Map.entry("DECIMAL", DECIMAL), Map.entry("DECIMAL UNSIGNED", DECIMAL),
          Map.entry("FLOAT", REAL), Map.entry("DOUBLE", DOUBLE), Map.entry("VARCHAR", VARCHAR),
          Map.entry("CHAR", CHAR), Map.entry("TINYTEXT", TEXT), Map.entry("TEXT", TEXT),
          Map.entry("MEDIUMTEXT", TEXT), Map.entry("LONGTEXT", TEXT),
          Map.entry("TINYBLOB", BINARY), Map.entry("BLOB", BINARY),
          Map.entry("MEDIUMBLOB", BINARY), Map.entry("LONGBLOB", BINARY),
          Map.entry("VARBINARY", VARBINARY), Map.entry("BINARY", VARBINARY),
          Map.entry("DATE", DATE), Map.entry("TIME", TIME), Map.entry("DATETIME", TIMESTAMP),
          Map.entry("TIMESTAMP", MARIADB_TIMESTAMP), Map.entry("YEAR", YEAR),
          Map.entry("UUID", UUID), Map.entry("JSON", JSON), Map.entry("ENUM", ENUM),
          Map.entry("SET", SET)),
      "sqlite", Map.ofEntries(Map.entry("INTEGER", BIGINT), Map.entry("INT", BIGINT),
          Map.entry("BIGINT", BIGINT), Map.entry("SMALLINT", SMALLINT),
          Map.entry("TINYINT", SMALLINT), Map.entry("MEDIUMINT", INTEGER),
          Map.entry("REAL", DOUBLE), Map.entry("DOUBLE", DOUBLE), Map.entry("FLOAT", DOUBLE),
          Map.entry("DOUBLE PRECISION", DOUBLE), Map.entry("NUMERIC", DECIMAL),
          Map.entry("DECIMAL", DECIMAL), Map.entry("BOOLEAN", BOOLEAN), Map.entry("BOOL", BOOLEAN),
          Map.entry("TEXT", TEXT), Map.entry("CLOB", TEXT), Map.entry("VARCHAR", TEXT),
          Map.entry("NVARCHAR", TEXT), Map.entry("CHAR", TEXT), Map.entry("NCHAR", TEXT),
          Map.entry("CHARACTER", TEXT), Map.entry("BLOB", BINARY), Map.entry("DATE", DATE),
          Map.entry("TIME", TIME), Map.entry("DATETIME", TIMESTAMP),
          Map.entry("TIMESTAMP", TIMESTAMP), Map.entry("JSON", JSON), Map.entry("UUID", UUID),
          Map.entry("", ANY)),
      "h2", Map.ofEntries(Map.entry("TINYINT", TINYINT), Map.entry("SMALLINT", SMALLINT),
          Map.entry("INTEGER", INTEGER), Map.entry("BIGINT", BIGINT),
          Map.entry("NUMERIC", DECIMAL), Map.entry("DECIMAL", DECIMAL), Map.entry("REAL", REAL),
          Map.entry("DOUBLE PRECISION", DOUBLE), Map.entry("BOOLEAN", BOOLEAN),
          Map.entry("CHARACTER VARYING", VARCHAR), Map.entry("CHARACTER", CHAR),
          Map.entry("CHARACTER LARGE OBJECT", TEXT), Map.entry("BINARY VARYING", VARBINARY),
          Map.entry("BINARY", VARBINARY), Map.entry("BINARY LARGE OBJECT", BINARY),
          Map.entry("DATE", DATE), Map.entry("TIME", TIME), Map.entry("TIMESTAMP", TIMESTAMP),
          Map.entry("TIMESTAMP WITH TIME ZONE", TIMESTAMPTZ), Map.entry("UUID", UUID),
          Map.entry("JSON", JSON), Map.entry("ENUM", ENUM)),
      "sqlserver", Map.ofEntries(Map.entry("tinyint", UTINYINT), Map.entry("smallint", SMALLINT),
          Map.entry("int", INTEGER), Map.entry("bigint", BIGINT), Map.entry("bit", BOOLEAN),
          Map.entry("decimal", DECIMAL), Map.entry("numeric", DECIMAL),
          Map.entry("money", DECIMAL), Map.entry("smallmoney", DECIMAL),
          Map.entry("real", REAL), Map.entry("float", DOUBLE), Map.entry("varchar", VARCHAR),
          Map.entry("nvarchar", VARCHAR), Map.entry("char", CHAR), Map.entry("nchar", CHAR),
          Map.entry("text", TEXT), Map.entry("ntext", TEXT), Map.entry("varbinary", VARBINARY),
          Map.entry("binary", VARBINARY), Map.entry("image", BINARY), Map.entry("date", DATE),
          Map.entry("time", TIME), Map.entry("datetime", TIMESTAMP),
          Map.entry("datetime2", TIMESTAMP), Map.entry("smalldatetime", TIMESTAMP),
          Map.entry("datetimeoffset", TIMESTAMPTZ), Map.entry("uniqueidentifier", UUID)));

  private SourceTypes() {}

  /**
   * What a column's type means, or null when the engine's table does not know it.
   *
   * @param engine the source's dialect id
   * @param labels the column's enum labels, where the engine reported some
   */
  static SourceType resolve(String engine, Column column, List<String> labels) {
    String declared = column.type() == null ? "" : column.type().strip();
    String name = key(engine, declared);
    if (engine.equals("postgres") && !labels.isEmpty()) {
      return new SourceType(ENUM, null, null, labels, declared);
    }
    if (engine.equals("postgres") && declared.startsWith("_")) {
      return new SourceType(ARRAY, null, null, List.of(), declared);
    }
    if (engine.equals("h2") && declared.toUpperCase(Locale.ROOT).endsWith(" ARRAY")) {
      return new SourceType(ARRAY, null, null, List.of(), declared);
    }
    PortableType type = TABLES.getOrDefault(engine, Map.of()).get(name);
    if (type == null && engine.equals("sqlite")) {
      type = sqliteAffinity(name);
    }
    if (type == null) {
      return null;
    }
    if (engine.equals("h2") && type == ENUM) {
      labels = SqlQueries.quotedList(declared);
    }
    return sized(engine, type, column, labels, declared);
  }

  /** The name the engine's table is keyed by. */
  private static String key(String engine, String declared) {
    String name = declared.replaceAll("\\s*\\(.*\\)", "").strip();
    return switch (engine) {
      case "postgres" -> name.toLowerCase(Locale.ROOT);
      // mssql-jdbc reports an identity column's type as "int identity"
      case "sqlserver" -> name.toLowerCase(Locale.ROOT).replaceAll(" identity$", "");
      default -> name.toUpperCase(Locale.ROOT);
    };
  }

  /** SQLite's own affinity rules for a name the table does not list (sqlite.org/datatype3). */
  private static PortableType sqliteAffinity(String name) {
    if (name.contains("INT")) {
      return BIGINT;
    } else if (name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT")) {
      return TEXT;
    } else if (name.contains("BLOB")) {
      return BINARY;
    } else if (name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB")) {
      return DOUBLE;
    }
    return null;
  }

  private static SourceType sized(String engine, PortableType type, Column c,
      List<String> labels, String declared) {
    Integer size = c.size();
    Integer scale = c.scale();
    switch (type) {
      case VARCHAR, CHAR, VARBINARY -> {
        if (size == null || size <= 0 || size >= UNBOUNDED) {
          return new SourceType(type == VARBINARY ? BINARY : TEXT, null, null, labels, declared);
        }
        return new SourceType(type, size, null, labels, declared);
      }
      case TEXT, BINARY -> {
        return new SourceType(type, size == null || size >= UNBOUNDED ? null : size, null,
            labels, declared);
      }
      case DECIMAL -> {
        if (engine.equals("sqlserver") && declared.toLowerCase(Locale.ROOT).contains("money")) {
          return new SourceType(type, 19, 4, labels, declared);
        }
        boolean unbounded = size == null || size <= 0 || engine.equals("sqlite");
        return new SourceType(type, unbounded ? null : size, unbounded ? null
            : scale == null ? 0 : scale, labels, declared);
      }
      case TIME, TIMESTAMP, MARIADB_TIMESTAMP, TIMESTAMPTZ -> {
        return new SourceType(type, null, fraction(engine, type, size, scale), labels, declared);
      }
      default -> {
        return new SourceType(type, null, null, labels, declared);
      }
    }
  }

  /** Fractional digits of a time: MariaDB tells them only through the display size. */
  private static Integer fraction(String engine, PortableType type, Integer size, Integer scale) {
    if (engine.equals("mariadb")) {
      int plain = type == TIME ? 10 : 19;
      return size == null || size <= plain ? 0 : size - plain - 1;
    }
    if (engine.equals("sqlite")) {
      return null;
    }
    return scale;
  }
}
