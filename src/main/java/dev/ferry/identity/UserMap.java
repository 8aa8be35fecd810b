package dev.ferry.identity;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated map from source identity keys to target identity keys, looked up in constant time
 * while rows stream. Keys are held as Java values ({@link Keys#canonical}: {@code Long}, {@code
 * UUID}, text) in a {@link HashMap}. Memory, measured with one million mappings (docs/perf.md):
 * 90 bytes per mapping with integer keys and 106 with GUIDs, i.e. 86 MiB and 102 MiB for a
 * million users; lookups take 60 ns and 126 ns.
 */
public final class UserMap {

  private final ValueKind sourceKind;
  private final ValueKind targetKind;
  // HashMap, not Map.copyOf: the latter probes linearly and degrades to microseconds per lookup
  // on keys that follow each other (1, 2, 3... or GUIDs sharing a prefix)
  private final Map<Object, Object> targets;
  private final Set<Object> toNull;
  private final Set<Object> toCreate = new HashSet<>();
  private Map<String, String> matchedSince = Map.of();
  private final String fingerprint;

  /**
   * @param pairs source key text to target key text
   * @param toNull source keys whose references become NULL (the null fallback)
   */
  UserMap(ValueKind sourceKind, ValueKind targetKind, Map<String, String> pairs,
      Set<String> toNull, String fingerprint) {
    this.sourceKind = sourceKind;
    this.targetKind = targetKind;
    this.targets = new HashMap<>(pairs.size() * 4 / 3 + 1);
    pairs.forEach((s, t) -> targets.put(Keys.canonical(s, sourceKind),
        Keys.canonical(t, targetKind)));
    this.toNull = new HashSet<>();
    toNull.forEach(s -> this.toNull.add(Keys.canonical(s, sourceKind)));
    this.fingerprint = fingerprint;
  }

  /** Builds the runtime map from a file that {@link MapValidation} found valid. */
  static UserMap of(UserMapFile.Read read, MapValidation validation, Inventory source,
      Inventory target) {
    if (!validation.valid()) {
      throw new IllegalArgumentException("only a valid map can be applied");
    }
    Map<String, String> pairs = new HashMap<>(read.entries().size() * 4 / 3 + 1);
    Set<String> toNull = new HashSet<>();
    Set<String> toCreate = new HashSet<>(validation.toCreate());
    for (UserMapFile.Entry e : read.entries()) {
      if (e.targetKey() != null) {
        pairs.put(e.sourceKey(), e.targetKey());
      } else if (!toCreate.contains(Keys.normalise(e.sourceKey(), source.keyKind()))) {
        toNull.add(e.sourceKey());
      }
    }
    UserMap map = new UserMap(source.keyKind(), target.keyKind(), pairs, toNull,
        validation.fingerprint());
    toCreate.forEach(k -> map.toCreate.add(Keys.canonical(k, source.keyKind())));
    map.matchedSince = validation.matchedSince();
    return map;
  }

  /**
   * Source keys the {@code create} fallback inserts into the target, as canonical key text in key
   * order; empty once {@link #created} has recorded their new keys.
   */
  public List<String> toCreate() {
    return toCreate.stream().map(Keys::text).sorted(Keys.order(sourceKind)).toList();
  }

  /**
   * Users of {@link #toCreate} whom a rule matches to a target user by now (source key text to
   * target key text): created by an earlier copy, or to be mapped by re-running {@code users map}.
   */
  public Map<String, String> matchedSince() {
    return matchedSince;
  }

  /**
   * Records the target keys the target generated for the users of {@link #toCreate}. Called once,
   * before rows stream (lookups are not synchronised).
   *
   * @param created source key text to the new target key text
   */
  public void created(Map<String, String> created) {
    created.forEach((s, t) -> {
      Object key = Keys.canonical(s, sourceKind);
      if (!toCreate.remove(key)) {
        throw new IllegalArgumentException("source user " + s + " was not to be created");
      }
      targets.put(key, Keys.canonical(t, targetKind));
    });
  }

  /**
   * The target key for a source reference value, as the canonical Java type of the column's
   * kind; NULL stays NULL.
   *
   * @throws FerryException when the value is not in the map (the map was validated against
   *     other data than is being copied)
   */
  public Object rewrite(Object sourceValue, ValueKind kind) {
    if (sourceValue == null) {
      return null;
    }
    Object key = Keys.canonical(sourceValue, sourceKind);
    Object target = targets.get(key);
    if (target == null) {
      if (toNull.contains(key) || toCreate.contains(key)) {
        // a user still to be created has no key yet: NULL in a preflight or a dry run
        return null;
      }
      throw new FerryException(ErrorCode.REFUSED, "source user " + Keys.text(sourceValue)
          + " is referenced but not in the user map: the source changed since the map was"
          + " validated. Re-run 'ferry users map' and 'ferry users validate'.");
    }
    return Keys.asColumn(target, targetKind, kind);
  }

  /**
   * The mapped pairs, source key to target key, as canonical key text ({@link Keys#text}); a new
   * map on every call, for the script generator, which needs each pair once.
   */
  public Map<String, String> pairs() {
    Map<String, String> pairs = new HashMap<>(targets.size() * 4 / 3 + 1);
    targets.forEach((s, t) -> pairs.put(Keys.text(s), Keys.text(t)));
    return pairs;
  }

  /** Source keys whose references become NULL (the {@code null} fallback), as canonical text. */
  public Set<String> toNull() {
    Set<String> keys = new HashSet<>();
    toNull.forEach(k -> keys.add(Keys.text(k)));
    return keys;
  }

  /** The mapped pairs as canonical keys (source to target), read-only; for lookups per row. */
  Map<Object, Object> canonicalPairs() {
    return java.util.Collections.unmodifiableMap(targets);
  }

  /** The kind of the source keys. */
  public ValueKind sourceKind() {
    return sourceKind;
  }

  /** Number of mapped users. */
  public int size() {
    return targets.size();
  }

  /** {@code sha256:} over the sorted (source, target) pairs. */
  public String fingerprint() {
    return fingerprint;
  }
}
