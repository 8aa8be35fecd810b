package dev.ferry.copy;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialect;
import dev.ferry.json.Json;
import dev.ferry.rows.KeyRange;
import dev.ferry.rows.SourceReader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which tables of a run load as key ranges ({@link KeyRange}), over several connections at
 * once: a table whose source estimate reaches {@code --split-rows}, keyed by one integer column,
 * cut evenly between its smallest and largest key (two index lookups, no count). A resume takes
 * the bounds its run recorded in ferry's run table ({@code key_ranges}), never statistics that
 * moved since; recorded bounds that no longer fit the plan change its fingerprint, and the
 * resume is refused before it writes.
 */
final class KeyRanges {

  /** The run table's column holding a run's ranges: table → upper bounds, as JSON. */
  static final String COLUMN = "key_ranges";

  /** Splits no table (scripts, bundles, runs that load whole tables). */
  static final KeyRanges NONE = new KeyRanges(null, 0, 1, (String) null, null);

  private final SourceReader source;
  private final long splitRows;
  private final int parallel;
  /** Why this run loads a table whole even where it is large; null when it may split it. */
  private final java.util.function.Function<TablePlan, String> wholeTables;
  private final Map<String, List<Long>> recorded;

  /**
   * @param wholeTables why this run loads every table whole (a merge mode, a user map…), said
   *     in the notes of the tables large enough to split; null when it may split
   * @param recorded the ranges of the run a resume continues, by table; empty for a new run
   */
  KeyRanges(SourceReader source, long splitRows, int parallel, String wholeTables,
      Map<String, List<Long>> recorded) {
    this(source, splitRows, parallel, t -> wholeTables, recorded);
  }

  /**
   * @param wholeTables why this run loads a table whole (a remapped table that references
   *     itself…), said in its note when it is large enough to split; null when it may split
   */
  KeyRanges(SourceReader source, long splitRows, int parallel,
      java.util.function.Function<TablePlan, String> wholeTables,
      Map<String, List<Long>> recorded) {
    this.source = source;
    this.splitRows = splitRows;
    this.parallel = parallel;
    this.wholeTables = wholeTables;
    this.recorded = recorded == null ? null : Map.copyOf(recorded);
  }

  /**
   * The ranges {@code table} loads as; empty when it loads whole. Says in {@code notes} how a
   * large table loads, and in {@code problems} why recorded ranges cannot be used.
   */
  List<KeyRange> split(TablePlan table, List<String> notes, List<String> problems) {
    if (source == null || table.isFixup()) {
      return List.of();
    }
    String name = table.tableUnit();
    boolean integerKey = table.keyColumns().size() == 1
        && table.columns().get(table.keyPositions()[0]).kind() == ValueKind.INTEGER;
    List<Long> bounds = recorded == null ? null : recorded.get(name);
    if (bounds != null) {
      if (!integerKey) {
        // the plan then differs from the run's, and the resume is refused by its fingerprint
        return List.of();
      }
      for (int i = 1; i < bounds.size(); i++) {
        if (bounds.get(i) <= bounds.get(i - 1)) {
          problems.add(name + ": the key ranges its run recorded in ferry's run table are not"
              + " in ascending order (" + bounds + "), so the rows each range copied cannot be"
              + " told apart. Start a new run with --truncate-target.");
          return List.of();
        }
      }
      List<KeyRange> ranges = bounds.isEmpty() ? List.of() : KeyRange.of(bounds);
      note(table, ranges, "as its run recorded them", notes);
      return ranges;
    }
    if (recorded != null) {
      // the run this one resumes loaded the table whole: statistics or defaults that moved
      // since do not cut it now
      return List.of();
    }
    if (splitRows <= 0 || parallel < 2) {
      return List.of();
    }
    long estimate = source.estimateRows(table);
    if (estimate < splitRows) {
      return List.of();
    }
    String why = wholeTables.apply(table);
    String whole = why != null ? why : !integerKey
        ? "its key is not one integer column (key ranges are cut from integer keys only)"
        : table.nulledColumns().isEmpty() ? null
        : "it is part of a cycle whose references it loads NULL and fixes up afterwards";
    if (whole == null) {
      long[] ends = source.keyBounds(table);
      List<KeyRange> ranges = ends == null ? List.of()
          : KeyRange.split(ends[0], ends[1], KeyRange.count(estimate, splitRows, parallel));
      if (ranges.size() > 1) {
        note(table, ranges, "from its smallest and largest key (" + ends[0] + ", " + ends[1]
            + "), about " + estimate + " rows", notes);
        return ranges;
      }
      whole = "its keys are too few to split";
    }
    notes.add(name + " (about " + estimate + " rows) loads as one unit: " + whole);
    return List.of();
  }

