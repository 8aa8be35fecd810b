package dev.ferry.catalog;

/**
 * A table's check constraint, as the source engine declares it. The expression is kept as the
 * source wrote it (its own SQL, quoting and casts); the DDL writer parses it and decides per
 * target whether it translates.
 *
 * @param name the constraint name
 * @param expression the condition in the source engine's SQL, without {@code CHECK}
 */
public record Check(String name, String expression) {}
