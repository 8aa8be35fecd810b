package dev.ferry.bench;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.TableName;
import dev.ferry.identity.ColumnRef;
import dev.ferry.identity.Discovery;
import dev.ferry.identity.Identities;
import dev.ferry.identity.Identity;
import dev.ferry.identity.Inventory;
import dev.ferry.identity.Keys;
import dev.ferry.identity.MapValidation;
import dev.ferry.identity.UserMap;
import dev.ferry.rows.ValueKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One million users on each side, all referenced, and the operator's map pairing them, built the
 * way a copy builds its runtime map: {@code user-map.csv} written to disk, read back, validated
 * against both inventories, and loaded ({@link Identities#load}).
 *
 * <p>Source key i is {@code i + 1} (integers) or {@code a0000000-0000-4000-8000-<i>} (GUIDs);
 * target key i is {@code 10,000,001 + i} or {@code b0000000-...-<i>}, so no key is shared.
 */
final class MillionUsers {

  static final int N = 1_000_000;

  /** The sides and the loaded map; drop the sides to keep only what a copy keeps. */
  record Built(UserMap map, Identities.Sides sides) {}

  private MillionUsers() {}

  static String sourceKey(ValueKind kind, int i) {
    return kind == ValueKind.UUID ? guid("a0000000", i) : String.valueOf(i + 1);
  }

  static String targetKey(ValueKind kind, int i) {
    return kind == ValueKind.UUID ? guid("b0000000", i) : String.valueOf(10_000_001 + i);
  }

  /** The value a source row holds in a reference column of that kind. */
  static Object sourceValue(ValueKind kind, int i) {
    return kind == ValueKind.UUID ? UUID.fromString(sourceKey(kind, i)) : (Object) (i + 1);
  }

  private static String guid(String prefix, int i) {
    return String.format(Locale.ROOT, "%s-0000-4000-8000-%012d", prefix, i);
  }

  static IdentityConfig config() {
    return new IdentityConfig("app_user", "id", List.of(),
        IdentityConfig.Fallback.parse("fail", "bench"), List.of());
  }

  static Built build(ValueKind kind, Path dir) {
    List<Identity> sources = new ArrayList<>(N);
    List<Identity> targets = new ArrayList<>(N);
    Map<String, Long> referenced = new TreeMap<>(Keys.order(kind));
    for (int i = 0; i < N; i++) {
      sources.add(new Identity(sourceKey(kind, i), Map.of()));
      targets.add(new Identity(targetKey(kind, i), Map.of()));
      referenced.put(sourceKey(kind, i), 1L);
    }
    Discovery discovery = new Discovery("public.app_user", "id", List.of(
        new Discovery.ColumnUse("public.task.owner_id", false, false, N, 0, N)), referenced,
        List.of());
    Identities.Sides sides = new Identities.Sides(null, null,
        new Inventory("source", kind, sources), discovery, new Inventory("target", kind, targets));
    Path file = dir.resolve("user-map-" + kind.name().toLowerCase(Locale.ROOT) + ".csv");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("source_key,target_key,status,matched_by,references\n");
      for (int i = 0; i < N; i++) {
        out.write(sourceKey(kind, i) + "," + targetKey(kind, i) + ",operator,operator,1\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MapValidation[] validation = new MapValidation[1];
    UserMap map = Identities.load(sides, config(), file, validation);
    if (map == null || map.size() != N) {
      throw new IllegalStateException("the map did not validate: "
          + validation[0].problems().stream().limit(5).toList());
    }
    return new Built(map, sides);
  }

  /** The reference column the benchmarks rewrite. */
  static ColumnRef column() {
    return new ColumnRef(new TableName("public", "task"), "owner_id");
  }
}
