package dev.ferry.consolidate;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a tenant's schema differs from the first tenant's (docs/consolidate.md): tables and
 * columns one has and the other lacks, and columns whose values are of another kind ({@link
 * ValueKind}: engines name the same type differently, so tenants on different engines compare
 * by what their values are). Names compare without regard to letter case or schema.
 *
 * @param differences one readable line per difference, {@code table.column: ...}
 * @param dropped per table of the tenant, the columns (lower case) the first tenant lacks, which
 *     {@code drift: ignore-extra-columns} leaves out
 */
record SchemaDrift(List<String> differences, Map<TableName, Set<String>> dropped) {

  /** The differences of {@code tenant} from {@code reference}, the first tenant's catalog. */
  static SchemaDrift of(String referenceName, Catalog reference, Catalog tenant,
      boolean ignoreExtraColumns) {
    List<String> differences = new ArrayList<>();
    Map<TableName, Set<String>> dropped = new HashMap<>();
    Map<String, Table> theirs = byName(tenant);
    Map<String, Table> ours = byName(reference);
    ours.forEach((name, table) -> {
      if (!theirs.containsKey(name)) {
        differences.add("table " + table.name().name() + ": missing (" + referenceName
            + " has it)");
      }
    });
    theirs.forEach((name, table) -> {
      Table ref = ours.get(name);
      if (ref == null) {
        differences.add("table " + table.name().name() + ": not in " + referenceName);
        return;
      }
      Map<String, Column> refColumns = columns(ref);
      Map<String, Column> own = columns(table);
      refColumns.forEach((c, column) -> {
        Column mine = own.get(c);
        if (mine == null) {
          differences.add("table " + table.name().name() + ": column " + column.name()
              + " missing (" + referenceName + " has it, " + column.type() + ")");
        } else if (ValueKind.of(mine) != ValueKind.of(column)) {
          differences.add("table " + table.name().name() + ": column " + column.name()
              + " is " + mine.type() + " (" + kind(mine) + "), " + referenceName + " has "
              + column.type() + " (" + kind(column) + ")");
        }
      });
      own.forEach((c, column) -> {
        if (!refColumns.containsKey(c)) {
          if (ignoreExtraColumns) {
            dropped.computeIfAbsent(table.name(), k -> new HashSet<>()).add(c);
          } else {
            differences.add("table " + table.name().name() + ": extra column " + column.name()
                + " (" + column.type() + "), not in " + referenceName);
          }
        }
      });
    });
    return new SchemaDrift(differences, dropped);
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String kind(Column c) {
    return lower(ValueKind.of(c).name());
  }

  private static Map<String, Table> byName(Catalog catalog) {
    Map<String, Table> tables = new TreeMap<>();
    catalog.tables().forEach(t -> tables.put(lower(t.name().name()), t));
    return tables;
  }

  private static Map<String, Column> columns(Table table) {
    Map<String, Column> columns = new TreeMap<>();
    table.columns().forEach(c -> columns.put(lower(c.name()), c));
    return columns;
  }
}
