package dev.ferry.copy;

/**
 * The values of a key of one integer column as {@link MergeRows} compares them, whichever type a
 * driver chose: one type per value, the distance between two, their order.
 */
final class IntegerKeys {

  private IntegerKeys() {}

  /** An integer as one type: a {@code Long} where it fits, else a {@code BigInteger}. */
  static Object integer(Object value) {
    if (value instanceof Long || value == null) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    java.math.BigInteger big = value instanceof java.math.BigInteger b ? b
        : new java.math.BigDecimal(value.toString()).toBigIntegerExact();
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  /** How many integers lie from {@code least} to {@code greatest}, at most Long.MAX_VALUE. */
  static long spread(Object least, Object greatest) {
    java.math.BigInteger d = new java.math.BigInteger(greatest.toString())
        .subtract(new java.math.BigInteger(least.toString()));
    return d.bitLength() < 63 ? d.longValue() : Long.MAX_VALUE;
  }

  static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    return new java.math.BigInteger(a.toString()).compareTo(new java.math.BigInteger(b.toString()));
  }
}
