package dev.ferry;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.Fingerprint;
import dev.ferry.api.FingerprintRequest;
import dev.ferry.api.InspectRequest;
import dev.ferry.api.InspectResult;
import dev.ferry.api.RemapRequest;
import dev.ferry.api.RunReport;
import dev.ferry.api.SchemaRequest;
import dev.ferry.api.SchemaResult;
import dev.ferry.api.TightenOptions;
import dev.ferry.api.TightenResult;
import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerifyRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.copy.Copier;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.json.Json;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.schema.SchemaWriter;
import dev.ferry.schema.TightenedSchema;
import dev.ferry.script.RemapScripts;
import dev.ferry.script.RemapSummary;
import dev.ferry.script.Scripts;
import dev.ferry.verify.BundleCheck;
import dev.ferry.verify.Fingerprinter;
import dev.ferry.verify.Verifier;
import dev.ferry.verify.VerifyUnits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ferry's entry point for programs: each command of the CLI is one method here. */
public final class Ferry {

  /** File name of the catalog artifact. */
  public static final String CATALOG_FILE = "catalog.json";
  /** File name of the load-order artifact. */
  public static final String LOAD_ORDER_FILE = "load-order.json";

  private static final Logger LOG = LoggerFactory.getLogger(Ferry.class);

  private Ferry() {}

