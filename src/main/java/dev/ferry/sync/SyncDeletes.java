package dev.ferry.sync;

import dev.ferry.api.SyncJob;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.dialect.WriteNeeds;
import dev.ferry.endpoint.Connections;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cycle's deletes (docs/sync.md, "Deletes"): for each table under {@code deletes: true}, the
 * target's rows whose key the source does not have, deleted after the cycle's copy, children
 * before parents. Everything that could refuse is checked by {@link #plan} before the copy
 * writes anything.
 *
 * <p>Each table's keys the source lacks are found by {@link TableSweep} and deleted {@link
 * #PAGE} at a time, in one target transaction each, with a line each in the cycle's {@code
 * merge-audit.jsonl}. A cycle stopped part-way leaves what it deleted deleted, and the next cycle
 * deletes the rest.
 */
final class SyncDeletes {

  /** Target keys looked up on the source per query, and rows deleted per transaction. */
  static final int PAGE = 1_000;
  static final String REASON = "not on the source";

  /**
   * One table's deletes.
   *
   * @param source the source's table
   * @param target the target's table
   * @param sourceKey the key's columns as the source names them
   * @param targetKey the key's columns as the target names them, in the same order
   */
  record Swept(Table source, Table target,
      List<String> sourceKey, List<String> targetKey) {}

  /** The tables whose rows a cycle deletes, children first; empty for none. */
  record Plan(List<Swept> tables) {
    static final Plan NONE = new Plan(List.of());
  }

  private SyncDeletes() {}

  /**
   * Checks the job's {@code deletes:} against both databases, before anything is written.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} (with the file and line) for a table
   *     the job does not copy, or one without a key; {@link ErrorCode#REFUSED} for a table that
   *     tables without {@code deletes: true} reference in the target, or that references
   *     itself, and for a principal that may not delete from it
   */
  static Plan plan(SyncJob job, CycleCatalogs catalogs) throws SQLException {
    if (job.deletes().isEmpty()) {
      return Plan.NONE;
    }
    Dialect targetDialect = Dialects.forUrl(job.target().url());
    Catalog source = catalogs.source();
    Catalog target = catalogs.target();
    try (Connection c = Connections.open(job.target(), targetDialect, true)) {
      Map<TableName, Swept> chosen = new LinkedHashMap<>();
      for (SyncJob.Deletes d : job.deletes()) {
        Swept t = swept(job, d, source, target);
        chosen.put(t.target().name(), t);
      }
      List<String> problems = new ArrayList<>();
      for (Swept t : chosen.values()) {
        for (Table other : target.tables()) {
          for (ForeignKey fk : other.foreignKeys()) {
            if (!fk.parent().equals(t.target().name())) {
              continue;
            }
            if (other.name().equals(t.target().name())) {
              problems.add("deletes: true for " + t.target().name() + ": the table references"
                  + " itself (" + String.join(", ", fk.columns()) + "), and a cycle deletes a"
                  + " page of rows at a time in key order, which may come before the rows"
                  + " that reference them; remove deletes: for this table");
            } else if (!chosen.containsKey(other.name())) {
              problems.add("deletes: true for " + t.target().name() + ": " + other.name() + " ("
                  + String.join(", ", fk.columns()) + ") references it in the target and has no"
                  + " deletes: true, so a row deleted on the source may still be referenced"
                  + " there; give " + other.name().name() + " deletes: true too (its rows are"
                  + " then deleted first), or remove deletes: for " + t.target().name().name());
            }
          }
        }
      }
      problems.addAll(targetDialect.writeProblems(c, new WriteNeeds(Set.of(), Map.of(),
          Set.copyOf(chosen.keySet()), Set.of(), Map.of(), Map.of(), List.of())));
      if (!problems.isEmpty()) {
        throw new FerryException(ErrorCode.REFUSED, "job '" + job.name() + "': the cycle's"
            + " deletes cannot run, so nothing was written:\n  - " + String.join("\n  - ",
                problems));
      }
      return new Plan(childrenFirst(chosen));
    }
  }

  private static Swept swept(SyncJob job, SyncJob.Deletes d, Catalog source, Catalog target) {
    Table from = source.tables().stream()
        .filter(t -> d.names(t.name()) && t.holdsOwnRows()).findFirst()
        .orElseThrow(() -> refused(job, d, "names no table the job copies"));
    Table into = TableMatch.match(target, from.name())
        .orElseThrow(() -> refused(job, d, "the target has no table " + from.name().name()));
    List<String> targetKey = TableMatch.keyOf(into);
    if (targetKey.isEmpty()) {
      throw refused(job, d, into.name() + " has no primary key or unique key of NOT NULL"
          + " columns in the target, so there is no way to tell which of its rows the source"
          + " has; give it a key, or remove deletes:");
    }
    List<String> sourceKey = new ArrayList<>();
    for (String k : targetKey) {
      sourceKey.add(from.column(k).map(Column::name).orElseThrow(() -> refused(job, d,
          "the source's " + from.name() + " has no column " + k + " of the target's key")));
    }
    return new Swept(from, into, sourceKey, targetKey);
  }

  /** The tables ordered so that a table comes before every table it references. */
  private static List<Swept> childrenFirst(Map<TableName, Swept> chosen) {
    List<Swept> ordered = new ArrayList<>();
    Set<TableName> left = new java.util.LinkedHashSet<>(chosen.keySet());
    while (!left.isEmpty()) {
      // a table no table left references goes next (plan() refused those other tables
      // reference, so among these a cycle of references is the only way to find none)
      TableName next = left.stream().filter(n -> left.stream().noneMatch(o -> !o.equals(n)
          && chosen.get(o).target().foreignKeys().stream().anyMatch(fk -> fk.parent().equals(n))))
          .findFirst().orElse(left.iterator().next());
      ordered.add(chosen.get(next));
      left.remove(next);
    }
    return ordered;
  }

  /**
   * Deletes each table's target rows the source lacks, children first.
   *
   * @param audit the cycle's {@code merge-audit.jsonl}, appended to; created if need be
   * @return the rows deleted
   */
  static long run(SyncJob job, Plan plan, Path audit) throws SQLException {
    if (plan.tables().isEmpty()) {
      return 0;
    }
    long deleted = 0;
    Dialect sourceDialect = Dialects.forUrl(job.source().url());
    Dialect targetDialect = Dialects.forUrl(job.target().url());
    String sourceEngine = sourceDialect.id();
    String targetEngine = targetDialect.id();
    try (Connection source = Connections.open(job.source(), sourceDialect, true);
        Connection target = Connections.open(job.target(), targetDialect, false)) {
      target.setAutoCommit(false);
      for (Swept t : plan.tables()) {
        deleted += new TableSweep(t, source, sourceDialect, sourceEngine, target,
            targetDialect, targetEngine, audit).run();
      }
    } catch (SideKeys.SweepFailed e) {
      throw e.sql();
    }
    return deleted;
  }

  private static FerryException refused(SyncJob job, SyncJob.Deletes d, String why) {
    return new FerryException(ErrorCode.CONFIGURATION, d.where() + ": job '" + job.name()
        + "', tables." + d.table() + ".deletes: " + why + ".");
  }
}
