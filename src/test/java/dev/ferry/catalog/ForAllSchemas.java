package dev.ferry.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A minimal property runner: checks a property on many random schemas, each drawn from its own
 * seed so that a failure can be replayed alone, and shrinks a failing schema edge by edge before
 * reporting it. The schemas and their plans are made once and shared by every property, which
 * keeps thousands of tries per property within a few seconds.
 *
 * <p>The base seed is fixed so that builds are repeatable; {@code -Dferry.props.seed=N} explores
 * other schemas, {@code -Dferry.props.tries=N} changes how many.
 */
final class ForAllSchemas {

  private static final long BASE_SEED = Long.getLong("ferry.props.seed", 20261121L);
  private static final int MAX_SHRINK_STEPS = 10_000;

  private static final List<PlannedSchema> SAMPLES = new ArrayList<>();

  private ForAllSchemas() {}

  /** Checks the property on {@code tries} random schemas; throws the first falsification. */
  static void check(int tries, Consumer<PlannedSchema> property) {
    int count = Integer.getInteger("ferry.props.tries", tries);
    for (int i = 0; i < count; i++) {
      long seed = BASE_SEED + i;
      AssertionError failure = failure(property, () -> sample(seed));
      if (failure != null) {
        throw report(property, replay(seed), failure, seed);
      }
    }
  }

  private static synchronized PlannedSchema sample(long seed) {
    while (SAMPLES.size() <= seed - BASE_SEED) {
      SAMPLES.add(PlannedSchema.of(replay(BASE_SEED + SAMPLES.size())));
    }
    return SAMPLES.get((int) (seed - BASE_SEED));
  }

  /** Replays one seed, for debugging a reported failure. */
  static SchemaSpec replay(long seed) {
    return SchemaSpec.random(new Random(seed));
  }

  private static AssertionError report(Consumer<PlannedSchema> property, SchemaSpec original,
      AssertionError originalFailure, long seed) {
    SchemaSpec smallest = original;
    AssertionError smallestFailure = originalFailure;
    int steps = 0;
    boolean shrunk = true;
    while (shrunk && steps < MAX_SHRINK_STEPS) {
      shrunk = false;
      for (SchemaSpec candidate : smallest.smaller()) {
        steps++;
        AssertionError failure = failure(property, () -> PlannedSchema.of(candidate));
        if (failure != null) {
          smallest = candidate;
          smallestFailure = failure;
          shrunk = true;
          break;
        }
      }
    }
    return new AssertionError("property falsified for seed " + seed + " (replay with"
        + " ForAllSchemas.replay(" + seed + "L)); shrunk in " + steps + " steps to "
        + smallest + "\n" + smallestFailure.getMessage(), smallestFailure);
  }

  private static AssertionError failure(Consumer<PlannedSchema> property,
      Supplier<PlannedSchema> sample) {
    try {
      property.accept(sample.get());
      return null;
    } catch (AssertionError e) {
      return e;
    } catch (RuntimeException e) {
      return new AssertionError("planner threw " + e, e);
    }
  }
}