  /**
   * Reads an endpoint's catalog, plans its load order (as if loading into the same engine with the
   * same principal) and writes both artifacts.
   *
   * @throws FerryException for unreachable endpoints, missing schemas, empty databases
   */
  public static InspectResult inspect(InspectRequest request) {
    ConnectionSpec spec = request.endpoint();
    Dialect dialect = Dialects.forUrl(spec.url());
    LOG.debug("inspecting {} as {}", spec.describe(), dialect.id());
    try (Connection connection = Connections.open(spec, dialect, true)) {
      Catalog catalog = new CatalogReader(connection, dialect).read(request.schemas(),
          request.filter());
      LoadTarget target = new LoadTarget(dialect.id(),
          dialect.checkRelaxations(connection, catalog.tables().stream().map(t -> t.name()).toList()),
          dialect.relaxationHint());
      LoadOrder order = LoadOrderPlanner.plan(catalog, target);
      List<Path> written = new ArrayList<>();
      if (request.outDir() != null) {
        Path catalogFile = request.outDir().resolve(CATALOG_FILE);
        Path orderFile = request.outDir().resolve(LOAD_ORDER_FILE);
        Json.write(catalogFile, catalog);
        Json.write(orderFile, order);
        written.add(catalogFile);
        written.add(orderFile);
      }
      return new InspectResult(spec.describe(), catalog, order, written);
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.INPUT, "reading the catalog of " + spec.describe()
          + " failed: " + spec.redact(e.getMessage()) + sqlState(e), e);
    }
  }

  /**
   * Copies every selected table from one endpoint to another in load order: streaming, in
   * checkpointed chunks, resumable; refuses before the first write when preflight finds a problem.
   *
   * @param request what to copy where, and how
   * @param progress hears each committed chunk (use {@link Progress#SILENT} for none)
   * @return the run report (also written as run-report.json)
   * @throws FerryException {@link ErrorCode#REFUSED} when preflight refused (nothing written),
   *     other codes when the run failed (resume it with the id in the message)
   */
  public static RunReport copy(CopyRequest request, Progress progress) {
    return Copier.run(request, RowTransformer.IDENTITY, progress, Scripts.TARGETS);
  }

  /**
   * As {@link #copy(CopyRequest, Progress)}, with the load's steps run by {@code steps} (the
   * Spark runner, docs/spark.md), each through {@link #copyStep}; the rest runs here. Refuses
   * before writing what the scheduler does not run yet (merges, user maps, files, bundles).
   */
  public static RunReport copy(CopyRequest request, Progress progress,
      dev.ferry.api.StepScheduler steps) {
    return Copier.run(request, progress, Scripts.TARGETS, steps);
  }

  /**
   * Runs one step of a copy run begun by {@link #copy(CopyRequest, Progress,
   * dev.ferry.api.StepScheduler)}, in this process: plans the same request again, refuses when
   * the plan's fingerprint is not {@code plan}, and writes the step's units from their
   * checkpoints. Running a step again continues it; a done step writes nothing.
   *
   * @return the reports of the step's units
   */
  public static java.util.List<RunReport.TableReport> copyStep(CopyRequest request, String runId,
      String plan, int step) {
    return dev.ferry.copy.StepWorker.run(request, Scripts.TARGETS, runId, plan, step);
  }

  /**
   * Consolidates many tenant databases into one target (docs/consolidate.md): every tenant
   * checked before the first write, then each copied as a run of its own, {@code parallel} at
   * a time, its rows marked with its tenant id and its keys remapped under its tenant.
   *
   * @param resume continue each tenant's unfinished run
   * @param reportDir where each tenant's run report goes (a directory per tenant); null for
   *     {@code ferry-runs/<run id>}
   * @return one outcome per tenant; a tenant's failure is its outcome, not an exception
   * @throws FerryException {@link ErrorCode#REFUSED} when preflight refuses (schema drift, a
   *     target without its tenant columns): nothing written
   */
  public static dev.ferry.api.ConsolidationResult consolidate(
      dev.ferry.api.Consolidation manifest, boolean resume, java.nio.file.Path reportDir,
      int parallel, Progress progress) {
    return new dev.ferry.consolidate.Consolidator(manifest, resume, reportDir, progress,
        Scripts.TARGETS).run(parallel);
  }

  /**
   * Runs one cycle of each job of a sync configuration, or of one job (docs/sync.md, {@code
   * ferry sync --once}): a copy under the job's merge modes, recorded in the target's {@code
   * sync_cycles}, retried as the job says when it failed in a way another attempt may not.
   *
   * A job another process leads (its leader lock held) is not run: its outcome is {@code
   * standby} (exit 4), unless the lock is let go within {@code leaderWait}.
   *
   * @param job the job's name; null for every job
   * @param leaderWait how long to wait for a job's leader lock held by another process
   * @return each job's outcome; a job's failure is its outcome, not an exception
   * @throws FerryException {@link ErrorCode#USAGE} when no job has that name
   */
  public static java.util.List<dev.ferry.api.CycleOutcome> syncOnce(
      dev.ferry.api.SyncConfig config, String job, java.time.Duration leaderWait) {
    return dev.ferry.sync.SyncOnce.run(config, job, leaderWait, Scripts.TARGETS);
  }

  /** As above, a cycle in flight stopped between chunks once {@code stopping} says so. */
  public static java.util.List<dev.ferry.api.CycleOutcome> syncOnce(
      dev.ferry.api.SyncConfig config, String job, java.time.Duration leaderWait,
      java.util.function.BooleanSupplier stopping) {
    return dev.ferry.sync.SyncOnce.run(config, job, leaderWait, Scripts.TARGETS, stopping);
  }

  /**
   * The {@code ferry sync} service of a configuration (docs/sync.md): not started yet.
   *
   * @param job the job to run; null for every job
   * @param port the HTTP port of health and metrics; 0 for any free port
   * @throws FerryException {@link ErrorCode#USAGE} for an unknown job or a port in use
   */
  public static dev.ferry.sync.SyncService syncService(dev.ferry.api.SyncConfig config,
      String job, int port) {
    return new dev.ferry.sync.SyncService(config, job, port, Scripts.TARGETS);
  }

  /**
   * Verifies a consolidation (docs/consolidate.md, "Verifying a consolidation"): each tenant's
   * source against its rows in the target through its pairs of the id map, and every reference
   * within its tenant.
   *
   * @param tenants the tenants' names to verify; empty for all
   * @param out where {@code verification.json} and {@code report.html} go; null for none
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for an unknown tenant name, {@link
   *     ErrorCode#REFUSED} when the tenants' schemas drifted apart
   */
  public static dev.ferry.api.ConsolidationVerification verifyConsolidation(
      dev.ferry.api.Consolidation manifest, java.util.List<String> tenants, int maxDiffs,
      int batchSize, java.nio.file.Path out) {
    return new dev.ferry.consolidate.TenantVerifier(manifest, maxDiffs, batchSize)
        .run(tenants, out);
  }

  /**
   * {@code copy --create-schema}: creates the source's tables on the target database (the DDL
   * {@link #schema} writes for its engine) and copies into them. Refused before anything is
   * written when the target holds some of the tables (except on a resume, or those that match
   * with {@code reuse}), or when the login may not create tables; a copy refused after the tables
   * were created drops them again.
   *
   * @param reuse keep target tables that have the source's columns and primary key
   * @return the run report, as {@link #copy}
   * @throws FerryException as {@link #copy}; {@link ErrorCode#REFUSED} for a target that holds
   *     the tables or a login without CREATE; {@link ErrorCode#INPUT} for a type ferry cannot map
   */
  public static RunReport copyCreatingSchema(CopyRequest request, boolean reuse,
      Progress progress) {
    return copyCreatingSchema(request, reuse, java.util.List.of(), progress);
  }

  /**
   * {@code copy --create-schema} with {@code ferry.yaml}'s cast rules, as {@link #schema}
   * applies them: a rule whose type does not hold the source's values is refused before any DDL
   * runs ({@link ErrorCode#REFUSED}), one naming what the source lacks with its file and line
   * ({@link ErrorCode#CONFIGURATION}).
   */
  public static RunReport copyCreatingSchema(CopyRequest request, boolean reuse,
      java.util.List<dev.ferry.api.CastRule> casts, Progress progress) {
    return SchemaCreation.copy(request, reuse ? dev.ferry.schema.TargetSchema.Mode.REUSE
        : dev.ferry.schema.TargetSchema.Mode.NEW, casts, progress);
  }

  /**
   * Fingerprints an endpoint: per table its row count and checksum, per column its NULLs,
   * distinct values, min, max and checksum, over the engine-independent canonical encoding.
   *
   * @return the fingerprint (also written to the request's out file, when set)
   * @throws FerryException for unreachable endpoints, unreadable bundles
   */
  public static Fingerprint fingerprint(FingerprintRequest request) {
    return Fingerprinter.fingerprint(request);
  }

  /**
   * Undoes what a run wrote into a database, from the before-image journal it wrote with its
   * changes (docs/rollback.md).
   *
   * @return what was undone, or in a dry run would be
   * @throws FerryException for an unknown run ({@code INPUT}), rows changed since the run or a
   *     later run on its tables ({@code REFUSED}, nothing changed) unless forced
   */
  public static dev.ferry.api.RollbackResult rollback(dev.ferry.api.RollbackRequest request) {
    return dev.ferry.copy.Rollback.run(request);
  }

  /**
   * Proves that a target holds exactly the source's data, except user references rewritten
   * through the given user map: row and NULL counts, checksums per column, row-by-row parity with
   * differing rows located by key, and no orphans in the target.
   *
   * @return the report (also written as verification.json when an out directory is set); {@code
   *     passed()} says whether every rule held
   * @throws FerryException for unreachable endpoints, a malformed user map or configuration
   */
  public static VerificationReport verify(VerifyRequest request) {
    return Verifier.verify(request);
  }

  /**
   * Checks a bundle on its own: every declared file present with its size and SHA-256, every
   * catalog table has its file, row counts match.
   *
   * @param bundle the bundle directory
   * @param outDir where verification.json goes; null writes nothing
   * @return the report; {@code passed()} says whether the bundle is intact
   */
  public static VerificationReport verifyBundle(Path bundle, Path outDir) {
    return BundleCheck.verify(bundle, outDir);
  }

  /**
   * The units {@link #verify} hashes the request's tables as (each table whole, or its key
   * ranges), for another runner to digest ({@link #verifyUnit}) and hand back ({@link
   * #verifyReport}); see {@link VerifyUnits} and docs/verification.md.
   *
   * @throws FerryException {@link ErrorCode#USAGE} for a request units cannot serve (a bundle, a
   *     user map, row filters, merges, files, {@code --in-database})
   */
  public static java.util.List<dev.ferry.api.VerifyUnit> verifyUnits(VerifyRequest request) {
    return VerifyUnits.plan(request);
  }

  /** Digests one unit of {@link #verifyUnits} on both sides; see {@link VerifyUnits#digest}. */
  public static dev.ferry.api.UnitDigest verifyUnit(VerifyRequest request,
      dev.ferry.api.VerifyUnit unit) {
    return VerifyUnits.digest(request, unit);
  }

  /**
   * The report {@link #verify} writes for the request, from every unit's digest: added up per
   * table, compared, differing rows located, references checked, written; see {@link
   * VerifyUnits#report}.
   */
  public static VerificationReport verifyReport(VerifyRequest request,
      java.util.List<dev.ferry.api.UnitDigest> digests) {
    return VerifyUnits.report(request, digests);
  }

  /**
   * {@link #verify} with the units digested by {@code units} (the Spark runner, docs/spark.md):
   * planned here, digested there, reported here; the report equals {@link #verify}'s.
   *
   * @throws FerryException {@link ErrorCode#USAGE} for a request units cannot serve
   */
  public static VerificationReport verify(VerifyRequest request,
      dev.ferry.api.UnitScheduler units) {
    return VerifyUnits.report(request, units.digest(request, VerifyUnits.plan(request)));
  }

  /**
   * Writes deterministic INSERT scripts of every selected table in load order: the same pipeline
   * as {@link #copy}, with a script directory ({@link Endpoint.Script}) as the target.
   *
   * @return the run report; the scripts' {@code manifest.json} lists every file
   * @throws FerryException {@link ErrorCode#REFUSED} when the plan cannot be loaded (a cycle) or
   *     the user map is not valid; nothing is written then
   */
  public static RunReport scriptInserts(CopyRequest request, Progress progress) {
    if (!(request.to() instanceof Endpoint.Script)) {
      throw new FerryException(ErrorCode.USAGE, "scriptInserts writes to a script directory");
    }
    return Copier.run(request, RowTransformer.IDENTITY, progress, Scripts.TARGETS);
  }

  /**
   * Writes the rerun-safe UPDATE script that rewrites user references of data already loaded
   * untransformed, its inverse and a dry-run listing.
   *
   * @throws FerryException {@link ErrorCode#REFUSED} when the user map is not valid
   */
  public static RemapSummary scriptRemap(RemapRequest request) {
    return RemapScripts.write(request);
  }

  /**
   * Writes the DDL that creates the source's selected tables in another engine: {@code
   * 01-tables.sql}, {@code 02-constraints.sql}, {@code schema-notes.txt} and {@code
   * manifest.json} (see docs/schema.md). Connects to the source only.
   *
   * @throws FerryException {@link ErrorCode#INPUT} for an unknown type, a directory that holds
   *     other files, or names no file can hold, before anything is written
   */
  public static SchemaResult schema(SchemaRequest request) {
    return SchemaCreation.schema(request);
  }

  /**
   * {@link #schema(SchemaRequest)} tightened from evidence: profiles the source and adds the NOT
   * NULL, UNIQUE and FOREIGN KEY constraints the mode's policy allows, with every decision in
   * {@code schema-decisions.json} (see docs/schema.md).
   *
   * @throws FerryException {@link ErrorCode#USAGE} for an unknown mode, {@link
   *     ErrorCode#CONFIGURATION} for a configured reference the source does not hold, and what
   *     {@link #schema(SchemaRequest)} throws; nothing is written then
   */
  public static TightenResult schema(SchemaRequest request, TightenOptions options) {
    return TightenedSchema.write(request, options);
  }

  private static String sqlState(SQLException e) {
    return e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]";
  }
}
