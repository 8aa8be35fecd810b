package dev.ferry.script;

import dev.ferry.identity.Identity;
import dev.ferry.identity.Inventory;
import dev.ferry.identity.Keys;
import dev.ferry.identity.UserMap;
import dev.ferry.rows.ValueKind;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses the key through which a remap rotates swaps and cycles of a unique column ({@link
 * RemapStaging}): one that no row of a reference column holds while the scripts run. A reference
 * column holds source keys before the forward script and target keys after it (the inverse: the
 * other way round), so any key that is neither a source nor a target key of the map qualifies.
 * Preferred is a target user the map does not name (a foreign key to the users accepts it); the
 * smallest such, for the same bytes on every run. Without one, a key outside every known key
 * (below the smallest integer; for text and UUIDs a fixed one), which a foreign key on the
 * column would reject. A script also checks, batch by batch, that no row holds it.
 */
final class StagingKey {

  private StagingKey() {}

  static RemapGenerator.Staging choose(UserMap map, Inventory target) {
    ValueKind kind = map.sourceKind();
    Set<String> known = new HashSet<>(map.pairs().keySet());
    known.addAll(map.pairs().values());
    known.addAll(map.toNull());
    String free = null;
    for (Identity user : target.identities()) {
      String key = user.key();
      if (!known.contains(key) && (free == null || Keys.order(kind).compare(key, free) < 0)) {
        free = key;
      }
    }
    if (free != null) {
      return new RemapGenerator.Staging(free, "swaps and cycles in unique reference columns"
          + " rotate through target user " + free + ", whom the map does not name: no"
          + " reference column holds it while the scripts run");
    }
    target.identities().forEach(u -> known.add(u.key()));
    String outside = outside(kind, known);
    return new RemapGenerator.Staging(outside, "swaps and cycles in unique reference columns"
        + " rotate through " + outside + ", which is no user: every target user is named by"
        + " the map. A foreign key from such a column to the users would reject it; add a"
        + " target user the map does not name, and write the scripts again");
  }

  private static String outside(ValueKind kind, Set<String> known) {
    if (kind == ValueKind.INTEGER) {
      BigInteger min = BigInteger.ONE;
      for (String key : known) {
        BigInteger k = new BigInteger(key);
        min = k.compareTo(min) < 0 ? k : min;
      }
      return min.subtract(BigInteger.ONE).toString();
    }
    for (int n = 0; ; n++) {
      String candidate = kind == ValueKind.UUID
          ? String.format("00000000-0000-0000-0000-%012x", n) : "~ferry-" + n;
      if (!known.contains(candidate)) {
        return candidate;
      }
    }
  }
}
