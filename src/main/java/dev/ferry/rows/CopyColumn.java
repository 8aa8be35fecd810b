package dev.ferry.rows;

/**
 * One column as it is copied.
 *
 * @param name the source column's name
 * @param targetName the target column's name (the same, up to letter case)
 * @param kind how its values travel
 * @param nullable whether the source column accepts NULL
 * @param targetType the target column's type as its engine names it, or null when the target is
 *     no database (a bundle, a script)
 */
public record CopyColumn(String name, String targetName, ValueKind kind, boolean nullable,
    String targetType) {

  /** A column whose target's type does not matter to how it is written. */
  public CopyColumn(String name, String targetName, ValueKind kind, boolean nullable) {
    this(name, targetName, kind, nullable, null);
  }
}
