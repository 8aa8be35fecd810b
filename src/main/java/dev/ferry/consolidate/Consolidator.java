package dev.ferry.consolidate;

import dev.ferry.api.Consolidation;
import dev.ferry.api.Consolidation.TableSettings;
import dev.ferry.api.Consolidation.Tenant;
import dev.ferry.api.Consolidation.Transform;
import dev.ferry.api.ConsolidationResult;
import dev.ferry.api.ConsolidationResult.TenantOutcome;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.api.RunReport;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.Copier;
import dev.ferry.dialect.Dialects;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Progress;
import dev.ferry.rows.ScriptTargets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code ferry consolidate} (docs/consolidate.md): preflight of every tenant before the
 * first write ({@link TenantPreflight}), then each reachable tenant as a copy of its own, its
 * rows marked with its tenant id, its keys remapped through the id map under its tenant, its
 * checkpoints under its own plan. A tenant that fails is reported and the others go on.
 */
public final class Consolidator {

  private static final Logger LOG = LoggerFactory.getLogger(Consolidator.class);

  private final Consolidation manifest;
  private final boolean resume;
  private final Path reportDir;
  private final Progress progress;
  private final ScriptTargets scripts;

  /**
   * @param resume continue each tenant's unfinished run ({@code --resume})
   * @param reportDir where each tenant's {@code run-report.json} goes, in a directory named
   *     after the tenant; null for {@code ferry-runs/<run id>}
   */
  public Consolidator(Consolidation manifest, boolean resume, Path reportDir, Progress progress,
      ScriptTargets scripts) {
    this.manifest = manifest;
    this.resume = resume;
    this.reportDir = reportDir;
    this.progress = progress;
    this.scripts = scripts;
  }

  /**
   * Consolidates the tenants, {@code parallel} at a time, each in load order. Above one at a
   * time, the first reachable tenant loads alone first, so that it alone loads the tables the
   * tenants share; the others then load {@code parallel} at a time. Outcomes are in the
   * manifest's order, whatever finishes first.
   *
   * @throws FerryException {@link ErrorCode#REFUSED} when preflight refuses (nothing written);
   *     {@link ErrorCode#USAGE} for more than one at a time into a target whose engine cannot
   *     lock per tenant
   */
  public ConsolidationResult run(int parallel) {
    if (parallel > 1 && !Dialects.forUrl(manifest.target().url()).runLockPerTenant()) {
      throw new FerryException(ErrorCode.USAGE, "--parallel-tenants " + parallel + ": the"
          + " target " + manifest.target().describe() + " cannot lock a run per tenant (only"
          + " PostgreSQL and MariaDB can so far), so its tenants load one at a time: leave the option out"
          + " (docs/consolidate.md).");
    }
    TenantPreflight.Found found = new TenantPreflight(manifest).check();
    Map<String, TenantOutcome> outcomes = new LinkedHashMap<>();
    manifest.tenants().forEach(t -> outcomes.put(t.name(), null));
    found.unreachable().forEach((name, message) -> outcomes.put(name,
        new TenantOutcome(name, "failed", null, 0, message, ErrorCode.CONNECTION.exitCode(), false)));
    List<Tenant> reachable = manifest.tenants().stream()
        .filter(t -> found.catalogs().containsKey(t.name())).toList();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
    try {
      Map<String, Future<TenantOutcome>> running = new LinkedHashMap<>();
      for (Tenant tenant : reachable) {
        Future<TenantOutcome> outcome = pool.submit(() -> load(tenant,
            found.catalogs().get(tenant.name()),
            found.dropped().getOrDefault(tenant.name(), Map.of()), parallel > 1));
        running.put(tenant.name(), outcome);
        if (parallel > 1 && tenant == reachable.get(0)) {
          // the shared tables are the first tenant's to load, before any other tenant runs
          get(outcome);
        }
      }
      for (var entry : running.entrySet()) {
        outcomes.put(entry.getKey(), get(entry.getValue()));
      }
    } finally {
      pool.shutdown();
    }
    return new ConsolidationResult(new ArrayList<>(outcomes.values()));
  }

