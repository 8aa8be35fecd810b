package dev.ferry.bench;

import dev.ferry.identity.RemapTransformer;
import dev.ferry.identity.UserMap;
import dev.ferry.transfer.ValueKind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Retained heap of what a copy keeps for one million mappings: the {@link UserMap}, and the
 * {@link RemapTransformer} with its set of the target's keys (one million target users). Heap in
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
  }

  private static void report(ValueKind kind, String what, long bytes) {
    System.out.printf(Locale.ROOT, "%-7s %-27s %,7.1f MiB  %,5d bytes per mapping%n", kind,
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
