package dev.ferry.consolidate;

import dev.ferry.api.Consolidation;
import dev.ferry.api.Consolidation.TableSettings;
import dev.ferry.api.Consolidation.Tenant;
import dev.ferry.api.Consolidation.Transform;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's tables as the manifest shapes them (docs/consolidate.md): the columns ferry computes
 * for them, and where the target keeps the tenant's rows apart.
 */
final class TenantTables {

  private TenantTables() {}

  /**
   * The columns ferry computes for a tenant's table, by target column: its tenant column (the
   * tenant's id), then its transforms; empty for a shared table without transforms.
   */
  static Map<String, Computed> computed(Consolidation manifest, Tenant tenant, TableName table) {
    TableSettings settings = Consolidator.settings(manifest, table);
    String column = Consolidator.tenantColumn(manifest, settings);
    Map<String, Computed> columns = new LinkedHashMap<>();
    if (!column.isEmpty()) {
      columns.put(column, Computed.constant(tenant.id()));
    }
    if (settings != null) {
      settings.transforms().forEach((c, x) -> columns.put(c,
          x.kind() == Transform.Kind.CONSTANT ? Computed.constant(x.value())
              : Computed.uuidFromKey(tenant.id())));
    }
    return columns;
  }

  /**
   * The target table of a source table and its tenant column as the target names it; empty for
   * a shared table ({@code tenant-column: none}) or one the target lacks (preflight refuses it).
   */
  static Optional<TenantColumn> tenantColumn(Consolidation manifest, Catalog target,
      TableName source) {
    String column = Consolidator.tenantColumn(manifest, Consolidator.settings(manifest, source));
    if (column.isEmpty()) {
      return Optional.empty();
    }
    return target.tables().stream()
        .filter(t -> t.name().name().equalsIgnoreCase(source.name())).findFirst()
        .flatMap(t -> t.columns().stream().map(Column::name)
            .filter(column::equalsIgnoreCase).findFirst().map(c -> new TenantColumn(t, c)));
  }

  /** A target table and the name of its tenant column. */
  record TenantColumn(Table table, String column) {}
}
