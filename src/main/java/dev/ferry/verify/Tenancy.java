package dev.ferry.verify;

import dev.ferry.catalog.TableName;
import dev.ferry.rows.SourceReader;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a verification of one consolidation tenant adds to a plain one (docs/consolidate.md,
 * "Verifying a consolidation"): the tenant's pairs of the id map, the target's rows of the
 * tenant only, and the tenant's source as its copy saw it (with the columns ferry computed).
 *
 * @param tenant the tenant's id, as its id map pairs carry it
 * @param targetRows per source table, the condition on the target table's columns selecting
 *     the tenant's rows (its tenant column's value); a table not named is compared whole
 * @param source the tenant's source as the copy read it, around the plain reader
 * @param references whether this verification also checks the target's references (every
 *     tenant's: one verification of the consolidation does it once)
 */
public record Tenancy(String tenant, Map<TableName, String> targetRows,
    UnaryOperator<SourceReader> source, boolean references) {

  public Tenancy {
    targetRows = Map.copyOf(targetRows);
  }
}
