package dev.ferry.copy;

import dev.ferry.api.CopyOptions;
import dev.ferry.api.MergeMode;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import dev.ferry.copy.PlanStage.Planned;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.ValueKind;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.TablePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which tables a copy merges into the target's rows, and how (docs/merge.md): {@code --merge}
 * for every table, {@code tables:} in {@code ferry.yaml} for one.
 */
final class MergePlan {

  /** No table merged: a copy into anything but a database, or without merge modes. */
  static final MergePlan NONE = new MergePlan(Map.of(), Map.of(), RemapPlan.NONE);

  private final Map<String, MergeMode> modes;
  private final Map<String, MergeRows> rows;
  private final RemapPlan remap;
  private final Map<String, Integer> versions = new HashMap<>();
  /** Per child unit under {@code children: replace}, its sweep. */
  private Map<String, ChildrenSweep> sweeps = Map.of();
  private List<String> childrenProblems = List.of();
  /** Where the rows' fates are written; set once the run's report directory is known. */
  private volatile MergeAudit audit;

  private MergePlan(Map<String, MergeMode> modes, Map<String, MergeRows> rows, RemapPlan remap) {
    this.modes = Map.copyOf(modes);
    this.rows = Map.copyOf(rows);
    this.remap = remap;
  }

  /** The tenant whose pairs the id map holds apart (docs/consolidate.md); "" for none. */
  private volatile String tenant = "";

  /** Per source table of a tenant's run, its tenant column; shared tables are absent. */
  private volatile Map<TableName, String> tenantColumns = Map.of();

  /** The tenant of the run: its id map pairs are its own, and its rows those of its columns. */
  void tenant(String value, Map<TableName, String> columns) {
    tenant = value == null ? "" : value;
    tenantColumns = Map.copyOf(columns);
  }

  /**
   * The tenant column of a table in a tenant's run, whose value is the tenant's id: its rows are
   * the run's own (docs/consolidate.md); null for a shared table or a run of no tenant.
   */
  String tenantColumn(TablePlan table) {
    return tenant.isEmpty() ? null : tenantColumns.get(table.source());
  }

  /** A table other tenants' runs may write while this one runs: a shared table of a tenant. */
  boolean shared(TablePlan table) {
    return !tenant.isEmpty() && tenantColumn(table) == null;
  }

  String tenant() {
    return tenant;
  }

  /** Per keyed unit, what the before-image journal records of its rows (docs/rollback.md). */
  private volatile Map<String, JournalShape> journals = Map.of();

  /** Per cycle fix-up unit journaled, the read of its columns' values before it sets them. */
  private volatile Map<String, MergeRows> fixupReads = Map.of();

  /**
   * Shapes every keyed unit's journal, positioned in the plan's load order (as ordered): a
   * cycle fix-up's too, which comes after the tables of its cycle.
   */
  void journal(Planned planned) {
    Map<String, JournalShape> shapes = new HashMap<>();
    Map<String, MergeRows> reads = new HashMap<>();
    if (planned.target() == null) {
      // tables --create-schema creates: none exist before the run, nothing to journal against
      return;
    }
    int position = 0;
    for (var step : planned.plan().steps()) {
      for (TablePlan t : step.tables()) {
        int at = ++position;
        Table target = planned.target().table(t.target()).orElse(null);
        // a plain copy into empty tables is not journaled: it would cost as much as the copy
        if (this != NONE && merging() && t.keyed() && target != null) {
          Table source = planned.source().table(t.source()).orElse(null);
          shapes.put(t.unit(), JournalShape.of(t, at, source, planned.source().engine(), target,
              planned.target().engine()));
          if (t.isFixup()) {
            // replace: every fix-up column of a row whose values differ is journaled
            reads.put(t.unit(), new MergeRows(t, source, planned.source().engine(), target,
                planned.target().engine(), planned.targetDialect(), MergeMode.REPLACE, -1));
          }
        }
      }
    }
    journals = Map.copyOf(shapes);
    fixupReads = Map.copyOf(reads);
  }

  /** The read of a journaled cycle fix-up's columns before it sets them; null for others. */
  MergeRows fixupReads(String unit) {
    return fixupReads.get(unit);
  }

  /** Whether some unit is journaled: the run writes the journal's state tables. */
  boolean journaling() {
    return !journals.isEmpty();
  }

  /** The unit's journal shape; null when it is not journaled (keyless, a plain copy's). */
  JournalShape journal(String unit) {
    return journals.get(unit);
  }

  /** The tables under {@code keys: remap} and the references to them. */
  RemapPlan remap() {
    return remap;
  }

