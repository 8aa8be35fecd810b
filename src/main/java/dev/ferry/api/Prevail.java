package dev.ferry.api;

import dev.ferry.catalog.TableName;
import java.util.List;

/**
 * A table whose source rows prevail over the target's under {@code newer-wins} where they
 * changed since a sync job's last cycle: those whose {@code column} is above every value of
 * {@code above} (docs/sync.md, "Direction": a job of both directions whose {@code winner:} is
 * the side read).
 *
 * @param table the table's name as {@code --include} takes it, qualified or not
 * @param column its watermark column, as the source names it (any letter case)
 * @param above the values a row's column must exceed, each a {@link java.math.BigDecimal},
 *     {@link java.time.LocalDate}, {@link java.time.LocalDateTime} or {@link
 *     java.time.OffsetDateTime}; empty: every row read changed (a first cycle)
 * @param onBoth what a row that changed becomes: {@link OnBoth#PREVAIL} it overwrites the
 *     target's; where the target's row changed too (its column above them as well) {@link
 *     OnBoth#CONFLICT} it is a conflict, or {@link OnBoth#SKIP} the target's row is kept
 *     (skipped): {@code winner: none}'s halves
 */
public record Prevail(String table, String column, List<Object> above, OnBoth onBoth) {

  /** See {@link Prevail}. */
  public enum OnBoth { PREVAIL, CONFLICT, SKIP }

  public Prevail {
    above = List.copyOf(above);
  }

  /** A winner's row that changed: it prevails. */
  public Prevail(String table, String column, List<Object> above) {
    this(table, column, above, OnBoth.PREVAIL);
  }

  /** Whether the entry names a table, as --include would (qualified or not, any case). */
  public boolean names(TableName name) {
    String subject = table.contains(".") ? name.qualified() : name.name();
    return subject.equalsIgnoreCase(table);
  }
}
