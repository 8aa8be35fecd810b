package dev.ferry.bench;

import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Catalogs;
import dev.ferry.catalog.LoadOrder;
import dev.ferry.catalog.LoadOrderPlanner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How long the planner takes to order a large schema: 2,000 tables, 5,000 foreign keys, chains
 * 15 deep, a handful of cycles and self-references (see {@link SyntheticSchema}). Run it with
 * {@code bench/jmh.sh}; results go to docs/perf.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoadOrderBenchmark {

  private Catalog catalog;

  /** Builds the schema once and checks that it has the shape this benchmark claims. */
  @Setup
  public void setUp() {
    catalog = SyntheticSchema.build(20261121L);
    int keys = catalog.tables().stream().mapToInt(t -> t.foreignKeys().size()).sum();
    LoadOrder order = LoadOrderPlanner.plan(catalog, Catalogs.STRICT);
    long cycles = order.cycles().stream().filter(c -> "cycle".equals(c.kind())).count();
    long selfReferences = order.cycles().size() - cycles;
    if (catalog.tables().size() != SyntheticSchema.TABLES || keys != SyntheticSchema.FOREIGN_KEYS
        || cycles != SyntheticSchema.CYCLES || selfReferences != SyntheticSchema.SELF_REFERENCES
        || !order.loadable()) {
      throw new IllegalStateException("synthetic schema is off shape: " + catalog.tables().size()
          + " tables, " + keys + " keys, " + cycles + " cycles, " + selfReferences
          + " self-references, status " + order.status());
    }
  }

  /** Plans the whole load order, cycles and self-check included. */
  @Benchmark
  public LoadOrder plan() {
    return LoadOrderPlanner.plan(catalog, Catalogs.STRICT);
  }

  /** Runs this benchmark alone; arguments are passed on to JMH ({@code -f 1 -wi 3 -i 5}). */
  public static void main(String[] args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = LoadOrderBenchmark.class.getSimpleName();
    System.arraycopy(args, 0, all, 1, args.length);
    org.openjdk.jmh.Main.main(all);
  }
}
