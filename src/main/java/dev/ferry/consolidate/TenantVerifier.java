package dev.ferry.consolidate;

import dev.ferry.api.Consolidation;
import dev.ferry.api.Consolidation.Tenant;
import dev.ferry.api.ConsolidationVerification;
import dev.ferry.api.ConsolidationVerification.CrossTenant;
import dev.ferry.api.ConsolidationVerification.TenantVerification;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.Endpoint;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import dev.ferry.report.HtmlFiles;
import dev.ferry.report.TenantsHtml;
import dev.ferry.verify.Tenancy;
import dev.ferry.verify.Verifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ferry verify --manifest} (docs/consolidate.md, "Verifying a consolidation"): each
 * tenant's source against its rows in the target (the rows its tenant column selects), its keys
 * and references through its own pairs of the id map, the columns ferry computed recomputed and
 * compared; then, once for the target, that every reference stays within its tenant and has its
 * parent. One {@code verification.json} holds every tenant.
 */
public final class TenantVerifier {

  private final Consolidation manifest;
  private final int maxDiffs;
  private final int batchSize;

  public TenantVerifier(Consolidation manifest, int maxDiffs, int batchSize) {
    this.manifest = manifest;
    this.maxDiffs = maxDiffs;
    this.batchSize = batchSize;
  }

  /**
   * Verifies the tenants named in {@code only} (all when empty), in the manifest's order.
   *
   * @param out where {@code verification.json}, {@code report.html} and each tenant's own
   *     report (in a directory named after it) go; null for none
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a name that is no tenant of the
   *     manifest, {@link ErrorCode#REFUSED} when the tenants' schemas drifted apart
   */
  public ConsolidationVerification run(List<String> only, Path out) {
    Set<String> names = new LinkedHashSet<>(only);
    manifest.tenants().forEach(t -> names.remove(t.name()));
    if (!names.isEmpty()) {
      throw new FerryException(ErrorCode.CONFIGURATION, "--tenant " + String.join(", ", names)
          + ": no such tenant in " + manifest.file() + " (its tenants: " + String.join(", ",
              manifest.tenants().stream().map(Tenant::name).toList()) + ")");
    }
    TenantPreflight.Found found = new TenantPreflight(manifest).check();
    Catalog target = TenantPreflight.catalog(manifest.target());
    Dialect dialect = Dialects.forUrl(manifest.target().url());
    List<TenantVerification> tenants = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String referencesBy = null;
    Catalog reference = null;
    for (Tenant tenant : manifest.tenants()) {
      if (!only.isEmpty() && !only.contains(tenant.name())) {
        continue;
      }
      Catalog source = found.catalogs().get(tenant.name());
      if (source == null) {
        tenants.add(new TenantVerification(tenant.name(), tenant.id(), false, List.of(),
            found.unreachable().get(tenant.name()), null));
        continue;
      }
      boolean references = referencesBy == null;
      referencesBy = referencesBy == null ? tenant.name() : referencesBy;
      reference = reference == null ? source : reference;
      tenants.add(verify(tenant, source, found.dropped().getOrDefault(tenant.name(), Map.of()),
          target, dialect, references, out));
    }
    List<CrossTenant> crossing = reference == null ? List.of()
        : CrossTenantCheck.run(manifest, reference, target, maxDiffs);
    if (referencesBy != null) {
      notes.add("the target's foreign keys were checked for orphans once, with tenant "
          + referencesBy + "'s verification: they hold every tenant's rows");
    }
    boolean passed = !tenants.isEmpty() && crossing.isEmpty()
        && tenants.stream().allMatch(TenantVerification::passed);
    ConsolidationVerification result = new ConsolidationVerification(
        ConsolidationVerification.FORMAT_VERSION, manifest.target().describe(), passed, tenants,
        crossing, notes);
    if (out != null) {
      Json.write(out.resolve(Verifier.REPORT_FILE), result);
      HtmlFiles.write(out.resolve(Verifier.HTML_FILE), TenantsHtml.render(result));
    }
    return result;
  }

  private TenantVerification verify(Tenant tenant, Catalog source,
      Map<TableName, Set<String>> dropped, Catalog target, Dialect dialect, boolean references,
      Path out) {
    Map<TableName, Map<String, Computed>> computed = new HashMap<>();
    Map<TableName, String> rows = new HashMap<>();
    List<CopyOptions.TableMerge> shared = new ArrayList<>();
    for (Table t : source.tables()) {
      Map<String, Computed> columns = TenantTables.computed(manifest, tenant, t.name());
      if (!columns.isEmpty()) {
        computed.put(t.name(), columns);
      }
      var column = TenantTables.tenantColumn(manifest, target, t.name());
      if (column.isPresent()) {
        rows.put(t.name(), dialect.quote(column.get().column()) + " = "
            + literal(tenant.id(), dialect));
      } else {
        // a shared table holds every tenant's rows: this tenant's must be there, equal
        shared.add(new CopyOptions.TableMerge(t.name().name(), MergeMode.FAIL,
            manifest.file() + ": tables: " + t.name().name() + " (shared)",
            KeyPolicy.PRESERVE));
      }
    }
    VerifyRequest request = VerifyRequest.builder(new Endpoint.Database(tenant.source()),
        new Endpoint.Database(manifest.target())).maxDiffs(maxDiffs).streaming(true)
        .batchSize(batchSize).tableMerges(shared).files(tenant.files())
        .outDir(out == null ? null : out.resolve(tenant.name())).build();
    try {
      VerificationReport report = Verifier.verify(request, new Tenancy(tenant.id(), rows,
          reader -> new TenantSource(reader, computed, dropped), references));
      List<String> failed = report.rules().stream().filter(r -> !r.passed())
          .map(VerificationReport.Rule::rule).toList();
      return new TenantVerification(tenant.name(), tenant.id(), report.passed(), failed, null,
          report);
    } catch (FerryException e) {
      if (e.code() != ErrorCode.CONNECTION && e.code() != ErrorCode.INPUT) {
        throw e;
      }
      return new TenantVerification(tenant.name(), tenant.id(), false, List.of(),
          e.getMessage(), null);
    }
  }

  /**
   * A tenant id as an SQL literal of the target, quoted whatever the tenant column's type (every
   * engine converts a quoted number to an integer column's type): the value the copy wrote (a
   * whole number as the integer it is, {@code 007} as {@code 7}), its quotes doubled, and on
   * MariaDB its backslashes too, which its default mode reads as escapes.
   */
  static String literal(String id, Dialect dialect) {
    String text = String.valueOf(Computed.constant(id).constant()).replace("'", "''");
    if (dialect.id().equals("mariadb") || dialect.id().equals("mysql")) {
      text = text.replace("\\", "\\\\");
    }
    return (dialect.id().equals("sqlserver") ? "N'" : "'") + text + "'";
  }
}
