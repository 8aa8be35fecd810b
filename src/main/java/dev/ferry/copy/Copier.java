package dev.ferry.copy;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.api.RunReport.OrphanCheck;
import dev.ferry.api.RunReport.TableReport;
import dev.ferry.api.RunReport;
import dev.ferry.api.UsersMapping;
import dev.ferry.bundle.Bundles;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import dev.ferry.catalog.LoadTarget;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Capability;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.identity.Identities;
import dev.ferry.identity.MapValidation;
import dev.ferry.identity.Problem;
import dev.ferry.identity.References;
import dev.ferry.identity.RemapTransformer;
import dev.ferry.identity.UserMap;
import dev.ferry.identity.UserMapFile;
import dev.ferry.jdbc.JdbcSource;
import dev.ferry.jdbc.Sources;
import dev.ferry.json.Json;
import dev.ferry.report.HtmlFiles;
import dev.ferry.report.HtmlReport;
import dev.ferry.rows.Checkpoint;
import dev.ferry.rows.Progress;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.ScriptTargets;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TargetWriter;
import dev.ferry.rows.ValueKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a copy through its stages: read the source catalog, plan against the target, refuse
 * before writing (preflight), start or resume the run, load the steps, fix up cycles, reset
 * identities, prove relaxed foreign keys, and write {@code run-report.json}.
 */
public final class Copier {

  /** File name of the run report. */
  public static final String REPORT_FILE = "run-report.json";
  /** File name of the readable, self-contained report beside it. */
  public static final String HTML_FILE = "report.html";

  private static final Logger LOG = LoggerFactory.getLogger(Copier.class);
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final CopyRequest request;
  private final ScriptTargets scripts;
  private final CopyOptions options;
  private final Progress progress;
  private RowTransformer transformer;
  private final Map<String, String> transformations;
  private TableName identityTable;
  private RemapTransformer remap;
  private Map<String, Long> mappingByStatus;
  /** users-discovery.json and users-validation.json being written, once the map is validated. */
  private CompletableFuture<Void> userReports;
  private Identities.Sides userSides;
  private UserCreation creation;

  private Copier(CopyRequest request, RowTransformer transformer, Progress progress,
      ScriptTargets scripts) {
    this.request = request;
    this.scripts = scripts;
    this.options = request.options();
    this.transformer = transformer;
    this.progress = progress;
    this.transformations = new TreeMap<>(request.transformations());
  }

  /**
   * Runs the copy. Returns the report when the run finished (status {@code done} or {@code
   * verification-failed}); throws a {@link FerryException} with code {@link ErrorCode#REFUSED}
   * when preflight refused it (report written), or another code when it failed (report written).
   */
  public static RunReport run(CopyRequest request, RowTransformer transformer, Progress progress,
      ScriptTargets scripts) {
    return new Copier(request, transformer, progress, scripts).run();
  }

  private RunReport run() {
    try {
      return copy();
    } finally {
      if (userReports != null) {
        // a run that failed still leaves the user reports whole on disk
        userReports.exceptionally(t -> null).join();
      }
    }
  }

  private RunReport copy() {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    final String newId = newRunId(started);
    CompletableFuture<Catalog> targetCatalog = readTargetCatalog();
    try (SourceReader source = openSource()) {
      Catalog sourceCatalog = source.catalog();
      if (request.users() != null) {
        sourceCatalog = applyUserMap(sourceCatalog, newId);
      }
      Planned planned = plan(sourceCatalog, targetCatalog);
      if (request.from() instanceof Endpoint.Database from
          && request.to() instanceof Endpoint.Database to) {
        String same = SameDatabase.problem(from.spec(), to.spec(), planned.plan);
        if (same != null) {
          throw refuse(planned, newId, started, List.of(same));
        }
      }
      if (options.dryRun()) {
        return finishDry(planned, source, newId, started);
      }
      try (TargetWriter target = openTarget(planned);
          RunGuard guard = target instanceof JdbcTarget jdbc ? RunGuard.take(jdbc, newId)
              : RunGuard.none()) {
        if (guard.refusal() != null) {
          throw refuse(planned, newId, started, List.of(guard.refusal()));
        }
        try {
          return guarded(planned, source, target, newId, started);
        } catch (FerryException e) {
          if (target instanceof JdbcTarget jdbc) {
            RunGuard.leaveNoWorse(jdbc);
          }
          throw e;
        }
      }
    }
  }

