package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.KeyAllowlist;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The allowlists of a run ({@code keys-file:} under {@code tables:} in {@code ferry.yaml}): read
 * before anything is written, recorded in the plan's fingerprint by their SHA-256, and checked
 * against the source's keys, whose absent ones are noted (not refused).
 */
final class KeysFiles {

  private static final int LISTED = 5;

  private KeysFiles() {}

  /** Records each keys file's SHA-256 among the transformations the plan's fingerprint covers. */
  static void fingerprint(CopyOptions options, Map<String, String> transformations) {
    for (CopyOptions.RowFilter f : options.rowFilters()) {
      if (f.keysFile() != null) {
        transformations.put("keys-file:" + f.table().toLowerCase(java.util.Locale.ROOT),
            KeyAllowlist.digest(f.keysFile()));
      }
    }
  }

  /**
   * Per planned table with a keys file, its allowlist.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a keys file on a table without a
   *     key or that names no table the copy reads, or one that cannot be read as keys
   */
  static Map<TableName, KeyAllowlist> load(CopyOptions options, CopyPlan plan) {
    Map<TableName, KeyAllowlist> lists = new HashMap<>();
    List<TablePlan> tables = plan.steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> !t.isFixup()).toList();
    for (CopyOptions.RowFilter f : options.rowFilters()) {
      if (f.keysFile() == null) {
        continue;
      }
      List<TablePlan> named = tables.stream().filter(t -> f.names(t.source())).toList();
      if (named.isEmpty()) {
        throw new FerryException(ErrorCode.CONFIGURATION, f.keysFileWhere() + ": tables: '"
            + f.table() + "' names no table this copy reads. Check its spelling, or its schema"
            + " and --include/--exclude.");
      }
      for (TablePlan t : named) {
        if (!t.keyed()) {
          throw new FerryException(ErrorCode.CONFIGURATION, f.keysFileWhere() + ": tables."
              + f.table() + ".keys-file lists keys, and " + t.source() + " has no primary or"
              + " non-null unique key; select its rows with where: instead.");
        }
        lists.put(t.source(), KeyAllowlist.load(f.keysFile(), f.keysFileWhere(),
            t.keyColumns(), t.keyColumns().stream()
                .map(k -> t.columns().get(t.indexOf(k)).kind()).toList()));
      }
    }
    return lists;
  }

  /**
   * Notes, per table, the listed keys the source (as filtered by its {@code where:}) lacks: their
   * number and first keys. One read of the key columns; memory: the keys found, at most the list.
   */
  static void noteAbsent(CopyPlan plan, Map<TableName, KeyAllowlist> lists, SourceReader reader,
      int batchSize) {
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        KeyAllowlist list = lists.get(t.source());
        if (list == null || t.isFixup()) {
          continue;
        }
        List<CopyColumn> key = t.keyColumns().stream().map(k -> t.columns().get(t.indexOf(k)))
            .toList();
        TablePlan keys = new TablePlan(t.source(), t.target(), key, t.keyColumns(), Set.of(),
            t.ownRowsOnly(), List.of(), t.rowFilter());
        Set<Object> found = new HashSet<>();
        try (ChunkCursor cursor = reader.read(keys, null, batchSize)) {
          for (Chunk c = cursor.next(); c != null && found.size() < list.size(); c = cursor.next()) {
            c.rows().forEach(row -> found.add(dev.ferry.rows.KeyCodec.encode(row)));
          }
        }
        List<String> absent = list.absent(found);
        if (!absent.isEmpty()) {
          plan.notes().add(t.source() + ": " + absent.size() + " of the " + list.size()
              + " keys its keys-file lists are not among the source's rows"
              + (t.rowFilter() == null ? "" : " its where: selects") + ", first: "
              + String.join(", ", absent.subList(0, Math.min(LISTED, absent.size()))));
        }
      }
    }
  }
}
