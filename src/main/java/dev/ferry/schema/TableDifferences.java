package dev.ferry.schema;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What keeps a target's existing table from standing for the source's under {@code
 * --create-schema}: a column missing or extra, one NOT NULL there that the source lets be NULL,
 * another primary key.
 */
final class TableDifferences {

  private TableDifferences() {}

  /**
   * What differs between a source table and the target's table of its name; {@code keyWaits}:
   * a killed run created the table without its primary key, which comes after the load, so its
   * absence is no difference.
   */
  static List<String> of(Table source, Table target, boolean keyWaits) {
    List<String> diff = new ArrayList<>();
    Map<String, Column> theirs = new HashMap<>();
    target.columns().forEach(c -> theirs.put(c.name().toLowerCase(Locale.ROOT), c));
    Set<String> ours = new LinkedHashSet<>();
    Set<String> keyed = new java.util.HashSet<>();
    if (source.primaryKey() != null) {
      source.primaryKey().columns().forEach(k -> keyed.add(k.toLowerCase(Locale.ROOT)));
    }
    for (Column c : source.columns()) {
      String name = c.name().toLowerCase(Locale.ROOT);
      ours.add(name);
      Column other = theirs.get(name);
      if (other == null) {
        diff.add("column " + c.name() + " is missing");
      } else if (c.nullable() && !other.nullable() && !keyed.contains(name)
          && other.defaultValue() == null) {
        diff.add("column " + c.name() + " is NOT NULL there, nullable in the source");
      }
    }
    target.columns().stream().filter(c -> !ours.contains(c.name().toLowerCase(Locale.ROOT)))
        .forEach(c -> diff.add("column " + c.name() + " is not in the source"));
    List<String> pk = source.primaryKey() == null ? List.of() : lower(source.primaryKey()
        .columns());
    List<String> theirPk = target.primaryKey() == null ? List.of() : lower(target.primaryKey()
        .columns());
    if (!pk.equals(theirPk) && !(keyWaits && theirPk.isEmpty())) {
      diff.add("primary key (" + String.join(", ", theirPk) + ") instead of ("
          + String.join(", ", pk) + ")");
    }
    return diff;
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }
}
