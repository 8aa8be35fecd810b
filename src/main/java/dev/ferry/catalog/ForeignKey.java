package dev.ferry.catalog;

import java.util.List;

/**
 * A foreign key from the table that declares it (the child) to the referenced table (the parent).
 *
 * @param name the constraint name
 * @param columns the child's columns, in key order
 * @param parent the referenced table
 * @param parentColumns the referenced columns, paired with {@code columns}
 * @param onDelete the delete rule: {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE}, {@code SET
 *     NULL} or {@code SET DEFAULT}
 * @param onUpdate the update rule, same words
 * @param deferrability {@code not-deferrable}, {@code initially-immediate} or {@code
 *     initially-deferred}
 */
public record ForeignKey(
    String name,
    List<String> columns,
    TableName parent,
    List<String> parentColumns,
    String onDelete,
    String onUpdate,
    String deferrability) {

  public static final String NOT_DEFERRABLE = "not-deferrable";

  public ForeignKey {
    columns = List.copyOf(columns);
    parentColumns = List.copyOf(parentColumns);
  }

  /** True when the engine can check this constraint at commit instead of per statement. */
  public boolean deferrable() {
    return !NOT_DEFERRABLE.equals(deferrability);
  }
}
