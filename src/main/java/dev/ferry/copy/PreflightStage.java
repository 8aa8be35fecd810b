package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.CopyRequest;
import dev.ferry.api.Endpoint;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.RowTransformer;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TargetWriter;
import dev.ferry.rows.ZeroDates;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The preflight stage of a copy: gathers, before anything is written, what the plan, the source
 * and the target writer refuse, and against a database target what its types, values,
 * privileges, external references, emptying and colliding rows refuse; plans the user map's
 * create fallback when nothing else does.
 */
final class PreflightStage {

  private final CopyRequest request;
  private final CopyOptions options;
  private final UserMapStage users;

  /** The columns whose zero dates a cast rule turns into NULL ({@link ZeroDates}). */
  private Map<TableName, Map<String, String>> zeroDates = Map.of();
  /** Their zero dates, counted on the source by the preflight ({@code table.column}). */
  private final Map<String, Long> zeroDateCounts = new java.util.concurrent.ConcurrentHashMap<>();

  /** @param users the user map's stages; null without a map */
  PreflightStage(CopyRequest request, UserMapStage users) {
    this.request = request;
    this.options = request.options();
    this.users = users;
  }

  /** The columns whose zero dates become NULL, for the values' measuring. */
  void zeroDates(Map<TableName, Map<String, String>> columns) {
    zeroDates = Map.copyOf(columns);
  }

  /** The zero dates counted per column ({@code table.column}), filled by {@link #problems}. */
  Map<String, Long> zeroDateCounts() {
    return zeroDateCounts;
  }

