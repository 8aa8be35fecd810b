package dev.ferry.rows;

import dev.ferry.catalog.Column;
import java.util.Locale;

/**
 * The kinds of value ferry moves losslessly, each with one canonical Java type that travels
 * between reader, transformer and writer:
 *
 * <table>
 *   <caption>canonical types</caption>
 *   <tr><td>INTEGER</td><td>{@link Long}, or {@link java.math.BigInteger} beyond 64 bits</td></tr>
 *   <tr><td>DECIMAL</td><td>{@link java.math.BigDecimal}</td></tr>
 *   <tr><td>FLOAT</td><td>{@link Double}</td></tr>
 *   <tr><td>BOOLEAN</td><td>{@link Boolean}</td></tr>
 *   <tr><td>TEXT, JSON, ENUM, ARRAY, OTHER</td><td>{@link String} (ARRAY: PostgreSQL's literal)</td></tr>
 *   <tr><td>BINARY</td><td>{@code byte[]}</td></tr>
 *   <tr><td>DATE</td><td>{@link java.time.LocalDate}</td></tr>
 *   <tr><td>TIME</td><td>{@link java.time.LocalTime}</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@link java.time.LocalDateTime}</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>{@link java.time.OffsetDateTime}</td></tr>
 *   <tr><td>UUID</td><td>{@link java.util.UUID}</td></tr>
 * </table>
 *
 * <p>NULL is {@code null} in every kind. Engines that store dates as text (SQLite) hand over the
 * text when it does not parse.
 */
public enum ValueKind {
  INTEGER, DECIMAL, FLOAT, BOOLEAN, TEXT, BINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, UUID, JSON,
  ENUM, ARRAY, OTHER;

  /**
   * The kind a column's values are read and bound as on an engine that keeps dates and times
   * as text ({@code Dialect.temporalsAsText}, SQLite): there a text column whose declared type
   * is a date, time or timestamp holds those.
   */
  public static ValueKind of(Column column, boolean temporalsAsText) {
    ValueKind kind = of(column);
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
    if (temporalsAsText && kind == TEXT) {
      return type.contains("timestamp") || type.contains("datetime") ? TIMESTAMP
          : type.equals("date") ? DATE : type.equals("time") ? TIME : kind;
    }
    return kind;
  }

  /** The kind of a catalog column, from its JDBC type and the engine's type name. */
  public static ValueKind of(Column column) {
    String type = column.type() == null ? "" : column.type().toLowerCase(Locale.ROOT);
    String jdbc = column.jdbcType();
    if (type.equals("uuid") || type.equals("uniqueidentifier")) {
      return UUID;
    }
    if (type.equals("json") || type.equals("jsonb")) {
      return JSON;
    }
    if (type.startsWith("_") || jdbc.equals("ARRAY") || type.endsWith("[]")) {
      return ARRAY;
    }
    if (type.startsWith("timestamptz") || type.equals("timestamp with time zone")
        || type.equals("datetimeoffset") || jdbc.equals("TIMESTAMP_WITH_TIMEZONE")) {
      return TIMESTAMP_TZ;
    }
    if (type.equals("bool") || type.equals("boolean") || jdbc.equals("BOOLEAN")
        || (jdbc.equals("BIT") && (column.size() == null || column.size() <= 1))) {
      return BOOLEAN;
    }
    if (type.equals("year")) {
      return INTEGER;
    }
    if (type.startsWith("interval") || type.endsWith("range") || type.equals("point")) {
      // PostgreSQL types whose names contain "int" but hold no integer: carried as their text
      return OTHER;
    }
    switch (jdbc) {
      case "TINYINT", "SMALLINT", "INTEGER", "BIGINT" -> {
        return INTEGER;
      }
      case "DECIMAL", "NUMERIC" -> {
        return type.equals("money") ? TEXT : DECIMAL;
      }
      case "REAL", "FLOAT", "DOUBLE" -> {
        return FLOAT;
      }
      case "CHAR", "VARCHAR", "LONGVARCHAR", "NCHAR", "NVARCHAR", "LONGNVARCHAR", "CLOB", "NCLOB",
          "SQLXML" -> {
        return type.contains("enum") ? ENUM : TEXT;
      }
      case "BINARY", "VARBINARY", "LONGVARBINARY", "BLOB" -> {
        return BINARY;
      }
      case "DATE" -> {
        return DATE;
      }
      case "TIME", "TIME_WITH_TIMEZONE" -> {
        return TIME;
      }
      case "TIMESTAMP" -> {
        return TIMESTAMP;
      }
      case "BIT" -> {
        return BINARY;
      }
      default -> {
        return sqliteAffinity(type, jdbc);
      }
    }
  }

  /** SQLite declares free-form types; its affinity rules decide what a column holds. */
  private static ValueKind sqliteAffinity(String type, String jdbc) {
    if (type.contains("int")) {
      return INTEGER;
    }
    if (type.contains("char") || type.contains("clob") || type.contains("text")) {
      return TEXT;
    }
    if (type.contains("blob") || type.contains("binary") || type.equals("bytea")) {
      // SQLite gives binary and bytea NUMERIC affinity, which keeps a blob a blob: a schema
      // brought from another engine declares its bytes so
      return BINARY;
    }
    if (type.contains("real") || type.contains("floa") || type.contains("doub")) {
      return FLOAT;
    }
    if (type.contains("dec") || type.contains("num")) {
      return DECIMAL;
    }
    if (type.contains("datetime") || type.contains("timestamp")) {
      return TIMESTAMP;
    }
    if (type.contains("date")) {
      return DATE;
    }
    return jdbc.equals("OTHER") || type.isEmpty() ? OTHER : TEXT;
  }
}
