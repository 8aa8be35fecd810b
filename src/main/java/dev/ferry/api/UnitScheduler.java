package dev.ferry.api;

import java.util.List;

/**
 * Where a verification's units are digested: this process (the default, {@code ferry verify})
 * or another engine ({@code ferry-spark}, docs/spark.md). The verification plans its units and
 * writes its report in the calling process; a scheduler only digests the units, each through
 * {@code Ferry.verifyUnit}.
 */
public interface UnitScheduler {

  /**
   * Digests every unit once. A runner may add a table's digests up where they were made
   * ({@link UnitDigest#plus}) and return one per table.
   *
   * @return the digests, in any order
   * @throws dev.ferry.error.FerryException when a unit could not be digested
   */
  List<UnitDigest> digest(VerifyRequest request, List<VerifyUnit> units);
}
