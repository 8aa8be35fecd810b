package dev.ferry.api;

import java.util.List;
import java.util.Objects;

/**
 * How {@code ferry schema --tighten} adds constraints the source does not declare (see
 * docs/schema.md, "Tightening from evidence").
 *
 * @param mode {@code cautious}, {@code evidence-gated} or {@code aggressive}
 * @param minRows the fewest rows a table must hold before {@code evidence-gated} takes its data
 *     as proof (default {@link #DEFAULT_MIN_ROWS})
 * @param references references configured in {@code ferry.yaml} ({@code tighten: references:}),
 *     in file order
 */
public record TightenOptions(String mode, long minRows, List<Reference> references) {

  /** The fewest rows that are evidence for {@code evidence-gated} unless configured. */
  public static final long DEFAULT_MIN_ROWS = 1000;

  public TightenOptions {
    Objects.requireNonNull(mode, "mode");
    references = List.copyOf(references);
  }

  /**
   * A reference the user names: a child column that holds keys of a parent column.
   *
   * @param from the child's {@code table.column} (or {@code schema.table.column})
   * @param to the parent's {@code table.column}, its primary key or a unique column
   * @param where {@code file:line} of the entry, for messages
   */
  public record Reference(String from, String to, String where) {}
}
