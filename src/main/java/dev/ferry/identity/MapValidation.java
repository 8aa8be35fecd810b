package dev.ferry.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ferry.api.Outcome;

import dev.ferry.api.IdentityConfig;
import dev.ferry.api.IdentityConfig.Fallback;
import dev.ferry.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks an operator's map against the data: every referenced source key mapped (or covered by
 * the fallback), every target key present in the target's users, no source listed twice, keys of
 * the right type, no rows for orphans. Written as {@code users-validation.json}.
 *
 * @param map the map file
 * @param valid true when there is no problem
 * @param referencedUsers source identities the data references (orphans excluded)
 * @param byStatus rows per status as validation decided it ({@code matched}, {@code operator},
 *     {@code default}, {@code null}, {@code ambiguous}, {@code unmatched}, {@code create}, {@code
 *     unreferenced}), whatever the file's status column says
 * @param problems every problem, with file, line, value and fix
 * @param fingerprint the map's fingerprint when valid: {@code sha256:} over the sorted pairs
 * @param toCreate source keys the {@code create} fallback inserts into the target, in key order
 * @param matchedSince users of {@code toCreate} whom a rule now matches to a target user (source
 *     key to target key), usually because an earlier copy created them: the copy takes the users
 *     it created from its state table and refuses to create the others
 * @param manyToOne target keys that several source users are mapped to, each with those source
 *     keys (in key order), whatever {@code identity.many-to-one} says; the {@code default:<key>}
 *     fallback's users are not counted, since it maps many to one by design
 * @param warnings what the operator should know although the map is valid (many-to-one maps
 *     under {@code identity.many-to-one: warn}), one sentence each
 */
