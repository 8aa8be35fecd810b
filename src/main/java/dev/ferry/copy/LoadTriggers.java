package dev.ferry.copy;

import dev.ferry.catalog.Table;
import dev.ferry.catalog.Trigger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which triggers and rules of a target table a load sets off, and what the plan does about them.
 * Only those that fire on what the load does count: INSERT for the rows loaded, UPDATE where a
 * cycle is fixed up afterwards or a merge mode may update rows, DELETE where a resume reloads a keyless table (its load
 * sessions), and the event {@code --truncate-target} empties the table with (on a session of its
 * own, which nothing silences). A {@code last_updated} trigger on UPDATE leaves a plain load alone.
 */
final class LoadTriggers {

  private static final Map<String, String> WHY = Map.of(
      "INSERT", "INSERT of the loaded rows",
      "UPDATE", "UPDATE of the cycle fix-up or of a merge",
      "DELETE", "DELETE of a keyless table a resume reloads",
      "TRUNCATE", "TRUNCATE");

  private LoadTriggers() {}

  /**
   * The events the load sessions of a table cause.
   *
   * @param fixedUp a cycle break may fill the table's references by UPDATE afterwards, or a
   *     merge mode may update its rows
   * @param keyless the table has no key, so a resume deletes its rows and loads it again
   */
  static Set<String> sessionEvents(boolean fixedUp, boolean keyless) {
    Set<String> events = new LinkedHashSet<>();
    events.add("INSERT");
    if (fixedUp) {
      events.add("UPDATE");
    }
    if (keyless) {
      events.add("DELETE");
    }
    return events;
  }

  /**
   * The table as a load sees its triggers: PostgreSQL's COPY fires triggers but no rewrite rules
   * (Sakila's payment has an INSTEAD rule on INSERT per partition, which COPY leaves alone), so
   * where the rows load by COPY a rule's INSERT does not count.
   *
   * @param copyLoad the table's rows load by COPY
   */
  static Table asLoaded(Table table, boolean copyLoad) {
    if (!copyLoad || table.triggers().stream().noneMatch(t -> "rule".equals(t.kind()))) {
      return table;
    }
    List<Trigger> kept = new java.util.ArrayList<>();
    for (Trigger t : table.triggers()) {
      if (!"rule".equals(t.kind()) || t.events() == null) {
        kept.add(t);
        continue;
      }
      List<String> events = java.util.Arrays.stream(t.events().split(",")).map(String::strip)
          .filter(e -> !e.equalsIgnoreCase("INSERT")).toList();
      if (!events.isEmpty()) {
        kept.add(new Trigger(t.name(), t.kind(), t.timing(), String.join(",", events),
            t.enabled(), t.firesWhenSilenced()));
      }
    }
    return new Table(table.name(), table.kind(), table.columns(), table.primaryKey(),
        table.uniqueKeys(), table.foreignKeys(), kept, table.parents(), table.hasChildren());
  }

  /**
   * Decides for one table: silences the triggers that fire in its load sessions where the
   * principal may ({@code disable} is then added to {@code statements}), lets them fire with
   * {@code --allow-triggers}, and refuses otherwise; triggers that fire despite the silencing,
   * and those that fire when {@code --truncate-target} empties the table, are refused unless
   * allowed.
   *
   * @param disable the engine's silencing statements, or null where it has none
   * @param maySilence whether the principal may run them
   * @param statements the table's session statements so far (checks relaxed); added to
   * @return whether the load sessions silence the table's triggers
   */
  static boolean apply(Table table, Set<String> events, Set<String> truncateEvents,
      List<String> disable, boolean maySilence, boolean allow, String engine,
      List<String> statements, List<String> notes, List<String> problems) {
    List<Trigger> firing = table.triggers().stream()
        .filter(t -> t.enabled() && t.firesOn(events)).toList();
    boolean silenced = false;
    if (!firing.isEmpty()) {
      if (disable != null && maySilence) {
        disable.stream().filter(s -> !statements.contains(s)).forEach(statements::add);
        silenced = true;
        notes.add("triggers and rules on " + table.name() + " are silenced for the load ("
            + String.join("; ", disable) + ")");
      } else if (allow) {
        notes.add("triggers on " + table.name() + " fire during the load (--allow-triggers): "
            + describe(firing, events));
      } else {
        problems.add("target table " + table.name() + " has triggers or rules that would alter"
            + " the loaded rows: " + describe(firing, events) + ", and this principal cannot"
            + " silence them on " + engine + ". Disable them, connect as a principal that may,"
            + " or pass --allow-triggers to load with them firing.");
      }
    }
    if (disable != null && statements.stream().anyMatch(disable::contains)) {
      List<Trigger> regardless = table.triggers().stream()
          .filter(t -> t.firesWhenSilenced() && t.firesOn(events)).toList();
      if (!regardless.isEmpty() && allow) {
        notes.add("triggers on " + table.name() + " fire during the load despite "
            + String.join("; ", disable) + " (--allow-triggers): " + describe(regardless, events));
      } else if (!regardless.isEmpty()) {
        problems.add("target table " + table.name() + " has triggers or rules that fire even in"
            + " a session that silences them (" + String.join("; ", disable) + "), and would"
            + " alter the loaded rows: " + describe(regardless, events) + " (enabled ALWAYS or"
            + " REPLICA). Disable them for the load, or pass --allow-triggers to load with them"
            + " firing.");
      }
    }
    List<Trigger> truncating = table.triggers().stream()
        .filter(t -> t.enabled() && !truncateEvents.isEmpty() && t.firesOn(truncateEvents))
        .toList();
    if (!truncating.isEmpty() && allow) {
      notes.add("triggers on " + table.name() + " fire when --truncate-target empties it"
          + " (--allow-triggers): " + describe(truncating, truncateEvents, EMPTYING));
    } else if (!truncating.isEmpty()) {
      problems.add("target table " + table.name() + " has triggers or rules that fire when"
          + " --truncate-target empties it, which no setting silences: "
          + describe(truncating, truncateEvents, EMPTYING) + ". Disable them for the load,"
          + " empty the table yourself, or pass --allow-triggers to let them fire.");
    }
    return silenced;
  }

  /** {@code name (kind, timing events)} each, and the load's events that set them off. */
  static String describe(List<Trigger> triggers, Set<String> events) {
    return describe(triggers, events, WHY::get);
  }

  /** The event {@code --truncate-target} empties a table with (TRUNCATE, or DELETE). */
  private static final java.util.function.UnaryOperator<String> EMPTYING =
      e -> e + " that empties the table";

  private static String describe(List<Trigger> triggers, Set<String> events,
      java.util.function.Function<String, String> why) {
    Set<String> hit = new LinkedHashSet<>();
    for (Trigger t : triggers) {
      events.stream().filter(e -> t.firesOn(Set.of(e))).forEach(hit::add);
    }
    return triggers.stream().map(t -> t.name() + " (" + t.kind() + ", " + t.timing() + " "
        + (t.events() == null ? "events unknown" : t.events()) + ")")
        .collect(Collectors.joining(", ", "[", "]")) + " set off by the "
        + hit.stream().map(why).collect(Collectors.joining(" and the "));
  }
}
