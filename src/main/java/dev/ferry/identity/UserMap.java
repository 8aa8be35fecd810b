package dev.ferry.identity;

import dev.ferry.api.ErrorCode;
import dev.ferry.api.FerryException;
import dev.ferry.transfer.ValueKind;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A validated map from source identity keys to target identity keys, looked up in constant time
 * while rows stream. Memory: one hash entry per mapped user, about 150 bytes with short keys
 * (measured in docs/perf.md).
 */
public final class UserMap {

  private final ValueKind sourceKind;
  private final Map<String, String> targets;
  private final Set<String> toNull;
  private final String fingerprint;

  UserMap(ValueKind sourceKind, Map<String, String> targets, Set<String> toNull,
      String fingerprint) {
    this.sourceKind = sourceKind;
    this.targets = Map.copyOf(targets);
    this.toNull = Set.copyOf(toNull);
    this.fingerprint = fingerprint;
  }

  /** Builds the runtime map from a file that {@link MapValidation} found valid. */
  static UserMap of(UserMapFile.Read read, MapValidation validation, Inventory source,
      Inventory target) {
    if (!validation.valid()) {
      throw new IllegalArgumentException("only a valid map can be applied");
    }
    Map<String, String> pairs = new HashMap<>();
    java.util.Set<String> toNull = new java.util.HashSet<>();
    for (UserMapFile.Entry e : read.entries()) {
      String sourceKey = Keys.normalise(e.sourceKey(), source.keyKind());
      if (e.targetKey() == null) {
        toNull.add(sourceKey);
      } else {
        pairs.put(sourceKey, Keys.normalise(e.targetKey(), target.keyKind()));
      }
    }
    return new UserMap(source.keyKind(), pairs, toNull, validation.fingerprint());
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
    String text = Keys.text(sourceValue);
    String key = Keys.typeProblem(text, sourceKind) == null ? Keys.normalise(text, sourceKind)
        : text;
    String target = targets.get(key);
    if (target == null) {
      if (toNull.contains(key)) {
        return null;
      }
      throw new FerryException(ErrorCode.REFUSED, "source user " + text + " is referenced but"
          + " not in the user map: the source changed since the map was validated. Re-run"
          + " 'ferry users map' and 'ferry users validate'.");
    }
    return Keys.value(target, kind == ValueKind.OTHER ? ValueKind.TEXT : kind);
  }

  /** The mapped pairs, source key to target key, as canonical key text (unmodifiable). */
  public Map<String, String> pairs() {
    return targets;
  }

  /** Source keys whose references become NULL (the {@code null} fallback). */
  public Set<String> toNull() {
    return toNull;
  }

  /** The kind of the source keys. */
  public ValueKind sourceKind() {
    return sourceKind;
  }

  /** True when the target key exists as a mapped value (for transformation proofs). */
  public boolean isTarget(String targetKey) {
    return targets.containsValue(targetKey);
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
