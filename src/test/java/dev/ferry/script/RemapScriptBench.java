package dev.ferry.script;

import dev.ferry.rows.ValueKind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times remap script generation for a large map (docs/perf.md, "Script generation"): N mappings
 * (default 1,000,000) over C reference columns (default 100), every key in every column (the
 * worst case, as with {@code --all-keys}), batches of 500. Source keys 1..N map to key + N/4, so
 * the ranges overlap in chains of four that must be ordered. Writes the forward, inverse and
 * dry-run scripts into a directory, then prints wall time, the bytes written, and the peak heap
 * (sampled every 20 ms): in use, and right after collections (the live set).
 *
 * <pre>bench/remap.sh [mappings] [columns] [dialect] [directory]</pre>
 */
public final class RemapScriptBench {

  private RemapScriptBench() {}

  public static void main(String[] args) throws Exception {
    int mappings = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int columnCount = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    String dialect = args.length > 2 ? args[2] : "postgres";
    Path dir = Files.createDirectories(Path.of(args.length > 3 ? args[3] : "target/remap-bench"));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    AtomicLong live = new AtomicLong();
    List<java.lang.management.MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans()
        .stream().filter(p -> p.getType() == java.lang.management.MemoryType.HEAP
            && p.getCollectionUsage() != null).toList();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        // heap in use right after the last collections: the live set, not garbage
        live.accumulateAndGet(pools.stream().mapToLong(p -> p.getCollectionUsage().getUsed())
            .sum(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();

    long start = System.nanoTime();
    Map<String, String> pairs = new HashMap<>(mappings * 2);
    for (int i = 1; i <= mappings; i++) {
      pairs.put(Integer.toString(i), Integer.toString(i + mappings / 4));
    }
    RemapGenerator generator = new RemapGenerator(dialect, "sha256:bench", ValueKind.INTEGER,
        pairs, Set.of(), 500, 0, null);
    long planned = System.nanoTime();
    List<RemapGenerator.Column> columns = new ArrayList<>();
    List<BitSet> held = new ArrayList<>();
    SqlLiterals q = ScriptDialect.of(dialect).literals();
    for (int c = 0; c < columnCount; c++) {
      String table = "t" + (c / 4);
      String column = "user_ref_" + c;
      columns.add(new RemapGenerator.Column("public." + table + "." + column, table + "." + column,
          q.qualified("public", table), q.identifier(column), ValueKind.INTEGER, false));
      held.add(generator.allKeys());
    }
    RemapSummary summary = generator.write(dir.resolve("remap.sql"), columns, held, "all");
    long end = System.nanoTime();
    sampler.interrupt();
    long bytes = summary.files().stream().mapToLong(RemapSummary.FileSummary::bytes).sum();
    int batches = summary.columns().stream().mapToInt(RemapSummary.ColumnBatches::batches).sum();
    System.out.printf("mappings=%d columns=%d dialect=%s batches=%d%n", mappings, columnCount,
        dialect, batches);
    System.out.printf("order and inverse planned in %.1f s; total %.1f s%n",
        (planned - start) / 1e9, (end - start) / 1e9);
    System.out.printf("written %.2f GB (%s)%n", bytes / 1e9, summary.files().stream()
        .map(f -> f.file() + " " + f.bytes()).toList());
    System.out.printf("peak heap used %.0f MiB, peak after collections %.0f MiB (max heap %.0f"
        + " MiB)%n", peak.get() / 1048576.0, live.get() / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0);
  }
}