public record MapValidation(String map, boolean valid, long referencedUsers,
    Map<String, Long> byStatus, List<Problem> problems, String fingerprint,
    List<String> toCreate, Map<String, String> matchedSince,
    Map<String, List<String>> manyToOne, List<String> warnings) {

  /**
   * The referenced users per status in ferry's one vocabulary ({@link Outcome}: {@code ok},
   * {@code duplicate} for ambiguous, {@code policy_denied} for unmatched), as a merge's audit
   * counts rows; rows of unreferenced users are not counted.
   */
  @JsonProperty("byOutcome")
  public Map<String, Long> byOutcome() {
    Map<String, Long> counts = new TreeMap<>();
    byStatus.forEach((status, n) -> {
      Outcome outcome = Outcome.ofUserMapStatus(status);
      if (outcome != null) {
        counts.merge(outcome.label(), n, Long::sum);
      }
    });
    return counts;
  }

  /** Status of a row for a source user the data does not reference: harmless, not needed. */
  public static final String UNREFERENCED = "unreferenced";

  /**
   * Validates the map; {@code read} is the file as read, with its format problems. Each row's
   * status is decided here, not taken from the file's status column: the rules are run again, so a
   * target the rules give counts as {@code matched} (or {@code default}), any other target the
   * operator entered as {@code operator}, and a row without target as what the rules left it.
   */
  public static MapValidation check(String file, UserMapFile.Read read, Discovery discovery,
      Inventory source, Inventory target, IdentityConfig config) {
    return check(file, read, discovery, source, target, config, List.of());
  }

  /**
   * Validates the map.
   *
   * @param createObstacles why the target cannot take the users the {@code create} fallback
   *     inserts ({@link CreateFallback#obstacles}); empty when it can
   */
  public static MapValidation check(String file, UserMapFile.Read read, Discovery discovery,
      Inventory source, Inventory target, IdentityConfig config, List<String> createObstacles) {
    return check(file, read, discovery, source, target, config, createObstacles, null);
  }

  /**
   * Validates the map.
   *
   * @param matched what the rules give now ({@link Matcher#match}), when the caller has it (a
   *     map just written); null to match again
   */
  public static MapValidation check(String file, UserMapFile.Read read, Discovery discovery,
      Inventory source, Inventory target, IdentityConfig config, List<String> createObstacles,
      List<MapRow> matched) {
    List<Problem> problems = new ArrayList<>(read.problems());
    Map<String, Identity> targets = target.byKey();
    Map<String, Identity> sources = source.byKey();
    Map<String, MapRow> fresh = new HashMap<>();
    (matched != null ? matched : Matcher.match(discovery, source, target, config))
        .forEach(r -> fresh.put(r.sourceKey(), r));
    Map<String, List<String>> byTarget = new TreeMap<>(Keys.order(target.keyKind()));
    Map<String, Integer> seen = new HashMap<>();
    Map<String, String> pairs = new TreeMap<>();
    Map<String, Long> byStatus = new TreeMap<>();
    List<String> toCreate = new ArrayList<>();
    Map<String, String> matchedSince = new TreeMap<>(Keys.order(source.keyKind()));
    Set<String> orphans = new HashSet<>();
    discovery.orphans().forEach(o -> orphans.add(o.key()));
    List<String> notNull = discovery.columns().stream().filter(c -> !c.nullable())
        .map(Discovery.ColumnUse::column).toList();
    for (UserMapFile.Entry e : read.entries()) {
      String sourceProblem = Keys.typeProblem(e.sourceKey(), source.keyKind());
      if (sourceProblem != null) {
        problems.add(new Problem(file, e.line(), UserMapFile.SOURCE_KEY, e.sourceKey(),
            "the source key " + sourceProblem + " (source keys are " + source.keyKind() + ")",
            "restore the key as 'ferry users map' wrote it"));
        continue;
      }
      String sourceKey = Keys.normalise(e.sourceKey(), source.keyKind());
      Integer first = seen.putIfAbsent(sourceKey, e.line());
      if (first != null) {
        problems.add(new Problem(file, e.line(), UserMapFile.SOURCE_KEY, e.sourceKey(),
            "source key listed twice, first at line " + first, "keep one row per source user"));
        continue;
      }
      if (orphans.contains(sourceKey) || !sources.containsKey(sourceKey)) {
        problems.add(new Problem(file, e.line(), UserMapFile.SOURCE_KEY, e.sourceKey(),
            orphans.contains(sourceKey)
                ? "this key is referenced but missing from the source's identity table (an orphan)"
                : "this key is not in the source's identity table",
            "remove the row; orphans are fixed in the source data, never mapped"));
        continue;
      }
      MapRow rules = fresh.get(sourceKey);
      if (e.targetKey() == null) {
        String status = rules == null ? UNREFERENCED : statusWithoutTarget(rules);
        if (status.equals(MapRow.UNMATCHED) && rules.status().equals(MapRow.MATCHED)
            && Fallback.CREATE.equals(e.status())
            && Fallback.CREATE.equals(config.unmatched().kind())) {
          // the map left the user to the fallback and a rule matches now: most likely the user
          // an earlier copy created, which the copy finds in its state table
          status = Fallback.CREATE;
          matchedSince.put(sourceKey, rules.targetKey());
        }
        byStatus.merge(status, 1L, Long::sum);
        if (status.equals(Fallback.NULL) && !notNull.isEmpty()) {
          problems.add(new Problem(file, e.line(), UserMapFile.TARGET_KEY, "", "unmatched and"
              + " the fallback is null, but these reference columns are NOT NULL: "
              + String.join(", ", notNull), "fill target_key, or choose another fallback"
              + " (" + config.where("unmatched") + ")"));
        } else if (status.equals(Fallback.CREATE) && !createObstacles.isEmpty()) {
          problems.add(new Problem(file, e.line(), UserMapFile.TARGET_KEY, "", "unmatched and"
              + " the fallback is create, but " + String.join("; ", createObstacles),
              "create the user in the target and enter its key here, or choose another"
              + " fallback (" + config.where("unmatched") + ")"));
        } else if (status.equals(Fallback.CREATE)) {
          toCreate.add(sourceKey);
        } else if (status.equals(MapRow.AMBIGUOUS)) {
          problems.add(new Problem(file, e.line(), UserMapFile.TARGET_KEY, "", "ambiguous: "
              + rules.matchedBy() + "; ferry never picks one",
              "write the right target user's key into target_key"));
        } else if (status.equals(MapRow.UNMATCHED)) {
          problems.add(new Problem(file, e.line(), UserMapFile.TARGET_KEY, "", "no target user"
              + " for source user " + e.sourceKey() + " " + sources.get(sourceKey).attributes(),
              "write the target user's key into target_key"));
        }
        continue;
      }
      String targetProblem = Keys.typeProblem(e.targetKey(), target.keyKind());
      if (targetProblem != null) {
        problems.add(new Problem(file, e.line(), UserMapFile.TARGET_KEY, e.targetKey(),
            "the target key " + targetProblem + " (target keys are " + target.keyKind() + ")",
            "enter the target user's key as the target stores it"));
        continue;
      }
      String targetKey = Keys.normalise(e.targetKey(), target.keyKind());
      String status = rules == null ? UNREFERENCED : targetKey.equals(rules.targetKey())
          ? rules.status() : MapRow.OPERATOR;
      byStatus.merge(status, 1L, Long::sum);
      if (!targets.containsKey(targetKey)) {
        boolean byDefault = Fallback.DEFAULT.equals(status);
        problems.add(new Problem(file, e.line(), UserMapFile.TARGET_KEY, e.targetKey(),
            byDefault ? "the fallback unmatched: " + config.unmatched() + " names no user of the"
                + " target (" + config.where("unmatched") + ")" : "no such user in the target",
            byDefault ? "set identity.unmatched in ferry.yaml to an existing target key, or"
                + " fill target_key" : "use the key of an existing target user"));
        continue;
      }
      pairs.put(sourceKey, targetKey);
      if (!Fallback.DEFAULT.equals(status)) {
        byTarget.computeIfAbsent(targetKey, k -> new ArrayList<>()).add(sourceKey);
      }
    }
    if (read.whole()) {
      for (Map.Entry<String, Long> ref : discovery.referenced().entrySet()) {
        if (!seen.containsKey(ref.getKey()) && sources.containsKey(ref.getKey())) {
          problems.add(new Problem(file, 0, UserMapFile.SOURCE_KEY, ref.getKey(), "source user "
              + ref.getKey() + " is referenced by " + ref.getValue() + " rows but has no row in"
              + " the map", "re-run 'ferry users map' onto this file; your entries are kept"));
        }
      }
    }
    for (Discovery.Orphan o : discovery.orphans()) {
      problems.add(new Problem(file, 0, null, o.key(), "key " + o.key() + " is referenced by "
          + o.references() + " rows but missing from the source's identity table (orphan)",
          "fix those rows in the source; nothing is written while a reference is unresolved"));
    }
    Map<String, List<String>> manyToOne = new java.util.LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    byTarget.forEach((targetKey, sourceKeys) -> {
      if (sourceKeys.size() < 2) {
        return;
      }
      sourceKeys.sort(Keys.order(source.keyKind()));
      manyToOne.put(targetKey, List.copyOf(sourceKeys));
      String text = "target user " + targetKey + " is the target of " + sourceKeys.size()
          + " source users: " + String.join(", ", sourceKeys.stream()
              .map(k -> k + " (line " + seen.get(k) + ")").toList());
      if (config.manyToOne() == IdentityConfig.ManyToOne.REFUSE) {
        problems.add(new Problem(file, seen.get(sourceKeys.get(sourceKeys.size() - 1)),
            UserMapFile.TARGET_KEY, targetKey, text + ", and many-to-one maps are refused ("
                + config.where("many-to-one") + ")",
            "map each source user to a target user of their own, or set"
                + " identity.many-to-one: allow if they really are one person"));
      } else if (config.manyToOne() == IdentityConfig.ManyToOne.WARN) {
        warnings.add(text + "; their data merges into one user's (" + config.where("many-to-one")
            + ": warn; set it to allow or refuse)");
      }
    });
    problems.sort(Comparator.comparingInt(Problem::line));
    boolean valid = problems.isEmpty();
    toCreate.sort(Keys.order(source.keyKind()));
    return new MapValidation(file, valid, discovery.referenced().size() - orphans.size(),
        byStatus, problems, valid ? Json.fingerprint(pairs) : null, List.copyOf(toCreate),
        java.util.Collections.unmodifiableMap(matchedSince),
        java.util.Collections.unmodifiableMap(manyToOne), List.copyOf(warnings));
  }

  private static String statusWithoutTarget(MapRow rules) {
    return switch (rules.status()) {
      case MapRow.AMBIGUOUS, Fallback.NULL, Fallback.CREATE -> rules.status();
      default -> MapRow.UNMATCHED;
    };
  }
}
