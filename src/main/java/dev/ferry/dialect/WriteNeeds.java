package dev.ferry.dialect;

import dev.ferry.catalog.TableName;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run will do to a target database, for the privilege checks made before its first write
 * ({@link Dialect#writeProblems}). Every table as the target names it.
 *
 * @param inserts tables rows are loaded into (they are also read: counted, probed for keys)
 * @param updates per table a cycle fix-up updates, the columns it sets
 * @param deletes tables rows may be deleted from: a keyless table reloaded by a resume
 * @param truncates tables {@code --truncate-target} empties (the dialect knows how it does)
 * @param identityResets per table, the columns whose identity or sequence moves after the load
 * @param setAside per table whose foreign keys the load drops and re-creates (or disables), the
 *     tables those keys reference
 * @param stateTables ferry's state tables: written when they exist, created when they do not
 */
public record WriteNeeds(Set<TableName> inserts, Map<TableName, Set<String>> updates,
    Set<TableName> deletes, Set<TableName> truncates, Map<TableName, List<String>> identityResets,
    Map<TableName, Set<TableName>> setAside, List<TableName> stateTables) {

  public WriteNeeds {
    inserts = Set.copyOf(inserts);
    updates = Map.copyOf(updates);
    deletes = Set.copyOf(deletes);
    truncates = Set.copyOf(truncates);
    identityResets = Map.copyOf(identityResets);
    setAside = Map.copyOf(setAside);
    stateTables = List.copyOf(stateTables);
  }

  /** Every data table the run touches, sorted. */
  public java.util.SortedSet<TableName> tables() {
    java.util.SortedSet<TableName> all = new java.util.TreeSet<>(inserts);
    all.addAll(updates.keySet());
    all.addAll(deletes);
    all.addAll(truncates);
    return all;
  }

  /**
   * The problem line for privileges a principal lacks on one object: who, what, where, and the
   * statement that grants it.
   */
  public static String lacks(String principal, List<String> privileges, String object,
      String grant) {
    return principal + " lacks " + String.join(", ", privileges) + " on " + object + ": "
        + grant;
  }
}
