package dev.ferry.dialect;

/**
 * A secondary index a bulk load drops before and re-creates after (see {@link
 * Dialect#deferrableIndexes}).
 *
 * @param name the index name, unquoted
 * @param definition the statement that re-creates it exactly, e.g. {@code CREATE INDEX ...}
 */
public record DeferrableIndex(String name, String definition) {}
