package dev.ferry.catalog;

/**
 * One column as the database describes it.
 *
 * @param name the column name, exactly as stored
 * @param type the engine's own type name ({@code int4}, {@code varchar}, {@code mood} for an enum)
 * @param jdbcType the {@link java.sql.JDBCType} name, or {@code OTHER(code)} for vendor codes
 * @param size precision for numbers, length for text, as the driver reports it; null if none
 * @param scale digits after the point; null if not applicable
 * @param nullable whether NULL is allowed
 * @param defaultValue the default expression, verbatim; null if none
 * @param generation how the engine produces the value itself, or null: {@code auto-increment},
 *     {@code identity-always}, {@code identity-by-default}, {@code sequence-default}, {@code
 *     computed}
 * @param charset the character set of a text column where the engine sets one per column
 *     (MariaDB: {@code utf8mb4}, {@code utf8mb3}, {@code latin1}); null elsewhere
 */
public record Column(
    String name,
    String type,
    String jdbcType,
    Integer size,
    Integer scale,
    boolean nullable,
    String defaultValue,
    String generation,
    String charset) {

  /**
   * The {@link #generation} of a column the source does not have, whose values ferry supplies
   * as it reads (a consolidation's tenant column, docs/consolidate.md): never queried on the
   * source.
   */
  public static final String SUPPLIED = "supplied";

  /** A column whose engine sets no character set per column. */
  public Column(String name, String type, String jdbcType, Integer size, Integer scale,
      boolean nullable, String defaultValue, String generation) {
    this(name, type, jdbcType, size, scale, nullable, defaultValue, generation, null);
  }

  /** True when the engine assigns this column's value unless told otherwise. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isGenerated() {
    return generation != null;
  }
}
