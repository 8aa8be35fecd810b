package dev.ferry.identity;

import dev.ferry.rows.ValueKind;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The identities of one side, indexed by key. Held in memory: measured at 420 bytes per identity
 * with an integer key and two match values (a 26-character e-mail, an 11-character external id),
 * so a million users take about 400 MB per side (docs/perf.md); which is why only the identity
 * table is read this way, and only while mapping and validating.
 *
 * @param side {@code source} or {@code target}, for messages
 * @param keyKind the key column's kind: INTEGER, UUID or TEXT decide how keys are checked
 * @param identities the identities, in key order
 */
public record Inventory(String side, ValueKind keyKind, List<Identity> identities) {

  public Inventory {
    identities = List.copyOf(identities);
  }

  /** Identities by key. */
  public Map<String, Identity> byKey() {
    Map<String, Identity> map = new HashMap<>(identities.size() * 2);
    identities.forEach(i -> map.put(i.key(), i));
    return Collections.unmodifiableMap(map);
  }
}
