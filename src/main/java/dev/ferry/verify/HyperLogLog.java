package dev.ferry.verify;

/**
 * A HyperLogLog sketch (Flajolet, Fusy, Gandouet, Meunier 2007) over ferry's 64-bit value hashes,
 * which are already uniformly mixed. With {@code p} index bits it holds 2^p one-byte registers and
 * estimates a distinct count with a relative standard error of {@code 1.04 / sqrt(2^p)}: 0.81% for
 * the default p = 14 (16 KiB). Small counts use linear counting, as the paper recommends; 64-bit
 * hashes need no large-range correction.
 */
final class HyperLogLog {

  /** Default index bits: 16,384 registers. */
  static final int DEFAULT_PRECISION = 14;

  private final int p;
  private final byte[] registers;

  HyperLogLog(int precision) {
    if (precision < 4 || precision > 18) {
      throw new IllegalArgumentException("precision must be 4..18, not " + precision);
    }
    this.p = precision;
    this.registers = new byte[1 << precision];
  }

  /** Adds one hash. */
  void add(long hash) {
    int index = (int) (hash >>> (64 - p));
    long rest = hash << p;
    int rank = rest == 0 ? 64 - p + 1 : Long.numberOfLeadingZeros(rest) + 1;
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
    }
  }

  /**
   * Adds what {@code other} (of the same precision) has seen: each register the larger of the
   * two, which is the sketch of the union, whatever the order the hashes came in.
   */
  void merge(HyperLogLog other) {
    if (other.p != p) {
      throw new IllegalArgumentException("sketches of precision " + p + " and " + other.p);
    }
    for (int i = 0; i < registers.length; i++) {
      registers[i] = (byte) Math.max(registers[i], other.registers[i]);
    }
  }

  /** The estimated number of distinct hashes added. */
  long estimate() {
    int m = registers.length;
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = switch (m) {
      case 16 -> 0.673;
      case 32 -> 0.697;
      case 64 -> 0.709;
      default -> 0.7213 / (1 + 1.079 / m);
    };
    double raw = alpha * m * (double) m / sum;
    if (raw <= 2.5 * m && zeros > 0) {
      return Math.round(m * Math.log((double) m / zeros));
    }
    return Math.round(raw);
  }

  /** The relative standard error of {@link #estimate()}: {@code 1.04 / sqrt(2^p)}. */
  double standardError() {
    return 1.04 / Math.sqrt(registers.length);
  }
}