  private static TenantOutcome get(Future<TenantOutcome> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNEXPECTED, "interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r
          : new FerryException(ErrorCode.UNEXPECTED, e.getCause().toString(), e.getCause());
    }
  }

  /** One tenant's copy; a failure becomes its outcome. */
  private TenantOutcome load(Tenant tenant, Catalog catalog, Map<TableName, Set<String>> dropped,
      boolean named) {
    Map<String, String> transformations = new TreeMap<>();
    transformations.put("tenant", tenant.id());
    Map<TableName, Map<String, Computed>> computed = new HashMap<>();
    List<CopyOptions.TableMerge> merges = new ArrayList<>();
    Map<TableName, String> tenantColumns = new HashMap<>();
    for (Table t : catalog.tables()) {
      TableSettings settings = settings(manifest, t.name());
      String column = tenantColumn(manifest, settings);
      Map<String, Computed> columns = TenantTables.computed(manifest, tenant, t.name());
      if (!column.isEmpty()) {
        transformations.put("tenant-column:" + t.name().name(), column);
        tenantColumns.put(t.name(), column);
      }
      if (settings != null) {
        settings.transforms().forEach((c, x) -> transformations.put("transform:"
            + t.name().name() + "." + c,
            x.kind() == Transform.Kind.CONSTANT ? "constant:" + x.value() : "uuid-from-key"));
      }
      if (!columns.isEmpty()) {
        computed.put(t.name(), columns);
      }
      KeyPolicy keys = settings != null && settings.keys() != null ? settings.keys()
          : column.isEmpty() ? KeyPolicy.PRESERVE : KeyPolicy.REMAP;
      // a tenant table's rows are the tenant's: a rerun brings them up to date (update also
      // lets a cycle's columns be loaded as NULL first and set afterwards, which skip refuses);
      // a shared table keeps the rows an earlier tenant wrote
      MergeMode merge = settings != null && settings.merge() != null ? settings.merge()
          : column.isEmpty() ? MergeMode.SKIP : MergeMode.UPDATE;
      merges.add(new CopyOptions.TableMerge(t.name().name(), merge, null, keys));
    }
    dropped.forEach((t, cs) -> transformations.put("drift-dropped:" + t.name(),
        String.join(",", new java.util.TreeSet<>(cs))));
    CopyOptions options = CopyOptions.builder().batchSize(manifest.batchSize())
        .resume(resume ? "" : null).tableMerges(merges).files(tenant.files())
        .reportDir(reportDir == null ? null : reportDir.resolve(tenant.name())).build();
    CopyRequest request = new CopyRequest(new Endpoint.Database(tenant.source()),
        new Endpoint.Database(manifest.target()), options, transformations, null, tenant.id(),
        tenantColumns);
    try {
      RunReport report = Copier.runTenant(request,
          source -> new TenantSource(source, computed, dropped),
          named ? progressOf(tenant) : progress, scripts);
      LOG.debug("tenant {}: {}", tenant.name(), report.status());
      boolean ok = "done".equals(report.status()) || "already-complete".equals(report.status());
      return new TenantOutcome(tenant.name(), report.status(), report.runId(),
          report.totals().rowsWritten(), ok ? null : String.join("; ", report.problems()),
          ok ? 0 : ErrorCode.VERIFICATION_FAILED.exitCode(), report.resumed());
    } catch (FerryException e) {
      return new TenantOutcome(tenant.name(), "failed", null, 0, e.getMessage(),
          e.code().exitCode(), false);
    }
  }

  /** The progress of a tenant's units, named by the tenant: several tenants load at once. */
  private Progress progressOf(Tenant tenant) {
    String prefix = tenant.name() + "/";
    return new Progress() {
      @Override
      public void started(String unit, long estimatedRows) {
        progress.started(prefix + unit, estimatedRows);
      }

      @Override
      public void advanced(String unit, long total) {
        progress.advanced(prefix + unit, total);
      }

      @Override
      public void finished(String unit, long total) {
        progress.finished(prefix + unit, total);
      }
    };
  }

  /** A table's settings in the manifest, named by its table name; null when it has none. */
  static TableSettings settings(Consolidation manifest, TableName table) {
    for (var e : manifest.tables().entrySet()) {
      String name = e.getKey();
      if (name.equalsIgnoreCase(table.name()) || name.equalsIgnoreCase(table.qualified())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** A table's tenant column: its own, else the manifest's; "" for a shared table. */
  static String tenantColumn(Consolidation manifest, TableSettings settings) {
    return settings != null && settings.tenantColumn() != null ? settings.tenantColumn()
        : manifest.tenantColumn();
  }
}
