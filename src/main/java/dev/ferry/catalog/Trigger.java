package dev.ferry.catalog;

import java.util.Collection;
import java.util.Locale;

/**
 * A trigger or rewrite rule that fires when rows are written to a table. Loads must not let these
 * alter what they copy, so the catalog lists them with the events they fire on.
 *
 * @param name the trigger's or rule's name
 * @param kind {@code trigger} or {@code rule} (PostgreSQL rewrite rules)
 * @param timing {@code BEFORE}, {@code AFTER}, {@code INSTEAD OF} ({@code ALSO} or {@code
 *     INSTEAD} for rules), or null where unknown
 * @param events the events it fires on, comma-separated in the order {@code INSERT}, {@code
 *     UPDATE}, {@code DELETE}, {@code TRUNCATE} (or {@code SELECT}); null where the engine did not
 *     say, which counts as every event
 * @param enabled whether it fires in an ordinary session; false when the engine reports it
 *     disabled (or, on PostgreSQL, enabled for replica sessions only)
 * @param firesWhenSilenced whether it fires even in a session that silences triggers, which
 *     ferry's load sessions do where the principal may (PostgreSQL {@code ENABLE ALWAYS} and
 *     {@code ENABLE REPLICA}: {@code session_replication_role = replica} does not stop them)
 */
public record Trigger(String name, String kind, String timing, String events, boolean enabled,
    boolean firesWhenSilenced) {

  /**
   * Whether it fires on any of the given events ({@code INSERT}, {@code UPDATE}, {@code DELETE},
   * {@code TRUNCATE}); a trigger whose events are unknown fires on every event.
   */
  public boolean firesOn(Collection<String> wanted) {
    if (events == null || events.isBlank()) {
      return true;
    }
    for (String event : events.split(",")) {
      if (wanted.contains(event.strip().toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
