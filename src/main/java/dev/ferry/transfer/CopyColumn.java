package dev.ferry.transfer;

/**
 * One column as it is copied.
 *
 * @param name the source column's name
 * @param targetName the target column's name (the same, up to letter case)
 * @param kind how its values travel
 * @param nullable whether the source column accepts NULL
 */
public record CopyColumn(String name, String targetName, ValueKind kind, boolean nullable) {}
