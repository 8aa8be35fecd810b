package dev.ferry.copy;

import static dev.ferry.copy.Stages.await;
import static dev.ferry.copy.Stages.millisSince;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.jdbc.Sources;
import dev.ferry.rows.ScriptTargets;
import dev.ferry.rows.SourceReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a copy against its kind of target: a database (its catalog, what it can relax, the keys
 * an earlier run set aside), SQL scripts (the source's own shape in the scripts' engine) or a
 * bundle. Reads the target; writes nothing.
 */
final class PlanStage {

  private static final Logger LOG = LoggerFactory.getLogger(PlanStage.class);

  /**
   * What the stages before preflight found.
   *
   * @param source the source catalog, without the identity table of a user map
   * @param target the target database's catalog; null for scripts and bundles
   * @param targetDialect the target's engine; null for a bundle
   * @param plan the copy plan
   */
  record Planned(Catalog source, Catalog target, Dialect targetDialect, CopyPlan plan) {}

  private final CopyRequest request;
  private final CopyOptions options;
  private final ScriptTargets scripts;
  private final Map<String, String> transformations;
  private final DeferredSchema deferred;

  /**
   * @param transformations recorded in the plan's fingerprint, as they stand when it plans
   * @param deferred what {@code --create-schema} creates after the load: the plan sees the
   *     target without it
   */
  PlanStage(CopyRequest request, ScriptTargets scripts, Map<String, String> transformations,
      DeferredSchema deferred) {
    this.deferred = deferred;
    this.request = request;
    this.options = request.options();
    this.scripts = scripts;
    this.transformations = transformations;
  }

