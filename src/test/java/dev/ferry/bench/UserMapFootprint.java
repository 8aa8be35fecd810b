package dev.ferry.bench;

import dev.ferry.identity.Identity;
import dev.ferry.identity.Inventory;
import dev.ferry.identity.RemapTransformer;
import dev.ferry.identity.UserMap;
import dev.ferry.rows.ValueKind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retained heap of what a copy keeps for one million mappings: the {@link UserMap}, and the
 * {@link RemapTransformer} with its set of the target's keys (one million target users); and of
 * one side's {@link Inventory} of a million users, as {@code users map} and {@code validate}
 * hold two of them. Heap in
 * use is read after full collections, before the map is built and after everything else it was
 * built from became garbage; the difference is what the map retains. A first, discarded build
 * comes before, so that what any build leaves behind is not counted.
 *
 * <pre>
 * ./mvnw -q -DskipTests test-compile
 * java -Xmx4g -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *     dev.ferry.bench.UserMapFootprint
 * </pre>
 *
 * (bench/jmh.sh writes target/bench-classpath.txt.) Results go to docs/perf.md.
 */
public final class UserMapFootprint {

  private UserMapFootprint() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    System.out.printf(Locale.ROOT, "%s, %s %s, max heap %d MiB%n", LocalDate.now(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    for (ValueKind kind : List.of(ValueKind.INTEGER, ValueKind.UUID)) {
      // a first build leaves behind what any build leaves (loaded classes' statics, buffers that
      // the JSON and CSV libraries keep for reuse): measured from there, only the map counts
      MillionUsers.build(kind, dir);
      long base = used();
      MillionUsers.Built built = MillionUsers.build(kind, dir);
      UserMap map = built.map();
      RemapTransformer remap = new RemapTransformer(List.of(MillionUsers.column()), map,
          built.sides().target());
      built = null;
      long withTransformer = used();
      remap = null;
      long mapOnly = used();
      report(kind, "UserMap", mapOnly - base);
      report(kind, "UserMap + RemapTransformer", withTransformer - base);
      map = null;
      java.lang.ref.Reference.reachabilityFence(remap);
    }
    long base = used();
    Inventory inventory = inventory();
    long after = used();
    report(ValueKind.INTEGER, "Inventory (e-mail, ext. id)", after - base);
    java.lang.ref.Reference.reachabilityFence(inventory);
  }

  /**
   * One side's users as {@code users map} and {@code users validate} hold them: integer keys and
   * two match columns (a 26-character e-mail, an 11-character external id), as the database
   * reader builds them.
   */
  private static Inventory inventory() {
    List<Identity> users = new ArrayList<>(MillionUsers.N);
    for (int i = 0; i < MillionUsers.N; i++) {
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("email", String.format(Locale.ROOT, "user%07d@qa.example.com", i));
      attrs.put("external_id", String.format(Locale.ROOT, "EXT-%07d", i));
      users.add(new Identity(String.valueOf(i + 1), attrs));
    }
    return new Inventory("source", ValueKind.INTEGER, users);
  }

  private static void report(ValueKind kind, String what, long bytes) {
    System.out.printf(Locale.ROOT, "%-7s %-27s %,7.1f MiB  %,5d bytes each%n", kind,
        what, bytes / 1048576.0, bytes / MillionUsers.N);
  }

  /** Heap in use after collections have stopped freeing anything. */
  private static long used() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(100);
      long now = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - now) < 64 * 1024) {
        return now;
      }
      previous = now;
    }
    return previous;
  }
}
