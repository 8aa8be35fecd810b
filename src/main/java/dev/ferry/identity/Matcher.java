package dev.ferry.identity;

import dev.ferry.api.IdentityConfig;
import dev.ferry.api.IdentityConfig.Fallback;
import dev.ferry.api.IdentityConfig.MatchRule;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches each referenced source identity to a target identity: rules in order, the first giving
 * exactly one target wins; a rule giving several makes the identity ambiguous (never resolved
 * automatically); none gives the fallback. Orphans are left out.
 */
public final class Matcher {

  private Matcher() {}

  /**
   * One row per referenced source identity (orphans left out), in the discovery's key order.
   * Candidates of an ambiguous rule are listed in {@code matchedBy}, in key order.
   */
  public static List<MapRow> match(Discovery discovery, Inventory source, Inventory target,
      IdentityConfig config) {
    Map<String, Identity> sources = source.byKey();
    Map<String, Identity> targets = target.byKey();
    List<Map<String, List<String>>> indexes = new ArrayList<>();
    for (MatchRule rule : config.match()) {
      Map<String, List<String>> index = new HashMap<>();
      for (Identity t : target.identities()) {
        String value = rule.targetValue(t.attributes().get(rule.column()));
        if (value != null) {
          index.computeIfAbsent(value, k -> new ArrayList<>()).add(t.key());
        }
      }
      indexes.add(index);
    }
    List<MapRow> rows = new ArrayList<>();
    discovery.referenced().forEach((key, references) -> {
      Identity s = sources.get(key);
      if (s == null) {
        return;
      }
      rows.add(matchOne(s, references, config, indexes, targets, target.keyKind()));
    });
    return rows;
  }

  private static MapRow matchOne(Identity s, long references, IdentityConfig config,
      List<Map<String, List<String>>> indexes, Map<String, Identity> targets,
      ValueKind targetKind) {
    for (int r = 0; r < config.match().size(); r++) {
      MatchRule rule = config.match().get(r);
      String value = rule.sourceValue(s.attributes().get(rule.column()));
      if (value == null) {
        continue;
      }
      List<String> candidates = indexes.get(r).getOrDefault(value, List.of());
      if (candidates.size() == 1) {
        String t = candidates.get(0);
        return new MapRow(s.key(), t, MapRow.MATCHED, rule.describe(), references,
            s.attributes(), targets.get(t).attributes());
      }
      if (candidates.size() > 1) {
        return new MapRow(s.key(), null, MapRow.AMBIGUOUS, rule.describe() + " matches "
            + String.join(" ", candidates.stream().sorted(Keys.order(targetKind)).toList()),
            references,
            s.attributes(), Map.of());
      }
    }
    Fallback fallback = config.unmatched();
    String defaultKey = fallback.defaultKey() == null
        || Keys.typeProblem(fallback.defaultKey(), targetKind) != null ? fallback.defaultKey()
        : Keys.normalise(fallback.defaultKey(), targetKind);
    return switch (fallback.kind()) {
      case Fallback.DEFAULT -> new MapRow(s.key(), defaultKey, Fallback.DEFAULT,
          "unmatched: " + fallback, references, s.attributes(),
          targets.containsKey(defaultKey) ? targets.get(defaultKey).attributes() : Map.of());
      case Fallback.NULL, Fallback.CREATE -> new MapRow(s.key(), null, fallback.kind(),
          "unmatched: " + fallback, references, s.attributes(), Map.of());
      default -> new MapRow(s.key(), null, MapRow.UNMATCHED, "", references, s.attributes(),
          Map.of());
    };
  }
}
