package dev.ferry.consolidate;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Consolidation.TableSettings;
import dev.ferry.api.Consolidation.Tenant;
import dev.ferry.api.Consolidation;
import dev.ferry.api.FileRule;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.files.FileStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code ferry consolidate} checks before its first write (docs/consolidate.md): every
 * tenant's source is read (an unreachable one fails alone, reported), every reachable tenant's
 * schema is compared with the first's and drift refused unless the manifest's {@code drift:}
 * allows it, and the target's tables have their tenant and computed columns. Writes nothing.
 */
final class TenantPreflight {

  /**
   * What preflight found.
   *
   * @param catalogs per reachable tenant (by name), its source catalog
   * @param unreachable per unreachable tenant, why
   * @param dropped per tenant, per table, the extra columns {@code drift: ignore-extra-columns}
   *     leaves out
   */
  record Found(Map<String, Catalog> catalogs, Map<String, String> unreachable,
      Map<String, Map<TableName, Set<String>>> dropped) {}

  private final Consolidation manifest;

  TenantPreflight(Consolidation manifest) {
    this.manifest = manifest;
  }

  /** @throws FerryException {@link ErrorCode#REFUSED} for drift or a target that does not fit */
  Found check() {
    Map<String, Catalog> catalogs = new LinkedHashMap<>();
    Map<String, String> unreachable = new LinkedHashMap<>();
    for (Tenant tenant : manifest.tenants()) {
      try {
        catalogs.put(tenant.name(), catalog(tenant.source()));
      } catch (FerryException e) {
        unreachable.put(tenant.name(), e.getMessage());
      }
    }
    Map<String, Map<TableName, Set<String>>> dropped = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String first = catalogs.keySet().stream().findFirst().orElse(null);
    if (first == null) {
      return new Found(catalogs, unreachable, dropped);
    }
    Catalog reference = catalogs.get(first);
    boolean ignoreExtra = manifest.drift() == Consolidation.Drift.IGNORE_EXTRA_COLUMNS;
    catalogs.forEach((name, catalog) -> {
      SchemaDrift drift = SchemaDrift.of("tenant " + first, reference, catalog, ignoreExtra);
      drift.differences().forEach(d -> problems.add("tenant " + name + ": " + d));
      dropped.put(name, drift.dropped());
    });
    if (!problems.isEmpty()) {
      throw new FerryException(ErrorCode.REFUSED, "the tenants' schemas differ from tenant "
          + first + "'s, and " + manifest.file() + " does not say how to handle it:\n  "
          + String.join("\n  ", problems) + "\nAlign the sources' schemas, or, where tenants"
          + " only have extra columns, set drift: ignore-extra-columns to leave those out."
          + " Nothing was written.");
    }
    for (Tenant tenant : manifest.tenants()) {
      problems.addAll(storeProblems(tenant));
    }
    Catalog target = catalog(manifest.target());
    for (Table table : reference.tables()) {
      problems.addAll(targetProblems(table, target));
    }
    manifest.tables().keySet().stream()
        .filter(n -> reference.tables().stream().noneMatch(t -> n.equalsIgnoreCase(
            t.name().name()) || n.equalsIgnoreCase(t.name().qualified())))
        .forEach(n -> problems.add("the manifest names table " + n + ", which tenant " + first
            + "'s source does not have: correct the name or remove its entry"));
    if (!problems.isEmpty()) {
      throw new FerryException(ErrorCode.REFUSED, "the target " + manifest.target().describe()
          + " does not fit the consolidation:\n  " + String.join("\n  ", problems)
          + "\nNothing was written.");
    }
    return new Found(catalogs, unreachable, dropped);
  }

  /**
   * The tenant's file stores that cannot serve its copy: a source store that is no readable
   * directory or archive, a target store that is no writable directory. Judged without opening
   * them (an archive is indexed once, by the tenant's own run, whose preflight refuses a damaged
   * one before that tenant writes).
   */
  private static List<String> storeProblems(Tenant tenant) {
    List<String> problems = new ArrayList<>();
    for (FileRule rule : tenant.files()) {
      String unreadable = FileStores.unreadable(rule.from());
      if (unreadable != null) {
        problems.add("tenant " + tenant.name() + ": " + rule.fromWhere() + ": " + rule.table()
            + "'s files: " + unreadable);
      }
      String unwritable = FileStores.unwritable(rule.to(), true);
      if (unwritable != null) {
        problems.add(rule.toWhere() + ": tables." + rule.table() + ".files.to: " + unwritable);
      }
    }
    return problems;
  }

  /** The columns a source table's target must have beyond the source's own. */
  private List<String> targetProblems(Table table, Catalog target) {
    Optional<Table> found = target.tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(table.name().name())).findFirst();
    if (found.isEmpty()) {
      return List.of("table " + table.name().name() + ": missing on the target; create it"
          + " with its tenant column first");
    }
    TableSettings settings = Consolidator.settings(manifest, table.name());
    List<String> wanted = new ArrayList<>();
    String column = Consolidator.tenantColumn(manifest, settings);
    List<String> problems = new ArrayList<>();
    if (!column.isEmpty() && !has(found.get(), column)) {
      problems.add("table " + found.get().name() + " has no tenant column " + column + ": add"
          + " it (ALTER TABLE " + found.get().name().name() + " ADD COLUMN " + column
          + " ...), name the table's own with tables: {" + table.name().name()
          + ": {tenant-column: ...}}, or say tenant-column: none for a table every tenant"
          + " shares");
    }
    if (settings != null) {
      wanted.addAll(settings.transforms().keySet());
    }
    wanted.stream().filter(c -> !has(found.get(), c)).forEach(c -> problems.add("table "
        + found.get().name() + " has no column " + c + " for its transform: add it, or remove"
        + " the transform"));
    return problems;
  }

  private static boolean has(Table table, String column) {
    return table.columns().stream().map(Column::name).anyMatch(column::equalsIgnoreCase);
  }

  /** A database's catalog (its current schema), or a failure saying why it cannot be read. */
  static Catalog catalog(ConnectionSpec spec) {
    Dialect dialect = Dialects.forUrl(spec.url());
    try (Connection c = Connections.open(spec, dialect, true)) {
      return new CatalogReader(c, dialect).read(List.of(), TableFilter.all());
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.CONNECTION, "reading " + spec.describe()
          + " failed: " + spec.redact(e.getMessage()), e);
    }
  }
}
