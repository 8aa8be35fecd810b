package dev.ferry.bench;

import dev.ferry.catalog.TableName;
import dev.ferry.identity.RemapTransformer;
import dev.ferry.identity.UserMap;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What rewriting one user reference costs with a map of one million users ({@link MillionUsers}):
 * {@link UserMap#rewrite} alone, and {@link RemapTransformer#transform} of a row with one
 * reference column, as the copy calls it (lookup, proof counters, target check). The references
 * are 4,096 random source users, so most lookups miss the CPU caches as a real copy's would.
 * Run with {@code bench/jmh.sh UserMapBenchmark}; results go to docs/perf.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UserMapBenchmark {

  private static final int VALUES = 4096;

  @Param({"INTEGER", "UUID"})
  public ValueKind kind;

  private UserMap map;
  private RemapTransformer remap;
  private TablePlan table;
  private Object[] values;
  private Object[][] rows;
  private int next;

  /** Builds the map of one million users through validation, as a copy does. */
  @Setup
  public void setUp() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    MillionUsers.Built built = MillionUsers.build(kind, dir);
    map = built.map();
    remap = new RemapTransformer(List.of(MillionUsers.column()), map, built.sides().target());
    TableName task = MillionUsers.column().table();
    table = new TablePlan(task, task, List.of(
        new CopyColumn("id", "id", ValueKind.INTEGER, false),
        new CopyColumn("owner_id", "owner_id", kind, false),
        new CopyColumn("title", "title", ValueKind.TEXT, false)),
        List.of("id"), Set.of(), false, List.of());
    Random random = new Random(20261121L);
    values = new Object[VALUES];
    rows = new Object[VALUES][];
    for (int i = 0; i < VALUES; i++) {
      values[i] = MillionUsers.sourceValue(kind, random.nextInt(MillionUsers.N));
      rows[i] = new Object[] {i, values[i], "title"};
    }
  }

  /** One lookup: a source reference value to the target's key, as the column's Java type. */
  @Benchmark
  public Object rewrite() {
    return map.rewrite(values[next++ & (VALUES - 1)], kind);
  }

  /** One row through the transformer: the lookup plus the proof's counting. */
  @Benchmark
  public Object[] transformRow() {
    int i = next++ & (VALUES - 1);
    Object[] row = rows[i];
    row[1] = values[i];
    return remap.transform(table, row);
  }

  /** Runs this benchmark alone; arguments are passed on to JMH ({@code -f 1 -wi 3 -i 5}). */
  public static void main(String[] args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = UserMapBenchmark.class.getSimpleName();
    System.arraycopy(args, 0, all, 1, args.length);
    org.openjdk.jmh.Main.main(all);
  }
}
