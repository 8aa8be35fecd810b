package dev.ferry.copy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When to kill a running copy, decided from what the target has committed (ferry's checkpoint
 * rows), so that every kill lands mid-copy whatever the machine's speed. Progress counts rows
 * committed by table loads plus keys passed by fix-ups; thresholds are drawn one per equal slice
 * of the total, so kills spread over the whole run. A few moments are aimed at as well: a run
 * registered with nothing committed yet, a keyless table part-loaded, each fix-up part-done, a
 * unit whose last chunk is committed but which is not marked done yet, and every unit done while
 * the run is still running.
 */
final class KillPlan {

  private static final Pattern FIRST_KEY = Pattern.compile("\\[\"?(-?\\d+)");

  /** What the target had committed when it was read. */
  record Snapshot(boolean runRunning, Map<String, Unit> units) {

    /** One checkpoint row; {@code lastKey} is the first key value, or -1 when none. */
    record Unit(long rowsWritten, boolean done, long lastKey) {}

    static Snapshot read(Connection c) {
      Map<String, Unit> units = new TreeMap<>();
      boolean running = false;
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('ferry.checkpoint') IS NOT NULL"
            + " AND to_regclass('ferry.run') IS NOT NULL")) {
          rs.next();
          if (!rs.getBoolean(1)) {
            return new Snapshot(false, units);
          }
        }
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ferry.run"
            + " WHERE status = 'running'")) {
          rs.next();
          running = rs.getLong(1) > 0;
        }
        try (ResultSet rs = s.executeQuery("SELECT unit, rows_written, done, last_key"
            + " FROM ferry.checkpoint")) {
          while (rs.next()) {
            String key = rs.getString(4);
            Matcher m = key == null ? null : FIRST_KEY.matcher(key);
            units.put(rs.getString(1), new Unit(rs.getLong(2), rs.getInt(3) == 1,
                m != null && m.find() ? Long.parseLong(m.group(1)) : -1));
          }
        }
      } catch (SQLException e) {
        // the state tables are being created; nothing is committed yet
        return new Snapshot(false, Map.of());
      }
      return new Snapshot(running, units);
    }

    /** Rows committed by loads plus keys passed by fix-ups (their keys are dense, 1..n). */
    long progress(Map<String, Long> rowsOf) {
      long sum = 0;
      for (Map.Entry<String, Unit> e : units.entrySet()) {
        Unit u = e.getValue();
        sum += !e.getKey().startsWith("fixup:") ? u.rowsWritten()
            : u.done() ? rowsOf.get(e.getKey()) : Math.max(0, u.lastKey());
      }
      return sum;
    }

    /** The units in flight and how many are done, for the log. */
    String describe(Map<String, Long> rowsOf) {
      List<String> open = new ArrayList<>();
      int done = 0;
      for (Map.Entry<String, Unit> e : units.entrySet()) {
        Unit u = e.getValue();
        if (u.done()) {
          done++;
        } else {
          open.add(e.getKey() + (e.getKey().startsWith("fixup:") ? " up to key " + u.lastKey()
              : " " + u.rowsWritten() + "/" + rowsOf.get(e.getKey()) + " rows"));
        }
      }
      return String.format("%,d/%,d committed; %d/%d units done%s%s", progress(rowsOf),
          rowsOf.values().stream().mapToLong(Long::longValue).sum(), done, rowsOf.size(),
          open.isEmpty() ? "" : "; in flight: " + String.join(", ", open),
          runRunning ? "" : units.isEmpty() ? "; no run recorded" : "; run not running");
    }
  }

  private final Map<String, Long> rowsOf;
  private final String keylessUnit;
  private final TreeSet<Long> thresholds = new TreeSet<>();
  private final Map<String, Long> fixupKeys = new LinkedHashMap<>();
  private boolean registeredAimed;
  private boolean keylessAimed;
  private boolean unfinishedAimed;
  private boolean allDoneAimed;
  private Snapshot baseline;

  /**
   * @param rowsOf per unit, the rows it loads (for a fix-up: the rows of its table)
   * @param keylessUnit the keyless table's unit
   * @param slices how many progress thresholds to draw
   */
  KillPlan(Random random, Map<String, Long> rowsOf, String keylessUnit, int slices) {
    this.rowsOf = Map.copyOf(rowsOf);
    this.keylessUnit = keylessUnit;
    long total = rowsOf.values().stream().mapToLong(Long::longValue).sum();
    for (int i = 0; i < slices; i++) {
      long from = total * i / slices;
      long to = total * (i + 1) / slices;
      thresholds.add(Math.max(1, from + (long) (random.nextDouble() * (to - from))));
    }
    rowsOf.forEach((unit, rows) -> {
      if (unit.startsWith("fixup:")) {
        fixupKeys.put(unit, 1 + (long) (random.nextDouble() * (rows - 1)));
      }
    });
  }

  Map<String, Long> rowsOf() {
    return rowsOf;
  }

  /** A copy starts from what is committed now: only what it commits after this can end it. */
  void started(Snapshot committed) {
    baseline = committed;
  }

  /** Why to kill now, or null to let the copy go on. */
  String due(Snapshot s) {
    if (!s.runRunning() || s.equals(baseline)) {
      return null;
    }
    long progress = s.progress(rowsOf);
    if (!registeredAimed && progress == 0) {
      registeredAimed = true;
      return "run registered, nothing committed yet";
    }
    Snapshot.Unit keyless = s.units().get(keylessUnit);
    if (!keylessAimed && keyless != null && !keyless.done()) {
      keylessAimed = true;
      return "inside the keyless table";
    }
    for (Map.Entry<String, Long> aim : fixupKeys.entrySet()) {
      Snapshot.Unit u = s.units().get(aim.getKey());
      if (u != null && !u.done() && u.lastKey() >= aim.getValue()) {
        fixupKeys.remove(aim.getKey());
        return "inside " + aim.getKey() + " past key " + aim.getValue();
      }
    }
    for (Map.Entry<String, Snapshot.Unit> e : s.units().entrySet()) {
      Snapshot.Unit u = e.getValue();
      boolean allIn = e.getKey().startsWith("fixup:")
          ? u.lastKey() == rowsOf.get(e.getKey()) : u.rowsWritten() == rowsOf.get(e.getKey());
      if (!unfinishedAimed && !u.done() && allIn) {
        unfinishedAimed = true;
        return "after the last chunk of " + e.getKey() + ", before it was marked done";
      }
    }
    if (!allDoneAimed && s.units().size() == rowsOf.size()
        && s.units().values().stream().allMatch(Snapshot.Unit::done)) {
      allDoneAimed = true;
      return "every unit done, run not yet ended";
    }
    Long next = thresholds.isEmpty() ? null : thresholds.first();
    if (next != null && progress >= next) {
      return String.format("progress passed %,d", next);
    }
    return null;
  }

  /** After a kill: thresholds the committed progress has passed are spent. */
  void killed(Snapshot committed) {
    long progress = committed.progress(rowsOf);
    thresholds.headSet(progress, true).clear();
  }
}