  /** The stages that decide on the target's state, under the run lock. */
  private RunReport guarded(Planned planned, SourceReader source, TargetWriter target,
      String newId, Instant started) {
    String runId = newId;
    boolean resumed = false;
    if (options.resume() != null && target.completeResult() != null) {
      throw refuse(planned, newId, started, List.of(target.completeResult() + ": there is"
          + " nothing to resume, and it is left as it is. Export into another directory, or"
          + " leave out --resume to replace it."));
    }
    if (options.resume() != null) {
      String wanted = options.resume().isEmpty()
          ? target.runToResume(planned.plan.fingerprint()).orElse(null)
          : options.resume();
      if (wanted != null) {
        String plan = target.planOf(wanted).orElseThrow(() -> refuse(planned, newId, started,
            List.of("there is no run " + wanted + " on " + target.describe()
                + "; leave out the id to resume the last unfinished run of this plan")));
        if (!plan.equals(planned.plan.fingerprint())) {
          throw refuse(planned, wanted, started, List.of("run " + wanted + " was planned"
              + " with fingerprint " + plan + ", but the source, target or options now give "
              + planned.plan.fingerprint() + ": the plan changed since, so resuming could"
              + " lose or duplicate rows. Start a new run (with --truncate-target)."));
        }
        runId = wanted;
        resumed = true;
      }
    }
    Map<String, Checkpoint> checkpoints = resumed ? target.checkpoints(runId) : Map.of();
    long start = System.nanoTime();
    List<String> problems = preflight(planned, source, checkpoints.keySet(), target);
    LOG.debug("preflight in {} ms", millisSince(start));
    if (problems.isEmpty() && resumed && target instanceof JdbcTarget jdbc) {
      start = System.nanoTime();
      problems.addAll(ResumeCheck.problems(planned.plan, checkpoints, source, jdbc, runId,
          options.batchSize()));
      LOG.debug("checked what the checkpoints claim in {} ms", millisSince(start));
    }
    if (!problems.isEmpty()) {
      throw refuse(planned, runId, started, problems);
    }
    if (creation != null) {
      createUsers(planned, runId, started);
    }
    return load(planned, source, target, runId, resumed, checkpoints, started);
  }

