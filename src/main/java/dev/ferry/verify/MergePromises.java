package dev.ferry.verify;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tables a copy merged into a living target, and under which mode: resolved from the same
 * {@code --merge}, {@code --keys} and {@code tables:} entries the copy was given, as the copy
 * resolves them (a mode for every keyed table, a table's entry over it; a key policy {@code remap}
 * or {@code match} without a mode is a merge under {@code fail}). Checked before any row is read.
 */
final class MergePromises {

  /**
   * One merged table's promise.
   *
   * @param mode its merge mode
   * @param newerBy the {@code newer-wins} version column's name; null for other modes
   * @param where where the mode was given, for messages ({@code ferry.yaml:12}, {@code --merge})
   */
  record Promise(MergeMode mode, String newerBy, String where) {}

  private MergePromises() {}

  /**
   * The promise of every source table a merge wrote into.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a {@code newer-wins} table without
   *     a version column, or one that names no column of the table
   */
  static Map<TableName, Promise> of(VerifyRequest request, Catalog source, List<String> notes) {
    Map<TableName, Promise> promises = new HashMap<>();
    for (CopyOptions.TableMerge e : request.tableMerges()) {
      if (source.tables().stream().noneMatch(t -> names(e.table(), t.name()))) {
        notes.add(e.where() + ": tables: '" + e.table() + "' names no source table verified:"
            + " not held to a merge promise");
      }
    }
    for (Table t : source.tables()) {
      MergeMode mode = request.merge();
      KeyPolicy keys = request.keys();
      String newerBy = null;
      String where = mode == null ? null : "--merge " + mode.label();
      for (CopyOptions.TableMerge e : request.tableMerges()) {
        if (names(e.table(), t.name())) {
          if (e.mode() != null) {
            mode = e.mode();
            where = e.where() + ": tables: " + e.table();
          }
          keys = e.keys() != null ? e.keys() : keys;
          newerBy = e.newerBy() != null ? e.newerBy() : newerBy;
        }
      }
      if (mode == null && (keys == KeyPolicy.REMAP || keys == KeyPolicy.MATCH)) {
        mode = MergeMode.FAIL;
        where = "keys: " + keys.name().toLowerCase(java.util.Locale.ROOT);
      }
      if (mode == null || TableMatch.keyOf(t).isEmpty()) {
        continue;
      }
      if (mode == MergeMode.NEWER_WINS) {
        if (newerBy == null) {
          throw new FerryException(ErrorCode.CONFIGURATION, where + ": merge newer-wins for "
              + t.name() + ", but no version column is named; nothing was read. Give the one"
              + " the copy used in ferry.yaml: tables: {" + t.name().name()
              + ": {merge: newer-wins, newer-by: updated_at}}");
        }
        String wanted = newerBy;
        if (t.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(wanted))) {
          throw new FerryException(ErrorCode.CONFIGURATION, where + ".newer-by: '" + newerBy
              + "' is no column of " + t.name() + "; nothing was read. Name the version column"
              + " the copy used.");
        }
      }
      promises.put(t.name(), new Promise(mode, newerBy, where));
    }
    return promises;
  }

  /** Whether a name as --include takes it (qualified or not, any letter case) names a table. */
  private static boolean names(String name, TableName table) {
    String subject = name.contains(".") ? table.qualified() : table.name();
    return subject.equalsIgnoreCase(name);
  }
}