  private static void note(TablePlan table, List<KeyRange> ranges, String how,
      List<String> notes) {
    notes.add(table.tableUnit() + " loads as " + ranges.size() + " key ranges of "
        + table.keyColumns().get(0) + " " + how + ": " + String.join(" ", ranges.stream()
            .map(r -> r.label() + " " + r).toList()));
  }

  /** The plan's ranges as a run records them: table → the upper bounds between its ranges. */
  static Map<String, List<Long>> of(CopyPlan plan) {
    Map<String, List<Long>> ranges = new TreeMap<>();
    for (CopyPlan.Step step : plan.steps()) {
      for (TablePlan t : step.tables()) {
        if (t.range() != null && t.range().upper() != null) {
          ranges.computeIfAbsent(t.tableUnit(), k -> new java.util.ArrayList<>())
              .add(t.range().upper());
        }
      }
    }
    ranges.values().forEach(java.util.Collections::sort);
    return ranges;
  }

  /** Records a run's ranges in its row of the run table (none: nothing recorded). */
  static void record(Connection c, Dialect dialect, TableName runs, String runId,
      Map<String, List<Long>> ranges) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + dialect.qualify(runs) + " SET "
        + dialect.quote(COLUMN) + " = ? WHERE " + dialect.quote("run_id") + " = ?")) {
      ps.setString(1, Json.compact(Json.mapper().valueToTree(ranges)));
      ps.setString(2, runId);
      ps.executeUpdate();
    }
  }

  /**
   * The ranges recorded by the run a {@code --resume} would continue: {@code runId}'s, or (for a
   * bare {@code --resume}) those of the latest run that recorded any, unfinished ones first, as
   * {@code runToResume} orders them (a run that split nothing records none: {@code {}}). Null
   * when nothing is recorded (no such run, no run table, or a run of an earlier ferry).
   */
  static Map<String, List<Long>> recorded(Connection c, Dialect dialect, TableName runs,
      String runId) {
    String sql = "SELECT " + dialect.quote(COLUMN) + " FROM " + dialect.qualify(runs)
        + " WHERE " + (runId.isEmpty() ? dialect.quote(COLUMN) + " IS NOT NULL AND "
            + dialect.quote("status") + " <> '" + StateStore.ROLLED_BACK + "' ORDER BY CASE WHEN "
            + dialect.quote("status") + " = 'done' THEN 1 ELSE 0 END, "
            + dialect.quote("started_at") + " DESC, " + dialect.quote("run_id") + " DESC"
            : dialect.quote("run_id") + " = ?");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (!runId.isEmpty()) {
        ps.setString(1, runId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        String json = rs.next() ? rs.getString(1) : null;
        if (json == null) {
          return null;
        }
        Map<String, List<Long>> ranges = new TreeMap<>();
        Json.mapper().readTree(json).fields().forEachRemaining(e -> {
          List<Long> bounds = new java.util.ArrayList<>();
          e.getValue().forEach(n -> bounds.add(n.asLong()));
          ranges.put(e.getKey(), bounds);
        });
        return ranges;
      }
    } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
      // no run table yet, or one without the column: nothing recorded
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // a read-only planning connection: nothing to lose
      }
      return null;
    }
  }
}
