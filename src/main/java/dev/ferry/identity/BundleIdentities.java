package dev.ferry.identity;

import dev.ferry.api.IdentityConfig;
import dev.ferry.bundle.BundleSource;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.ChunkCursor;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Source users and discovery from a bundle, by streaming its files. */
final class BundleIdentities {

  private static final int CHUNK = 10_000;

  private BundleIdentities() {}

  static Identities.Sides read(BundleSource bundle, IdentityConfig config) {
    Catalog catalog = bundle.catalog();
    Table identity = References.identityTable(catalog, config);
    if (catalog.filter() == null
        || catalog.filter().include().isEmpty() && catalog.filter().exclude().isEmpty()) {
      // a bundle of every table: a soft reference to none of them is a mistake (a bundle of
      // some tables may have left the table out)
      References.requireSoftReferenceTables(catalog.tables().stream().map(Table::name).toList(),
          config, "source");
    }
    List<String> columns = new ArrayList<>();
    columns.add(name(identity, config.key()));
    config.matchColumns().forEach(m -> columns.add(name(identity, m)));
    ValueKind kind = Identities.kindOf(identity, config.key());
    List<Identity> users = new ArrayList<>();
    try (ChunkCursor cursor = bundle.read(plan(identity, columns), null, CHUNK)) {
      for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
        for (Object[] row : chunk.rows()) {
          Map<String, String> attrs = new LinkedHashMap<>();
          for (int i = 1; i < row.length; i++) {
            attrs.put(config.matchColumns().get(i - 1), row[i] == null ? null : row[i].toString());
          }
          if (row[0] != null) {
            users.add(new Identity(Keys.normalise(Keys.text(row[0]), kind), attrs));
          }
        }
      }
    }
    users.sort((a, b) -> Keys.order(kind).compare(a.key(), b.key()));
    Inventory inventory = new Inventory("source", kind, users);
    Map<String, Long> referenced = new TreeMap<>(Keys.order(kind));
    List<Discovery.ColumnUse> uses = new ArrayList<>();
    for (ColumnRef ref : References.of(catalog, config)) {
      Table t = catalog.table(ref.table()).orElseThrow();
      long rows = 0;
      long nulls = 0;
      Map<String, Long> distinct = new HashMap<>();
      try (ChunkCursor cursor = bundle.read(plan(t, List.of(ref.column())), null, CHUNK)) {
        for (Chunk chunk = cursor.next(); chunk != null; chunk = cursor.next()) {
          for (Object[] row : chunk.rows()) {
            rows++;
            if (row[0] == null) {
              nulls++;
            } else {
              distinct.merge(Keys.normalise(Keys.text(row[0]), kind), 1L, Long::sum);
            }
          }
        }
      }
      distinct.forEach((k, n) -> referenced.merge(k, n, Long::sum));
      boolean soft = t.foreignKeys().stream().noneMatch(fk -> fk.columns().equals(
          List.of(ref.column())) && fk.parent().equals(identity.name()));
      uses.add(new Discovery.ColumnUse(ref.qualified(),
          t.column(ref.column()).map(Column::nullable).orElse(true), soft, rows, nulls,
          distinct.size()));
    }
    Map<String, Identity> known = inventory.byKey();
    List<Discovery.Orphan> orphans = new ArrayList<>();
    referenced.forEach((k, n) -> {
      if (!known.containsKey(k)) {
        orphans.add(new Discovery.Orphan(k, n));
      }
    });
    Discovery discovery = new Discovery(identity.name().qualified(), config.key(), uses,
        referenced, orphans);
    return new Identities.Sides(catalog, identity, inventory, discovery, null);
  }

  private static TablePlan plan(Table table, List<String> columns) {
    List<CopyColumn> copy = new ArrayList<>();
    for (String c : columns) {
      Column col = table.column(c).orElseThrow();
      copy.add(new CopyColumn(col.name(), col.name(), ValueKind.of(col), col.nullable()));
    }
    return new TablePlan(table.name(), table.name(), copy, List.of(), Set.of(), false, List.of());
  }

  private static String name(Table table, String column) {
    return table.columns().stream().map(Column::name).filter(n -> n.equalsIgnoreCase(column))
        .findFirst().orElseThrow(() -> new dev.ferry.error.FerryException(
            dev.ferry.error.ErrorCode.CONFIGURATION, "identity table " + table.name()
                + " has no column '" + column + "'"));
  }
}