  /**
   * Validates the user map before anything is written (refusing when it is not valid), leaves the
   * identity table out of the copy (the target's users are the target's), and installs the
   * transformer that rewrites every reference. Writes users-discovery.json and
   * users-validation.json into the report directory either way.
   */
  private Catalog applyUserMap(Catalog source, String runId) {
    UsersMapping users = request.users();
    Endpoint usersOf = users.targetDatabase() != null ? users.targetDatabase() : request.to();
    long start = System.nanoTime();
    // the map file is parsed while the databases count
    CompletableFuture<UserMapFile.Read> file = CompletableFuture.supplyAsync(
        () -> UserMapFile.read(users.map()));
    Identities.Sides sides = Identities.read(request.from(), usersOf, users.targetUsers(),
        users.config(), options.schemas(), options.filter(), source);
    LOG.debug("read both sides' users and counted the references in {} ms", millisSince(start));
    start = System.nanoTime();
    MapValidation[] validation = new MapValidation[1];
    UserMapFile.Read read = await(file);
    UserMap map = Identities.load(sides, users.config(), users.map(), read, validation);
    // the two reports are written beside the load when the map is valid (awaited before the run's
    // own report), before the refusal when it is not
    userReports = CompletableFuture.runAsync(() -> {
      Json.write(reportDir(runId).resolve(Identities.DISCOVERY_FILE), sides.discovery());
      Json.write(reportDir(runId).resolve(Identities.VALIDATION_FILE), validation[0]);
    });
    LOG.debug("validated the user map in {} ms", millisSince(start));
    if (map == null) {
      await(userReports);
      throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: the user map "
          + users.map() + " is not valid (" + validation[0].problems().size() + " problems, see "
          + reportDir(runId).resolve(Identities.VALIDATION_FILE) + "):\n  - " + String.join(
          "\n  - ", validation[0].problems().stream().limit(20).map(Problem::render).toList()));
    }
    if (!validation[0].toCreate().isEmpty() && !(request.to() instanceof Endpoint.Database)) {
      await(userReports);
      throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: "
          + validation[0].toCreate().size() + " users are left to the create fallback, which"
          + " inserts them into the target database, but " + request.to().describe() + " is not"
          + " a database. Copy into the target database, or map those users in " + users.map());
    }
    userSides = sides;
    identityTable = sides.identityTable().name();
    mappingByStatus = read.coverage();
    remap = new RemapTransformer(References.of(source, identityTable, users.config()), map,
        sides.target());
    RowTransformer before = transformer;
    transformer = (table, row) -> remap.transform(table, before.transform(table, row));
    // recorded in the run report and a bundle's manifest: the rows hold the target's user keys,
    // the identity table is left out, and these are the users the map was validated against
    transformations.put("user-map", map.fingerprint());
    transformations.put(CopyPlanner.MAPPED_IDENTITY_TABLE, identityTable.qualified());
    transformations.put("user-map.target-users", Identities.fingerprint(sides.target()));
    List<Table> kept = source.tables().stream().filter(t -> !t.name().equals(identityTable))
        .toList();
    return new Catalog(source.formatVersion(), source.engine(), source.database(),
        source.schemas(), source.filter(), kept, Json.fingerprint(kept));
  }

  private Path reportDirectory;
  /** The database target of this run once opened, for what the report says it did. */
  private TargetWriter openedTarget;

  /**
   * The report directory: --report, or ferry-runs/&lt;run id&gt;. Fixed on first use, so a resumed
   * run's report goes where this attempt's user-map proofs went.
   */
  private Path reportDir(String runId) {
    if (reportDirectory == null) {
      reportDirectory = options.reportDir() != null ? options.reportDir()
          : Path.of("ferry-runs", runId);
    }
    return reportDirectory;
  }

  /** What the stages before preflight found. */
  private record Planned(Catalog source, Catalog target, Dialect targetDialect, CopyPlan plan) {}

  /**
   * Starts reading the target database's catalog beside the source's: the target's schemas are
   * named after the source's, which are known (asked for, or the source connection's current
   * schema) before the source's catalog is read. Null when either side is no database.
   */
  private CompletableFuture<Catalog> readTargetCatalog() {
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

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private Planned plan(Catalog source, CompletableFuture<Catalog> targetCatalog) {
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
        target = new StateStore(dialect, c).withSetAsideKeys(c, target);
        List<TableName> names = source.tables().stream().map(t -> t.name()).toList();
        LoadTarget loadTarget = new LoadTarget(dialect.id(),
            dialect.checkRelaxations(c, target.tables().stream().map(t -> t.name()).toList()),
            dialect.relaxationHint());
        LoadOrder order = LoadOrderPlanner.plan(source, loadTarget);
        CopyPlan plan = CopyPlanner.plan(source, order, new CopyPlanner.Target(target, dialect,
            dialect.mayDisableTriggers(c), options.allowTriggers(), false,
            options.rowKeyChecks(), options.truncateTarget()), transformations);
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
          transformations));
    }
    LoadOrder order = LoadOrderPlanner.plan(source, new LoadTarget("bundle", List.of(),
        "bundles do not check foreign keys"));
    return new Planned(source, null, null, CopyPlanner.plan(source, order, null,
        transformations));
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

  private List<String> preflight(Planned planned, SourceReader source, Set<String> ownUnits,
      TargetWriter target) {
    List<String> problems = new ArrayList<>(planned.plan.problems());
    // a bundle proves every data file it will hand over before anything is written
    problems.addAll(source.prove(planned.plan.steps().stream().flatMap(s -> s.tables().stream())
        .toList()));
    problems.addAll(source.readProblems(planned.plan.steps().stream()
        .flatMap(s -> s.tables().stream()).toList()));
    List<TablePlan> tables = planned.plan.steps().stream().flatMap(s -> s.tables().stream())
        .toList();
    // the source is read for values the target cannot hold only when nothing else refuses
    problems.addAll(target.preflight(tables, problems.isEmpty() ? source : null,
        options.batchSize()));
    if (!(request.to() instanceof Endpoint.Database db)) {
      return problems;
    }
    problems.addAll(Preflight.typeProblems(planned.source, planned.target, planned.plan));
    problems.addAll(ValueFit.problems(request.from(), planned.source, planned.target,
        planned.plan, planned.targetDialect));
    try (Connection c = Connections.open(db.spec(), planned.targetDialect, true,
        options.lockTimeout().toMillis())) {
      List<TableName> state = new ArrayList<>(new StateStore(planned.targetDialect, c).tables());
      if (remap != null && !remap.map().toCreate().isEmpty()) {
        state.add(dev.ferry.identity.CreateFallback.stateTable(c, planned.targetDialect));
      }
      problems.addAll(planned.targetDialect.writeProblems(c, Preflight.needs(planned.plan,
          options.truncateTarget(), !ownUnits.isEmpty(), state)));
      if (problems.isEmpty()) {
        problems.addAll(Preflight.externalReferences(planned.plan, planned.source,
            planned.target, source, c, planned.targetDialect, options.batchSize(),
            identityTable));
      }
      if (options.truncateTarget() && problems.isEmpty()) {
        problems.addAll(TruncateCheck.problems(planned.plan, planned.target, c,
            planned.targetDialect));
      }
      if (!options.truncateTarget() && problems.isEmpty()) {
        Map<TableName, Table> targetTables = new HashMap<>();
        for (CopyPlan.Step step : planned.plan.steps()) {
          for (TablePlan t : step.tables()) {
            planned.target.table(t.target()).ifPresent(x -> targetTables.put(t.source(), x));
          }
        }
        List<String> collisions = Preflight.collisions(planned.plan, source, c,
            planned.targetDialect, ownUnits, options.batchSize(), targetTables,
            remap == null ? RowTransformer.IDENTITY : remap::rewrite);
        if (!collisions.isEmpty() && target != null && options.resume() == null) {
          // first: the way forward, which the colliding tables (often many) would bury
          target.unfinishedRun(planned.plan.fingerprint()).ifPresent(run -> collisions.add(0,
              "an unfinished run " + run + " of this plan exists on the target: add --resume to"
                  + " continue it" + (target instanceof JdbcTarget jdbc ? jdbc.setAsideBy(run)
                      : "")));
        } else if (!collisions.isEmpty() && options.resume() != null && ownUnits.isEmpty()) {
          // a run planned before the source, the target's tables or the options changed has
          // another fingerprint, so --resume found none to continue and this is a new run
          collisions.add("--resume found no run of this plan (fingerprint "
              + planned.plan.fingerprint() + ") on the target to continue: a run there was"
              + " planned before the source, the target's tables or the options changed, and"
              + " resuming it could lose or duplicate rows. Start a new run with"
              + " --truncate-target.");
        }
        problems.addAll(collisions);
      }
      if (remap != null && !remap.map().toCreate().isEmpty() && problems.isEmpty()) {
        creation = UserCreation.plan(source, userSides.identityTable(),
            userSides.targetIdentityTable(), request.users().config().key(), remap.map(), c,
            planned.targetDialect, problems);
      }
    } catch (SQLException e) {
      if (planned.targetDialect.isLockTimeout(e)) {
        throw new FerryException(ErrorCode.REFUSED, "refused before writing anything: preflight"
            + " on " + db.describe() + " waited longer than --lock-timeout ("
            + options.lockTimeout().toMillis() + " ms) for a lock another session holds ("
            + db.spec().redact(e.getMessage()) + "). Let it finish, or raise --lock-timeout.", e);
      }
      throw new FerryException(ErrorCode.INPUT, "preflight on " + db.describe() + " failed: "
          + db.spec().redact(e.getMessage()), e);
    }
    return problems;
  }

  /**
   * Inserts the users of the create fallback (or finds those an earlier run created), maps them,
   * and writes users-created.json; the first write of a run with such users.
   */
  private void createUsers(Planned planned, String runId, Instant started) {
    Endpoint.Database db = (Endpoint.Database) request.to();
    List<UserCreation.NewUser> proof = new ArrayList<>();
    try (Connection c = Connections.open(db.spec(), planned.targetDialect, false)) {
      remap.created(creation.apply(c, runId, proof));
    } catch (SQLException e) {
      throw new FerryException(ErrorCode.UNEXPECTED, "creating users in "
          + db.describe() + " failed, none was created: " + db.spec().redact(e.getMessage()), e);
    }
    Json.write(reportDir(runId).resolve(UserCreation.PROOF_FILE), new UserCreation.Proof(
        userSides.targetIdentityTable().name().qualified(), proof));
    LOG.info("create fallback: {} users created or found from an earlier run", proof.size());
  }

  private RunReport load(Planned planned, SourceReader source, TargetWriter target, String runId,
      boolean resumed, Map<String, Checkpoint> checkpoints, Instant started) {
    RunHeader header = new RunHeader(runId, planned.plan.fingerprint(),
        request.from().describe(), planned.source, planned.plan.loadOrder(), transformations);
    List<String> resets = List.of();
    List<OrphanCheck> orphans = List.of();
    List<SetAsideConstraints.Restored> restored = List.of();
    List<TableReport> tables;
    try {
      if (options.truncateTarget() && target instanceof JdbcTarget jdbc) {
        TruncateCheck.empty(jdbc, planned.plan);
      }
      target.beginRun(header);
      long start = System.nanoTime();
      try (EarlyProofs proofs = target instanceof JdbcTarget jdbc
          ? new EarlyProofs(jdbc, planned.plan, planned.source, planned.target) : null) {
        tables = new StepRunner(planned.plan, source, target, transformer, checkpoints,
            options.batchSize(), writers(planned), progress,
            proofs == null ? id -> { } : proofs::stepFinished).run();
        LOG.debug("loaded {} steps in {} ms", planned.plan.steps().size(), millisSince(start));
        if (target instanceof JdbcTarget jdbc) {
          start = System.nanoTime();
          resets = PostLoad.resetIdentities(jdbc.control(), jdbc.dialect(),
              planned.plan.identityResets());
          LOG.debug("reset {} identities in {} ms", resets.size(), millisSince(start));
          start = System.nanoTime();
          orphans = proofs.await();
          LOG.debug("proved {} foreign keys ({} ms after the load)", orphans.size(),
              millisSince(start));
          restored = jdbc.restoreConstraints();
        }
      }
    } catch (SQLException e) {
      FerryException failure = new FerryException(ErrorCode.UNEXPECTED, "finishing the load on "
          + target.describe() + " failed: " + e.getMessage(), e);
      throw fail(planned, header, target, started, failure);
    } catch (FerryException e) {
      throw fail(planned, header, target, started, e);
    }
    List<String> problems = new ArrayList<>(target instanceof JdbcTarget jdbc
        ? PostLoad.problems(jdbc, planned.plan, planned.source, planned.target, orphans, restored)
        : List.of());
    if (remap != null) {
      // references to the identity table load unchecked: the rewrite proves each written key
      remap.proof().forEach((column, proof) -> {
        if (!proof.allInTarget()) {
          problems.add(column + ": " + proof.notInTarget() + " rows reference a user the target"
              + " does not have (removed from the target since the map was validated?)");
        }
      });
    }
    String status = problems.isEmpty() ? "done" : "verification-failed";
    target.endRun(header, status);
    return report(planned, runId, "copy", status, resumed, tables, resets, orphans, problems,
        started);
  }

  private RunReport finishDry(Planned planned, SourceReader source, String runId,
      Instant started) {
    List<String> problems = preflight(planned, source, Set.of(), null);
    if (!problems.isEmpty()) {
      throw refuse(planned, runId, started, problems);
    }
    try (TargetWriter target = new DryRunTarget(request.to().describe())) {
      List<TableReport> tables = new StepRunner(planned.plan, source, target, transformer,
          Map.of(), options.batchSize(), options.parallel(), progress).run();
      return report(planned, runId, "dry-run", "done", false, tables, List.of(), List.of(),
          List.of(), started);
    }
  }

  private FerryException refuse(Planned planned, String runId, Instant started,
      List<String> problems) {
    report(planned, runId, options.dryRun() ? "dry-run" : "copy", "refused", false, List.of(),
        List.of(), List.of(), problems, started);
    return new FerryException(ErrorCode.REFUSED, "refused before writing anything ("
        + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
        + String.join("\n  - ", problems));
  }

  private FerryException fail(Planned planned, RunHeader header, TargetWriter target,
      Instant started, FerryException failure) {
    try {
      target.endRun(header, "failed");
    } catch (RuntimeException ignored) {
      // the target may be what failed; the report still says so
    }
    String left = target instanceof JdbcTarget jdbc ? jdbc.afterFailure() : "";
    report(planned, header.runId(), "copy", "failed", false, List.of(), List.of(), List.of(),
        List.of(failure.getMessage()), started);
    String next = request.to() instanceof Endpoint.Script ? "\nFix the cause and run again: the"
        + " scripts are written anew (the manifest says in-progress until then)"
        : "\nResume with: --resume " + header.runId();
    return new FerryException(failure.code(), failure.getMessage() + left + next, failure);
  }

  private RunReport report(Planned planned, String runId, String mode, String status,
      boolean resumed, List<TableReport> tables, List<String> resets, List<OrphanCheck> orphans,
      List<String> problems, Instant started) {
    Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long read = tables.stream().mapToLong(TableReport::rowsRead).sum();
    long written = tables.stream().filter(t -> !t.unit().startsWith("fixup:"))
        .mapToLong(TableReport::rowsWritten).sum();
    Map<String, String> timing = new LinkedHashMap<>();
    timing.put("startedAt", started.toString());
    timing.put("endedAt", ended.toString());
    RunReport report = new RunReport(RunReport.FORMAT_VERSION, runId,
        planned.plan.fingerprint(), request.from().describe(), request.to().describe(), mode,
        status, resumed, tables, new TreeMap<>(), resets, orphans,
        new TreeMap<>(transformations), notes(planned), problems,
        new RunReport.Totals(read, written,
            Math.round((ended.toEpochMilli() - started.toEpochMilli()) / 10.0) / 100.0),
        timing);
    Path dir = reportDir(runId);
    if (userReports != null) {
      await(userReports);
    }
    Json.write(dir.resolve(REPORT_FILE), report);
    HtmlFiles.write(dir.resolve(HTML_FILE), HtmlReport.render(report, planned.plan.loadOrder(),
        mappingByStatus));
    if (remap != null && !"refused".equals(status)) {
      Json.write(dir.resolve(Identities.TRANSFORMATION_FILE), remap.proof());
    }
    return report;
  }

  /** The plan's notes, then what the target did beyond the rows (restored foreign keys). */
  private List<String> notes(Planned planned) {
    List<String> notes = new ArrayList<>(planned.plan.notes());
    if (openedTarget instanceof JdbcTarget jdbc) {
      notes.addAll(jdbc.notes());
    }
    return notes;
  }

  private SourceReader openSource() {
    if (request.from() instanceof Endpoint.Database db) {
      ConnectionSpec spec = db.spec();
      Dialect dialect = Dialects.forUrl(spec.url());
      try (Connection c = Connections.open(spec, dialect, true)) {
        long start = System.nanoTime();
        Catalog catalog = new CatalogReader(c, dialect).read(options.schemas(), options.filter());
        LOG.debug("read the source catalog ({} tables) in {} ms", catalog.tables().size(),
            millisSince(start));
        return new JdbcSource(spec, dialect, catalog);
      } catch (SQLException e) {
        throw new FerryException(ErrorCode.INPUT, "reading the source catalog of "
            + spec.describe() + " failed: " + spec.redact(e.getMessage()), e);
      }
    }
    return Bundles.source(((Endpoint.Bundle) request.from()).directory(), options.schemas(),
        options.filter());
  }

  private TargetWriter openTarget(Planned planned) {
    if (request.to() instanceof Endpoint.Database db) {
      Map<String, List<ValueKind>> keyKinds = new HashMap<>();
      for (CopyPlan.Step step : planned.plan.steps()) {
        for (TablePlan t : step.tables()) {
          List<ValueKind> kinds = new ArrayList<>();
          for (int p : t.keyPositions()) {
            kinds.add(t.columns().get(p).kind());
          }
          keyKinds.put(t.unit(), kinds);
        }
      }
      Set<TableName> partitioned = new java.util.HashSet<>();
      planned.target.tables().stream().filter(t -> Table.PARTITIONED.equals(t.kind()))
          .forEach(t -> partitioned.add(t.name()));
      openedTarget = new JdbcTarget(db.spec(), planned.targetDialect,
          planned.plan.sessionStatements(), planned.plan.overrideIdentity(), keyKinds,
          !options.keepIndexes(), partitioned, options.lockTimeout().toMillis(),
          planned.plan.setAside());
      return openedTarget;
    }
    if (request.to() instanceof Endpoint.Script script) {
      List<String> units = planned.plan.steps().stream().flatMap(s -> s.tables().stream())
          .map(TablePlan::unit).toList();
      return scripts.open(script, planned.source, planned.plan.loadOrder(), units,
          planned.plan.identityResets());
    }
    return Bundles.target(((Endpoint.Bundle) request.to()).directory(), options.gzip());
  }

  /** Tables loaded at once: --parallel, or one where the target takes one writer at a time. */
  private int writers(Planned planned) {
    boolean single = request.to() instanceof Endpoint.Database && planned.targetDialect != null
        && planned.targetDialect.supports(Capability.SINGLE_WRITER);
    return single ? 1 : options.parallel();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static String newRunId(Instant started) {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return RUN_ID_TIME.format(started) + "-" + HexFormat.of().formatHex(random);
  }
}