  /**
   * Every problem that refuses the copy before anything is written.
   *
   * @param ownUnits units this run's checkpoints claim (a resumed run's), whose rows are its own
   * @param target the opened target writer; null for a dry run
   * @param merges the tables merged into the target's rows: their colliding keys are not
   *     refused, but under {@code fail} their conflicting rows are
   */
  List<String> problems(Planned planned, SourceReader source, Set<String> ownUnits,
      TargetWriter target, MergePlan merges) {
    List<String> planProblems = new ArrayList<>(planned.plan().problems());
    // the merged tables' schema differences first, as one diff (it takes over their plan
    // problems of missing columns)
    List<String> problems = new ArrayList<>(request.to() instanceof Endpoint.Database
        ? MergeSchema.diff(planned.source(), planned.target(), planned.plan().steps().stream()
            .flatMap(s -> s.tables().stream()).toList(), merges.modes(), planProblems)
        : List.of());
    problems.addAll(planProblems);
    problems.addAll(merges.problems(planned.plan()));
    // a bundle proves every data file it will hand over before anything is written
    problems.addAll(source.prove(planned.plan().steps().stream().flatMap(s -> s.tables().stream())
        .toList()));
    // a table loading as key ranges is checked once, whole
    List<TablePlan> tables = planned.plan().steps().stream().flatMap(s -> s.tables().stream())
        .map(t -> t.withRange(null)).distinct().toList();
    problems.addAll(source.readProblems(tables));
    // the source is read for values the target cannot hold only when nothing else refuses; a dry
    // run opens no target
    if (target != null) {
      problems.addAll(target.preflight(tables, problems.isEmpty() ? source : null,
          options.batchSize()));
    }
    if (!(request.to() instanceof Endpoint.Database db)) {
      return problems;
    }
    problems.addAll(Preflight.typeProblems(planned.source(), planned.target(), planned.plan()));
    problems.addAll(ValueFit.problems(request.from(), planned.source(), planned.target(),
        planned.plan(), planned.targetDialect(), options.parallel(), zeroDates,
        zeroDateCounts));
    try (Connection c = Connections.open(db.spec(), planned.targetDialect(), true,
        options.lockTimeout().toMillis())) {
      StateStore store = new StateStore(planned.targetDialect(), c);
      List<TableName> state = new ArrayList<>(store.tables());
      if (!merges.remap().isEmpty()) {
        TableName map = IdMap.table(planned.targetDialect(), c);
        state.add(map);
        state.add(IdMapTables.integerTable(map));
      }
      if (merges.merging()) {
        state.add(store.mergeProgress().table());
      }
      if (merges.journaling()) {
        RowJournal journal = new RowJournal(planned.targetDialect(), c);
        state.addAll(List.of(journal.rows(), journal.tables()));
      }
      if (users != null && users.creates()) {
        state.add(dev.ferry.identity.CreateFallback.stateTable(c, planned.targetDialect()));
      }
      problems.addAll(planned.targetDialect().writeProblems(c, Preflight.needs(planned.plan(),
          options.truncateTarget(), !ownUnits.isEmpty(), state, merges)));
      // a natural key the target holds twice could pair a source row with either row
      for (NaturalKeys natural : merges.remap().naturalKeys()) {
        java.util.Optional.ofNullable(natural.duplicates(c)).ifPresent(problems::add);
      }
      if (problems.isEmpty()) {
        problems.addAll(Preflight.externalReferences(planned.plan(), planned.source(),
            planned.target(), source, c, planned.targetDialect(), options.batchSize(),
            users == null ? null : users.identityTable()));
      }
      if (problems.isEmpty()) {
        problems.addAll(filteredParents(planned, source, c));
      }
      if (options.truncateTarget() && problems.isEmpty()) {
        problems.addAll(TruncateCheck.problems(planned.plan(), planned.target(), c,
            planned.targetDialect()));
      }
      if (!options.truncateTarget() && problems.isEmpty()) {
        Map<TableName, Table> targetTables = new HashMap<>();
        for (CopyPlan.Step step : planned.plan().steps()) {
          for (TablePlan t : step.tables()) {
            planned.target().table(t.target()).ifPresent(x -> targetTables.put(t.source(), x));
          }
        }
        Set<String> unchecked = new java.util.HashSet<>(ownUnits);
        unchecked.addAll(merges.units());
        RowTransformer rewrite = users == null ? RowTransformer.IDENTITY
            : users.remap()::rewrite;
        List<String> collisions = Preflight.collisions(planned.plan(), source, c,
            planned.targetDialect(), unchecked, options.batchSize(), targetTables, rewrite);
        if (collisions.isEmpty()) {
          collisions.addAll(MergeCheck.conflicts(planned.plan(), merges, source, c,
              options.batchSize(), rewrite));
        }
        if (!collisions.isEmpty() && target != null && options.resume() == null) {
          // first: the way forward, which the colliding tables (often many) would bury
          target.unfinishedRun(planned.plan().fingerprint()).ifPresent(run -> collisions.add(0,
              "an unfinished run " + run + " of this plan exists on the target: add --resume to"
                  + " continue it" + (target instanceof JdbcTarget jdbc ? jdbc.setAsideBy(run)
                      : "")));
        } else if (!collisions.isEmpty() && options.resume() != null && ownUnits.isEmpty()) {
          // a run planned before the source, the target's tables or the options changed has
          // another fingerprint, so --resume found none to continue and this is a new run
          collisions.add("--resume found no run of this plan (fingerprint "
              + planned.plan().fingerprint() + ") on the target to continue: a run there was"
              + " planned before the source, the target's tables or the options changed, and"
              + " resuming it could lose or duplicate rows. Start a new run with"
              + " --truncate-target.");
        }
        problems.addAll(collisions);
      }
      if (users != null && users.creates() && problems.isEmpty()) {
        users.planCreation(source, c, planned.targetDialect(), problems);
      }
    } catch (SQLException e) {
      if (planned.targetDialect().isLockTimeout(e)) {
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

  /** References to parent rows the row filters leave out ({@link FilteredParents}). */
  private List<String> filteredParents(Planned planned, SourceReader source, Connection target)
      throws SQLException {
    Map<TableName, dev.ferry.rows.KeyAllowlist> lists =
        source instanceof dev.ferry.rows.AllowlistReader a ? a.lists() : Map.of();
    // a sync cycle's own conditions leave out unchanged rows, whose parents it carried before
    java.util.Set<TableName> changedOnly = new java.util.HashSet<>();
    planned.plan().steps().stream().flatMap(s -> s.tables().stream()).forEach(t -> options
        .rowFilters().stream().filter(f -> f.changedOnly() && f.names(t.source()))
        .forEach(f -> changedOnly.add(t.source())));
    if (!(request.from() instanceof Endpoint.Database from) || lists.isEmpty() && planned.plan()
        .steps().stream().flatMap(s -> s.tables().stream())
        .allMatch(t -> t.rowFilter() == null || changedOnly.contains(t.source()))) {
      return List.of();
    }
    dev.ferry.dialect.Dialect dialect = dev.ferry.dialect.Dialects.forUrl(from.spec().url());
    try (Connection c = Connections.open(from.spec(), dialect, true)) {
      return FilteredParents.problems(planned.plan(), planned.source(), planned.target(), source,
          c, dialect, target, planned.targetDialect(), options.batchSize(), lists, changedOnly);
    }
  }
}
