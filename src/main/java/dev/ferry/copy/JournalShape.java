package dev.ferry.copy;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the before-image journal (docs/rollback.md) records of one unit's rows: the columns a
 * before-image holds and an after-hash covers (the carried columns, except those a cycle loads
 * as NULL and a fix-up fills), the key, and per column the two encodings by which a source value
 * and the target's value are the same ({@link dev.ferry.rows.SameValues}): a row's after-hash is
 * computed from the values written with the source's, and a rollback recomputes it from the
 * target's row with the target's, so an untouched row hashes alike.
 *
 * @param position the unit's place in the load order (a rollback undoes in reverse)
 * @param hashed positions, among the plan's columns, of the journaled columns
 * @param keys positions of the key columns
 * @param source per plan column, the encoding of the values written
 * @param target per plan column, the encoding of the target's values
 */
record JournalShape(TablePlan table, int position, int[] hashed, int[] keys,
    CanonicalValue[] source, CanonicalValue[] target) {

  /** The shape of a keyed unit; its encodings paired as a merge pairs them. */
  static JournalShape of(TablePlan table, int position, Table sourceTable, String sourceEngine,
      Table targetTable, String targetEngine) {
    List<Integer> hashed = new ArrayList<>();
    int n = table.columns().size();
    CanonicalValue[] source = new CanonicalValue[n];
    CanonicalValue[] target = new CanonicalValue[n];
    for (int i = 0; i < n; i++) {
      CopyColumn c = table.columns().get(i);
      if (!table.nulledColumns().contains(c.name())) {
        hashed.add(i);
      }
      Column column = targetTable.column(c.targetName()).orElseThrow();
      CanonicalValue t = CanonicalValue.of(column, targetEngine);
      CanonicalValue s = sourceTable == null ? null : sourceTable.column(c.name())
          .map(col -> CanonicalValue.of(col, sourceEngine)).orElse(null);
      if (s == null || s.kind() != c.kind()) {
        s = CanonicalValue.of(c.kind());
      }
      source[i] = s.pair(t);
      target[i] = t.pair(s);
    }
    return new JournalShape(table, position, hashed.stream().mapToInt(Integer::intValue)
        .toArray(), table.keyPositions(), source, target);
  }

  /** What names a cycle fix-up's journal in {@code table_name}: see {@link #journalName}. */
  static final String FIXUP = "fixup:";

  /**
   * The unit's name in the journal's {@code table_name}: the target table's qualified name, with
   * a key range's label for a table loaded as key ranges ({@code schema.table#2/4}: each range
   * numbers its batches, and its rollback undoes it apart from the others), or for a cycle
   * fix-up {@code fixup:schema.table(columns)}, its target columns (the journaled columns but
   * the key), so that its journal is apart from its table's (a rollback undoes it before the
   * table's, in reverse load order).
   */
  String journalName() {
    String qualified = table.target().qualified();
    if (!table.isFixup()) {
      return qualified + (table.range() == null ? "" : table.range().label());
    }
    List<String> keyNames = keyNames();
    return FIXUP + qualified + "(" + String.join(",", names().stream()
        .filter(n -> !keyNames.contains(n)).toList()) + ")";
  }

  /** A journal name without its key range's label: the table's journal name whole. */
  static String withoutRange(String journalName) {
    return RANGE.matcher(journalName).replaceFirst("");
  }

  private static final java.util.regex.Pattern RANGE =
      java.util.regex.Pattern.compile("#[0-9]+/[0-9]+$");

  /**
   * The target table of a {@link #journalName}, given the journaled columns and the key
   * columns it was made of.
   */
  static TableName tableOf(String journalName, List<String> names,
      List<String> keyNames) {
    if (!journalName.startsWith(FIXUP)) {
      return TableName.parse(withoutRange(journalName));
    }
    String suffix = "(" + String.join(",", names.stream().filter(n -> !keyNames.contains(n))
        .toList()) + ")";
    if (!journalName.endsWith(suffix)) {
      throw new FerryException(ErrorCode.INPUT, "the journal's"
          + " table " + journalName + " does not name its columns " + suffix + "; it was not"
          + " written by this ferry");
    }
    return TableName.parse(journalName.substring(FIXUP.length(),
        journalName.length() - suffix.length()));
  }

  /** The target names of the journaled columns, in journal order. */
  List<String> names() {
    return Arrays.stream(hashed).mapToObj(i -> table.columns().get(i).targetName()).toList();
  }

  /** The target names of the key columns. */
  List<String> keyNames() {
    return Arrays.stream(keys).mapToObj(i -> table.columns().get(i).targetName()).toList();
  }

  /** The target's encodings of the journaled columns, in journal order. */
  List<CanonicalValue> targetEncodings() {
    return Arrays.stream(hashed).mapToObj(i -> target[i]).toList();
  }
}
