package dev.ferry.spark;

import dev.ferry.cli.Main;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code spark-submit --class dev.ferry.spark.FerrySpark ferry-spark.jar copy --from … --to …}:
 * ferry's copy with its load's steps run as Spark tasks, and {@code … verify --from … --to …}
 * with its key ranges digested as Spark tasks (docs/spark.md). The arguments are
 * {@code ferry copy}'s; the driver plans, refuses, starts the run and finishes it as ferry
 * does, and prints the same summary with the same exit codes.
 */
public final class FerrySpark {

  private FerrySpark() {}

  public static void main(String[] args) {
    SparkConf conf = new SparkConf().setAppName("ferry " + (args.length == 0 ? "" : args[0]));
    int code;
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      code = run(spark, args);
    }
    System.exit(code);
  }

  /**
   * Runs ferry's {@code args} on {@code spark}: a {@code copy} has its steps run as tasks (its
   * {@code --parallel}, which also sets how many key ranges a large table splits into, is the
   * cluster's default parallelism unless given), a {@code verify} its units digested as tasks;
   * any other command runs on the driver.
   *
   * @return the exit code, as {@code ferry} exits
   */
  public static int run(JavaSparkContext spark, String[] args) {
    if (args.length > 0 && "verify".equals(args[0])) {
      return Main.run(args, null, new SparkUnits(spark));
    }
    if (args.length == 0 || !"copy".equals(args[0])) {
      return Main.run(args, null);
    }
    if (spark.getConf().getBoolean("spark.speculation", false)) {
      // a speculative copy of a task writes the same range beside the first: refuse at once
      System.err.println("ferry: spark.speculation is on; a step must run one attempt at a time"
          + " (docs/spark.md). Run again with --conf spark.speculation=false.");
      return 2;
    }
    String[] copy = withParallel(args, spark.defaultParallelism());
    return Main.run(copy, new SparkSteps(spark, copy));
  }

  private static String[] withParallel(String[] args, int parallelism) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    boolean given = all.stream().anyMatch(a -> a.equals("--parallel")
        || a.startsWith("--parallel="));
    if (!given) {
      all.addAll(List.of("--parallel", String.valueOf(Math.max(1, parallelism))));
    }
    return all.toArray(String[]::new);
  }
}
