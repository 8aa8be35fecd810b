package dev.ferry.copy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.KeyCodec;
import dev.ferry.rows.TablePlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a snapshot's rows have in the target at some positions (a child's key, the columns
 * of its parent that its foreign key references), for {@code children: replace} under the key
 * policies (docs/merge.md, "Child tables"): the source's value where the table keeps its keys;
 * a remapped or matched table's own key through the id map, or under {@code match}, for a row
 * the map does not pair yet, the key of the target row its natural key finds (as the table's
 * load pairs it: {@link ChunkMatch}); a column referencing a remapped table through the id map.
 * Writes nothing, so a dry run resolves as the run does.
 */
final class SnapshotKeys {

  private final TablePlan table;
  /** The table's own remapped key, when it is among the positions; else null. */
  private final RemapPlan.Remapped own;
  /** The columns among the positions that reference remapped tables. */
  private final List<RemapPlan.Reference> references;
  private final IdMap map;
  private final ChunkMatch match;
  /** Whether a reference the map lacks refuses (a child's key), or leaves the row out. */
  private final boolean strict;

  /**
   * @param map the run's id map; null when nothing is remapped
   * @param strict true where a reference the map lacks refuses, as the table's load would
   */
  SnapshotKeys(TablePlan table, int[] positions, RemapPlan plan, IdMap map, boolean strict) {
    Set<Integer> at = new java.util.HashSet<>();
    for (int p : positions) {
      at.add(p);
    }
    RemapPlan.Remapped remapped = map == null ? null : plan.remapped(table);
    this.table = table;
    this.own = remapped != null && at.contains(remapped.keyPosition()) ? remapped : null;
    this.references = map == null ? List.of() : plan.references(table).stream()
        .filter(r -> at.contains(r.position())).toList();
    this.map = map;
    this.match = own != null && own.natural() != null ? new ChunkMatch(own, map) : null;
    this.strict = strict;
  }

  /** Whether the value at a position is the target's (from the map), not the source's. */
  boolean targetValued(int position) {
    return own != null && own.keyPosition() == position
        || references.stream().anyMatch(r -> r.position() == position);
  }

  /**
   * The rows (in their order) whose values at the positions the target holds, those values put
   * in place of the source's; left out are the rows the target will hold under a new key (a
   * remapped key the map lacks, not paired by a natural key either, or in conflict), and, where
   * not strict, those referencing a parent row the map lacks (which only a new row can).
   *
   * @throws FerryException where strict, for a reference the map lacks: the load would refuse
   *     it, and nothing is deleted before it does
   */
  List<Object[]> resolve(Connection c, List<Object[]> rows) throws SQLException {
    if (own == null && references.isEmpty()) {
      return rows;
    }
    Set<Object[]> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    if (own != null) {
      int key = own.keyPosition();
      Set<String> wanted = new LinkedHashSet<>();
      rows.forEach(r -> wanted.add(text(r[key])));
      Map<String, String> found = map.lookup(c, own.mapName(), wanted);
      List<Object[]> mapped = new ArrayList<>();
      List<Object[]> fresh = new ArrayList<>();
      for (Object[] row : rows) {
        String target = found.get(text(row[key]));
        if (target == null) {
          fresh.add(row);
        } else {
          row[key] = KeyCodec.decode(target, List.of(own.generator().keyKind()))[0];
          mapped.add(row);
        }
      }
      if (match != null) {
        // rows found by natural key move to mapped with the target row's key
        match.pair(c, mapped, fresh);
      }
      kept.addAll(mapped);
    } else {
      kept.addAll(rows);
    }
    for (RemapPlan.Reference ref : references) {
      int p = ref.position();
      Set<String> wanted = new LinkedHashSet<>();
      rows.stream().filter(kept::contains).filter(r -> r[p] != null)
          .forEach(r -> wanted.add(text(r[p])));
      Map<String, String> found = map.lookup(c, ref.parent().mapName(), wanted);
      for (Object[] row : rows) {
        if (!kept.contains(row) || row[p] == null) {
          continue;
        }
        String target = found.get(text(row[p]));
        if (target != null) {
          row[p] = KeyCodec.decode(target, List.of(table.columns().get(p).kind()))[0];
        } else if (strict) {
          throw new FerryException(ErrorCode.REFUSED, "children: replace for " + table.target()
              + ": " + table.target() + "." + table.columns().get(p).targetName()
              + " references " + ref.parent().load().target() + " key " + row[p] + ", which"
              + " ferry has not mapped to a target key (the parent row is not in the source);"
              + " nothing of the table was deleted.");
        } else {
          kept.remove(row);
        }
      }
    }
    return rows.stream().filter(kept::contains).toList();
  }

  private static String text(Object value) {
    return KeyCodec.encode(new Object[] {value});
  }
}
