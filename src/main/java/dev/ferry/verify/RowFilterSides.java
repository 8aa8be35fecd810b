package dev.ferry.verify;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.Endpoint;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.KeyAllowlist;
import dev.ferry.rows.ValueKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which source tables verify compares a subset of: a table's {@code where:} selects the rows
 * compared on both sides, the target's by the same condition on its columns of the same names,
 * so the target's rows outside the subset are neither compared nor counted as extra.
 */
final class RowFilterSides {

  private RowFilterSides() {}

  /**
   * The allowlists ({@code keys-file:}): per source table, and per its target table, the same
   * list of keys, so both sides compare the listed rows only. Tables without a key are refused.
   */
  static List<Map<TableName, KeyAllowlist>> allowlists(VerifyRequest request, Catalog source,
      Catalog target) {
    Map<TableName, KeyAllowlist> sources = new HashMap<>();
    Map<TableName, KeyAllowlist> targets = new HashMap<>();
    for (CopyOptions.RowFilter f : request.rowFilters()) {
      if (f.keysFile() == null) {
        continue;
      }
      for (Table t : source.tables().stream().filter(t -> f.names(t.name())).toList()) {
        List<String> key = TableMatch.keyOf(t);
        if (key.isEmpty()) {
          throw new FerryException(ErrorCode.CONFIGURATION, f.keysFileWhere() + ": tables."
              + f.table() + ".keys-file lists keys, and " + t.name() + " has no primary or"
              + " non-null unique key.");
        }
        List<ValueKind> kinds = key.stream().map(k -> ValueKind.of(t.columns().stream()
            .filter(c -> c.name().equals(k)).findFirst().orElseThrow())).toList();
        KeyAllowlist list = KeyAllowlist.load(f.keysFile(), f.keysFileWhere(), key, kinds);
        sources.put(t.name(), list);
        TableMatch.match(target, t.name()).ifPresent(x -> targets.put(x.name(), list));
      }
    }
    return List.of(sources, targets);
  }

  /**
   * Per source table, its condition.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a condition with a bundle on
   *     either side, or on a name that is no table of the source, with its file and line
   */
  static Map<TableName, String> of(VerifyRequest request, Catalog source) {
    Map<TableName, String> conditions = new HashMap<>();
    for (CopyOptions.RowFilter f : request.rowFilters()) {
      if (f.condition() == null) {
        continue;
      }
      if (!(request.from() instanceof Endpoint.Database)
          || !(request.to() instanceof Endpoint.Database)) {
        throw new FerryException(ErrorCode.CONFIGURATION, f.where() + ": tables." + f.table()
            + ".where is a SQL condition, and a bundle has no SQL to run it: verify a bundle"
            + " against its database with a ferry.yaml without where:.");
      }
      List<TableName> named = source.tables().stream().map(Table::name).filter(f::names)
          .toList();
      if (named.isEmpty()) {
        throw new FerryException(ErrorCode.CONFIGURATION, f.where() + ": tables: '" + f.table()
            + "' names no table verify compares; " + TableFilter.closest(f.table(),
                source.tables().stream().map(Table::name).toList())
            + ". Check its spelling, or its schema and --include/--exclude.");
      }
      named.forEach(t -> conditions.put(t, f.condition()));
    }
    return conditions;
  }
}
