package dev.ferry.rows;

import dev.ferry.api.Endpoint;
import dev.ferry.api.MergeMode;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import java.util.List;
import java.util.Map;

/**
 * How a copy writes SQL scripts instead of loading a database: planned by the script dialect's
 * rules and written by its writer. The facade hands the script package's implementation to the
 * copy engine, so that the engine never depends on how scripts are written.
 */
public interface ScriptTargets {

  /** The engine whose types and identities a script of this directory's dialect plans with. */
  Dialect engine(Endpoint.Script script);

  /** The load order scripts of this dialect replay in, planned from the source catalog. */
  LoadOrder order(Endpoint.Script script, Catalog source);

  /**
   * The writer of the scripts.
   *
   * @param source the source catalog
   * @param order the load order {@link #order} gave
   * @param units the plan's units in step order: they number the files
   * @param identityResets per table, the identity or sequence columns the last file moves on
   * @param merges per unit, the merge mode its rows are written under as upserts (docs/merge.md);
   *     units not named are plain INSERTs
   * @param versions per unit under {@code newer-wins}, its version column's position in its rows
   */
  TargetWriter open(Endpoint.Script script, Catalog source, LoadOrder order, List<String> units,
      Map<TableName, List<String>> identityResets, Map<String, MergeMode> merges,
      Map<String, Integer> versions);
}