  /**
   * The merges of a copy into a database.
   *
   * @throws FerryException see {@link #modes}
   */
  static MergePlan of(CopyOptions options, Planned planned) {
    Map<String, MergeMode> modes = modes(options, planned.plan());
    Map<String, MergeRows> rows = new HashMap<>();
    planned.plan().steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> modes.containsKey(t.unit()) && t.keyed())
        .forEach(t -> {
          Table target = planned.target().table(t.target()).orElseThrow();
          MergeMode mode = modes.get(t.unit());
          MergeRows merged = new MergeRows(t, planned.source().table(t.source()).orElse(null),
              planned.source().engine(), target, planned.target().engine(),
              planned.targetDialect(), mode,
              mode == MergeMode.NEWER_WINS ? version(options, t, target, planned) : -1);
          merged.prevail(options.prevails());
          rows.put(t.unit(), merged);
        });
    MergePlan merges = new MergePlan(modes, rows, RemapPlan.of(options, planned, rows));
    ChildrenPlan children = ChildrenPlan.of(options, planned);
    Map<String, ChildrenSweep> sweeps = new HashMap<>();
    planned.plan().steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> children.of(t.unit()) != null).forEach(t -> sweeps.put(t.unit(),
            new ChildrenSweep(children.of(t.unit()), planned.source().table(t.source())
                .orElse(null), planned.source().engine(), planned.target().table(t.target())
                .orElseThrow(), planned.target().engine(), planned.targetDialect(),
                modes.get(t.unit()).label(), merges.remap())));
    merges.sweeps = Map.copyOf(sweeps);
    merges.childrenProblems = children.problems();
    return merges;
  }

  /** The unit's sweep of the child rows the source lacks; null when it has none. */
  ChildrenSweep sweep(String unit) {
    return sweeps.get(unit);
  }

  /**
   * The position of a {@code newer-wins} table's version column among its copied columns.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} when the table has no {@code
   *     newer-by}, or it names no column both sides carry, or one of a type that does not
   *     compare, with its file and line
   */
  private static int version(CopyOptions options, TablePlan t, Table target, Planned planned) {
    CopyOptions.TableMerge entry = null;
    for (CopyOptions.TableMerge e : options.tableMerges()) {
      if (names(e.table(), t.source()) && e.newerBy() != null) {
        entry = e;
      }
    }
    if (entry == null) {
      throw new FerryException(ErrorCode.CONFIGURATION, "merge newer-wins for " + t.target()
          + ": no version column is named for it; add it to ferry.yaml, e.g. tables: {"
          + t.source().name() + ": {merge: newer-wins, newer-by: updated_at}}");
    }
    String wanted = entry.newerBy();
    for (int i = 0; i < t.columns().size(); i++) {
      CopyColumn c = t.columns().get(i);
      if (!c.name().equalsIgnoreCase(wanted) || t.keyColumns().contains(c.name())) {
        continue;
      }
      // a script's target is not read: its version column is taken to be of the source's kind
      ValueKind there = target == null ? c.kind()
          : MergeRows.kind(target.column(c.targetName()).orElseThrow(), planned.targetDialect());
      if (!Versions.comparable(c.kind(), there)) {
        throw new FerryException(ErrorCode.CONFIGURATION, entry.newerWhere() + ": tables: "
            + entry.table() + ".newer-by: column '" + c.name() + "' is " + c.kind().name()
            .toLowerCase(Locale.ROOT) + " in the source and " + there.name()
            .toLowerCase(Locale.ROOT) + " in the target; a version column must be a timestamp,"
            + " date, integer or decimal on both sides. Name another column.");
      }
      return i;
    }
    throw new FerryException(ErrorCode.CONFIGURATION, entry.newerWhere() + ": tables: "
        + entry.table() + ".newer-by: '" + wanted + "' is no column the copy carries to "
        + t.target() + " (nor may it be its key); its columns: " + t.columns().stream()
            .map(CopyColumn::name).toList() + ". Check its spelling.");
  }

  /** Writes the audit into the report directory. */
  void auditTo(MergeAudit audit) {
    if (merging()) {
      this.audit = audit;
    }
  }

  /**
   * Whether some unit's rows meet the target's by key: a unit given a merge mode, or a remapped
   * one (whose rows already in the id map meet {@code fail} unless given a mode). Such units keep
   * their fates and audit ({@link MergeLedger}).
   */
  boolean merging() {
    return !rows.isEmpty() || !remap.isEmpty();
  }

  /** The merge a unit's rows meet (see {@link #merging}); null for a plain load or a fix-up. */
  MergeRows ledgerRows(TablePlan t) {
    if (t.isFixup()) {
      return null;
    }
    MergeRows merged = rows.get(t.unit());
    RemapPlan.Remapped remapped = merged == null ? remap.remapped(t) : null;
    return merged != null ? merged : remapped != null ? remapped.merge() : null;
  }

  /**
   * The tables whose rows a merge classifies in the target {@code to} (a database: the writer
   * has a ledger), which so decides what else of a row is written (its file).
   */
  java.util.function.Predicate<TablePlan> decidesRows(dev.ferry.api.Endpoint to) {
    return t -> to instanceof dev.ferry.api.Endpoint.Database && ledgerRows(t) != null;
  }

  /** The run's audit. */
  MergeAudit audit() {
    return audit;
  }

  /**
   * The merges of scripts ({@code ferry script inserts}): the modes only, which the scripts write
   * as native upserts; the rows are never compared, since a script does not see its target.
   *
   * @throws FerryException see {@link #modes}
   */
  static MergePlan forScripts(CopyOptions options, CopyPlan plan) {
    Map<String, MergeMode> modes = modes(options, plan);
    Map<String, Integer> versions = new HashMap<>();
    plan.steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> modes.get(t.unit()) == MergeMode.NEWER_WINS && t.keyed() && !t.isFixup())
        .forEach(t -> versions.put(t.unit(), version(options, t, null, null)));
    MergePlan merges = new MergePlan(modes, Map.of(), RemapPlan.NONE);
    merges.versions.putAll(versions);
    return merges;
  }

  /** Per unit under {@code newer-wins} in scripts, its version column's position. */
  Map<String, Integer> versions() {
    return Map.copyOf(versions);
  }

  /** Per unit, its merge mode. */
  Map<String, MergeMode> modes() {
    return modes;
  }

  /**
   * The units given a merge mode, and the remapped ones (whose rows the target holds under other
   * keys): their keys are not checked for collisions.
   */
  java.util.Set<String> units() {
    java.util.Set<String> units = new java.util.HashSet<>(modes.keySet());
    units.addAll(remap.remappedUnits());
    return units;
  }

  /** The unit's merge; null when it is loaded plainly. */
  MergeRows rows(String unit) {
    return rows.get(unit);
  }

  /** Every keyed unit's merge. */
  java.util.Collection<MergeRows> all() {
    return rows.values();
  }

  /**
   * The merge mode of each unit the plan loads (fix-ups have none); empty without merge modes.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for a {@code tables:} entry that names
   *     no table the copy loads, with its file and line
   */
  static Map<String, MergeMode> modes(CopyOptions options, CopyPlan plan) {
    List<TablePlan> tables = plan.steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> !t.isFixup()).toList();
    Map<String, MergeMode> modes = new HashMap<>();
    if (options.merge() != null) {
      tables.forEach(t -> modes.put(t.unit(), options.merge()));
    }
    for (CopyOptions.TableMerge entry : options.tableMerges()) {
      List<TablePlan> named = tables.stream().filter(t -> names(entry.table(), t.source()))
          .toList();
      if (named.isEmpty()) {
        List<TableName> candidates = tables.stream().map(TablePlan::source).toList();
        throw new FerryException(ErrorCode.CONFIGURATION, entry.where() + ": tables: '"
            + entry.table() + "' names no table this copy loads; "
            + (candidates.isEmpty() ? "it loads none"
                : dev.ferry.catalog.TableFilter.closest(entry.table(), candidates))
            + ". Check its spelling, or its schema and --include/--exclude.");
      }
      if (entry.mode() != null) {
        named.forEach(t -> modes.put(t.unit(), entry.mode()));
      } else if (entry.children() != null) {
        // a child table is merged: its rows meet the target's, under fail unless told
        named.forEach(t -> modes.putIfAbsent(t.unit(), MergeMode.FAIL));
      }
    }
    return modes;
  }

  /**
   * Tables given a mode they cannot be merged by, for preflight: without a key to merge by; or
   * under {@code fail} or {@code skip} with columns a cycle loads as NULL first, because the
   * fix-up that fills them later writes every source row's values, a skipped row's too.
   */
  List<String> problems(CopyPlan plan) {
    List<String> problems = new ArrayList<>(remap.problems());
    problems.addAll(childrenProblems);
    plan.steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> modes.containsKey(t.unit()) && !modes.get(t.unit()).mayUpdate()
            || modes.get(t.unit()) == MergeMode.NEWER_WINS)
        .filter(t -> !t.nulledColumns().isEmpty())
        .forEach(t -> problems.add("merge " + modes.get(t.unit()).label() + " for "
            + t.target() + ": its columns " + new java.util.TreeSet<>(t.nulledColumns())
            + " are loaded as NULL first to break a cycle and set afterwards for every source"
            + " row, which would overwrite rows this mode keeps; merge it with update or"
            + " replace (not yet supported otherwise)."));
    plan.steps().stream().flatMap(s -> s.tables().stream())
        .filter(t -> modes.containsKey(t.unit()) && !t.keyed())
        .forEach(t -> problems.add("merge " + modes.get(t.unit()).label() + " for "
            + t.target() + ": the table has no primary or non-null unique key, so there is no"
            + " way to tell which target row a source row is; give it a key, or copy it without"
            + " a merge mode (--truncate-target replaces its rows)."));
    return problems;
  }

  /**
   * Whether a merge mode may update the rows of a source table ({@code replace}, {@code
   * update}, {@code newer-wins}): what its load sessions do, for the trigger checks made while planning.
   */
  static boolean mayUpdate(CopyOptions options, TableName table) {
    MergeMode mode = options.merge();
    for (CopyOptions.TableMerge entry : options.tableMerges()) {
      if (names(entry.table(), table) && entry.mode() != null) {
        mode = entry.mode();
      }
    }
    return mode != null && mode.mayUpdate();
  }

  /** Whether a name as --include takes it (qualified or not, any letter case) names a table. */
  static boolean names(String name, TableName table) {
    String subject = name.contains(".") ? table.qualified() : table.name();
    return subject.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT));
  }
}
