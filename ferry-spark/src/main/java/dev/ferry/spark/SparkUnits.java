package dev.ferry.spark;

import dev.ferry.Ferry;
import dev.ferry.api.UnitDigest;
import dev.ferry.api.UnitScheduler;
import dev.ferry.api.VerifyRequest;
import dev.ferry.api.VerifyUnit;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Digests a verification's units as Spark tasks (docs/spark.md): one task per unit (a table, or
 * one key range of a large one), each reading both sides on its own connections through {@link
 * Ferry#verifyUnit}; a table's digests are added up on the executors ({@link UnitDigest#plus}),
 * so the driver receives one digest per table (about 2 MiB each) and writes the same report as
 * {@code ferry verify}.
 */
final class SparkUnits implements UnitScheduler {

  private final JavaSparkContext spark;

  SparkUnits(JavaSparkContext spark) {
    this.spark = spark;
  }

  @Override
  public List<UnitDigest> digest(VerifyRequest request, List<VerifyUnit> units) {
    if (units.isEmpty()) {
      return List.of();
    }
    spark.setJobDescription("ferry verify: " + units.size() + " units");
    try {
      return spark.parallelize(units, units.size())
          .map(new DigestUnit(request))
          .mapToPair(d -> new Tuple2<>(d.unit().table(), d))
          .reduceByKey(UnitDigest::plus)
          .values().collect();
    } catch (RuntimeException e) {
      throw SparkSteps.failure(e);
    }
  }

  /** One unit digested on an executor; a failure travels back as ferry's code and message. */
  static final class DigestUnit
      implements org.apache.spark.api.java.function.Function<VerifyUnit, UnitDigest> {

    private static final long serialVersionUID = 1L;
    private final VerifyRequest request;

    DigestUnit(VerifyRequest request) {
      this.request = request;
    }

    @Override
    public UnitDigest call(VerifyUnit unit) {
      try {
        return Ferry.verifyUnit(request, unit);
      } catch (RuntimeException e) {
        throw RunStep.StepFailed.of(e, unit.toString());
      }
    }
  }
}
