package dev.ferry.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one {@link VerifyUnit}'s pass learnt about both sides: the figures that add up over a
 * table's key ranges to exactly those of one pass over the whole table (every one is a count or
 * a sum modulo 2^64). About 2 MiB (1 MiB a side, the 65,536 key-hash ranges), whatever the
 * unit's size.
 *
 * @param unit the unit digested
 * @param source the source side
 * @param target the target side
 * @param seconds the wall time the unit took
 */
public record UnitDigest(VerifyUnit unit, Side source, Side target, double seconds)
    implements Serializable {

  public UnitDigest {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }

  /**
   * The digest of this unit's rows and {@code other}'s together, as the digest of their table
   * (every figure is a count or a sum modulo 2^64, so the order of adding does not matter): a
   * runner may add a table's units up where they were digested and hand in one digest per table,
   * labelled {@link VerifyUnit#whole}. The caller sees to it that each unit is added once.
   *
   * @throws IllegalArgumentException when the two are of other tables or columns
   */
  public UnitDigest plus(UnitDigest other) {
    if (!unit.table().equals(other.unit().table())
        || source.nulls().length != other.source().nulls().length
        || target.nulls().length != other.target().nulls().length) {
      throw new IllegalArgumentException("not digests of one table: " + unit + ", "
          + other.unit());
    }
    return new UnitDigest(VerifyUnit.whole(unit.table()), source.plus(other.source()),
        target.plus(other.target()), seconds + other.seconds());
  }

  /**
   * One side of a unit. Arrays are held as given (not copied): treat them as read-only.
   *
   * @param rows the rows read
   * @param checksum the sum of their row hashes
   * @param ranges per key-hash range b, its row count at {@code 2b} and checksum at {@code 2b+1}
   *     (131,072 numbers)
   * @param nulls per compared column (in compared order), its NULLs
   * @param checksums per compared column, the sum of its values' hashes
   */
  public record Side(long rows, long checksum, long[] ranges, long[] nulls, long[] checksums)
      implements Serializable {

    public Side {
      Objects.requireNonNull(ranges, "ranges");
      Objects.requireNonNull(nulls, "nulls");
      Objects.requireNonNull(checksums, "checksums");
      if (nulls.length != checksums.length) {
        throw new IllegalArgumentException("one null count and one checksum per column");
      }
    }

    /** This side's figures and {@code other}'s added up. */
    Side plus(Side other) {
      return new Side(rows + other.rows, checksum + other.checksum, sum(ranges, other.ranges),
          sum(nulls, other.nulls), sum(checksums, other.checksums));
    }

    private static long[] sum(long[] a, long[] b) {
      long[] s = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        s[i] = a[i] + b[i];
      }
      return s;
    }
  }
}