  /**
   * Starts reading the target database's catalog beside the source's: the target's schemas are
   * named after the source's, which are known (asked for, or the source connection's current
   * schema) before the source's catalog is read. Null when either side is no database.
   */
  CompletableFuture<Catalog> readTargetCatalog() {
    if (!(request.from() instanceof Endpoint.Database from)
        || !(request.to() instanceof Endpoint.Database db)) {
      return null;
    }
    List<String> sourceSchemas = Sources.schemaNames(from, options.schemas());
    return CompletableFuture.supplyAsync(() -> {
      Dialect dialect = Dialects.forUrl(db.spec().url());
      try (Connection c = Connections.open(db.spec(), dialect, true)) {
        long start = System.nanoTime();
        Catalog target = new CatalogReader(c, dialect).read(
            targetSchemas(sourceSchemas, dialect, c), TableFilter.all());
        LOG.debug("read the target catalog ({} tables) in {} ms", target.tables().size(),
            millisSince(start));
        return target;
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the target "
            + request.to().describe() + " failed: " + db.spec().redact(e.getMessage()), e);
      }
    });
  }

  /**
   * Plans the copy of {@code source}: against the target database's catalog (awaiting {@code
   * targetCatalog} where it is being read, else reading it now), against the source's own shape
   * for SQL scripts, or against nothing for a bundle.
   */
  Planned plan(Catalog source, CompletableFuture<Catalog> targetCatalog) {
    return plan(source, targetCatalog, null);
  }

  /**
   * As above; with {@code reader} (the source being read), large tables load as key ranges
   * where this run may split them ({@link KeyRanges}).
   */
  Planned plan(Catalog source, CompletableFuture<Catalog> targetCatalog, SourceReader reader) {
    Map<TableName, String> filters = RowFilters.conditions(request, source);
    if (request.to() instanceof Endpoint.Database db) {
      Dialect dialect = Dialects.forUrl(db.spec().url());
      try (Connection c = Connections.open(db.spec(), dialect, true)) {
        Catalog target;
        if (targetCatalog != null) {
          target = await(targetCatalog);
        } else {
          long start = System.nanoTime();
          target = new CatalogReader(c, dialect).read(targetSchemas(source.schemas(), dialect,
              c), TableFilter.all());
          LOG.debug("read the target catalog ({} tables) in {} ms", target.tables().size(),
              millisSince(start));
        }
        target = new StateStore(dialect, c).withSetAsideKeys(c, deferred.beforeLoad(target));
        List<TableName> names = source.tables().stream().map(t -> t.name()).toList();
        LoadTarget loadTarget = new LoadTarget(dialect.id(),
            dialect.checkRelaxations(c, target.tables().stream().map(t -> t.name()).toList()),
            dialect.relaxationHint());
        LoadOrder order = LoadOrderPlanner.plan(source, loadTarget);
        CopyPlan plan = CopyPlanner.plan(source, order, new CopyPlanner.Target(target, dialect,
            dialect.mayDisableTriggers(c), options.allowTriggers(), false,
            options.rowKeyChecks(), options.truncateTarget(),
            t -> MergePlan.mayUpdate(options, t)), transformations, filters,
            ranges(reader, dialect, c, order));
        LOG.debug("planned {} steps for {} source tables", plan.steps().size(), names.size());
        return new Planned(source, target, dialect, plan);
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the target "
            + request.to().describe() + " failed: " + db.spec().redact(e.getMessage()), e);
      }
    }
    if (request.to() instanceof Endpoint.Script script) {
      Dialect engine = scripts.engine(script);
      return new Planned(source, null, engine, CopyPlanner.plan(source,
          scripts.order(script, source), new CopyPlanner.Target(source, engine, false, false, true),
          transformations, filters));
    }
    LoadOrder order = LoadOrderPlanner.plan(source, new LoadTarget("bundle", List.of(),
        "bundles do not check foreign keys"));
    return new Planned(source, null, null, CopyPlanner.plan(source, order, null,
        transformations, filters));
  }

  /**
   * Which tables load as key ranges: none into SQLite (one writer at a time: nothing to gain),
   * from a bundle, or with one connection; every table whole in a run that merges, matches,
   * remaps (unless --split-rows is given), reads keys files or only a sync cycle's changes,
   * copies files or loads a tenant, which this version loads a table at a time (a user map's
   * rewrite and a where: condition are row by row: their runs split). A resume takes the ranges
   * its run recorded.
   */
  private KeyRanges ranges(SourceReader reader, Dialect dialect, Connection c, LoadOrder order)
      throws SQLException {
    if (reader == null || !(request.from() instanceof Endpoint.Database)
        || dialect.supports(dev.ferry.dialect.Capability.SINGLE_WRITER)) {
      return KeyRanges.NONE;
    }
    String whole = options.merge() != null || options.tableMerges().stream().anyMatch(t ->
        t.mode() != null || t.keys() != null || t.children() != null || t.naturalKey() != null
            || !t.softReferences().isEmpty())
        ? "a run with a merge mode or tables: entries of merges and keys loads whole tables"
        : options.keys() == dev.ferry.api.KeyPolicy.MATCH
        ? "a run under --keys match loads whole tables"
        : options.keys() == dev.ferry.api.KeyPolicy.REMAP
            && !dialect.supports(dev.ferry.dialect.Capability.COPY)
        ? "a run under --keys remap loads whole tables into " + dialect.id() + ", whose keys"
            + " come back per batch from the engine (into PostgreSQL, ranges take their keys"
            + " from the sequence)"
        : options.keys() == dev.ferry.api.KeyPolicy.REMAP
            && options.splitRows() == CopyOptions.DEFAULT_SPLIT_ROWS
        ? "a run under --keys remap loads whole tables unless --split-rows is given (ranges"
            + " take their new keys from one sequence in no fixed order, so a fresh target"
            + " would get other keys each run)"
        : request.tenant() != null ? "a tenant's run loads whole tables"
        : options.rowFilters().stream().anyMatch(f -> f.keysFile() != null)
        ? "a run with keys-file: loads whole tables"
        : options.rowFilters().stream().anyMatch(CopyOptions.RowFilter::changedOnly)
        ? "a sync cycle that reads the changes only loads whole tables"
        : !options.files().isEmpty() ? "a run with files: loads whole tables" : null;
    var recorded = options.resume() == null ? null : KeyRanges.recorded(c, dialect,
        new StateStore(dialect, c).tables().get(0), options.resume());
    // a remapped table that references itself needs its parents' keys mapped before its rows,
    // which another range would be loading at the same time
    java.util.Set<TableName> selfReferencing = new java.util.HashSet<>();
    order.edges().stream().filter(e -> e.child().equals(e.parent()))
        .forEach(e -> selfReferencing.add(e.child()));
    boolean remap = options.keys() == dev.ferry.api.KeyPolicy.REMAP;
    return new KeyRanges(reader, splitRows(dialect, c), options.parallel(), t -> whole != null
        ? whole : remap && selfReferencing.contains(t.source())
        ? "under --keys remap it references itself, and its rows wait for their parents' keys"
        : null, recorded);
  }

  /**
   * {@code --split-rows}; by default on PostgreSQL, where the target checks each row's foreign
   * keys as it loads (a login that is no superuser, or {@code --row-key-checks}), {@link
   * CopyOptions#CHECKED_SPLIT_ROWS}: one stream per table is then bound by those checks on one
   * server process, and ranges spread them (docs/perf.md, "Key ranges for the tables' owner").
   */
  private long splitRows(Dialect dialect, Connection c) throws SQLException {
    if (options.splitRows() != CopyOptions.DEFAULT_SPLIT_ROWS
        || !dialect.supports(dev.ferry.dialect.Capability.COPY)) {
      return options.splitRows();
    }
    return options.rowKeyChecks() || !dialect.mayDisableTriggers(c)
        ? CopyOptions.CHECKED_SPLIT_ROWS : options.splitRows();
  }

  /**
   * The source's schema names where the target database has them, else the target's current
   * schema. On MariaDB a schema is a database, and the target URL names the one to write to.
   */
  private static List<String> targetSchemas(List<String> sourceSchemas, Dialect dialect,
      Connection c) throws SQLException {
    if (!dialect.supports(dev.ferry.dialect.Capability.SCHEMAS)) {
      return List.of();
    }
    List<String> known = dialect.schemas(c);
    if (known.isEmpty()) {
      return List.of();
    }
    List<String> matching = sourceSchemas.stream()
        .map(s -> known.stream().filter(k -> k.equalsIgnoreCase(s)).findFirst().orElse(null))
        .filter(java.util.Objects::nonNull).distinct().toList();
    return matching.isEmpty() ? List.of() : matching;
  }
}
