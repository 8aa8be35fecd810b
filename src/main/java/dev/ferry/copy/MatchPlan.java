package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.KeyPolicy;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The natural key of a table under {@code keys: match}, from its {@code tables:} entry, checked
 * against both catalogs before anything is written (docs/merge.md, "match").
 */
final class MatchPlan {

  /** Kinds whose values pair reliably by their text on every engine. */
  private static final Set<ValueKind> PAIRABLE = Set.of(ValueKind.INTEGER, ValueKind.DECIMAL,
      ValueKind.TEXT, ValueKind.ENUM, ValueKind.UUID, ValueKind.DATE, ValueKind.BOOLEAN);

  private MatchPlan() {}

  /**
   * The natural key of a load under {@code keys: match}; a column that cannot pair rows adds a
   * problem (refused in preflight).
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} with the entry's file and line for a
   *     column the table's load does not carry
   */
  static NaturalKeys naturalKeys(CopyOptions options, PlanStage.Planned planned, TablePlan t,
      int keyPosition, List<String> problems) {
    CopyOptions.TableMerge entry = entry(options, t.source());
    CopyOptions.NaturalKey natural = entry.naturalKey();
    Table target = planned.target().table(t.target()).orElseThrow();
    Table source = planned.source().table(t.source()).orElse(null);
    int[] positions = new int[natural.columns().size()];
    for (int i = 0; i < positions.length; i++) {
      String name = natural.columns().get(i);
      positions[i] = -1;
      for (int p = 0; p < t.columns().size(); p++) {
        if (t.columns().get(p).name().equalsIgnoreCase(name)) {
          positions[i] = p;
        }
      }
      if (positions[i] < 0) {
        List<String> carried = t.columns().stream().map(CopyColumn::name).toList();
        throw new FerryException(ErrorCode.CONFIGURATION, entry.where() + ": tables."
            + entry.table() + ".match names the column '" + name + "', which the copy of "
            + t.source() + " does not carry (its columns: " + String.join(", ", carried)
            + "). Name columns both tables have.");
      }
      CopyColumn c = t.columns().get(positions[i]);
      boolean inTarget = target.column(c.targetName()).map(Column::nullable).orElse(true);
      boolean inSource = source != null
          && source.column(c.name()).map(Column::nullable).orElse(false);
      if (inTarget || inSource) {
        problems.add("keys match for " + t.target() + ": its natural-key column " + c.name()
            + " may be NULL in the " + (inTarget ? "target" : "source") + ", and whether a"
            + " NULL pairs with another NULL is ambiguous (SQL says never); declare it NOT NULL"
            + " on both sides, or match by other columns.");
      }
      if (!PAIRABLE.contains(c.kind())) {
        problems.add("keys match for " + t.target() + ": its natural-key column " + c.name()
            + " is of kind " + c.kind().name().toLowerCase(Locale.ROOT) + ", whose values do"
            + " not pair reliably across engines; match by text, numbers, UUIDs, dates or"
            + " booleans.");
      }
    }
    return new NaturalKeys(t, planned.targetDialect(), positions, keyPosition, natural.trim(),
        natural.lowerCase());
  }

  /** The last {@code tables:} entry giving the table {@code keys: match}. */
  private static CopyOptions.TableMerge entry(CopyOptions options, TableName table) {
    CopyOptions.TableMerge found = null;
    for (CopyOptions.TableMerge e : options.tableMerges()) {
      String subject = e.table().contains(".") ? table.qualified() : table.name();
      if (e.keys() == KeyPolicy.MATCH
          && subject.toLowerCase(Locale.ROOT).equals(e.table().toLowerCase(Locale.ROOT))) {
        found = e;
      }
    }
    if (found == null) {
      throw new FerryException(ErrorCode.CONFIGURATION, "keys match for " + table + " needs its"
          + " natural key: give it in ferry.yaml (tables: {" + table.name() + ": {keys: match,"
          + " match: [column]}})");
    }
    return found;
  }
}
