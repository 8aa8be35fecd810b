package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A table hashed as key ranges and added up is exactly the table hashed in one pass: whatever
 * the rows, however they are cut into parts, in whatever order the parts are added. Distinct
 * counts (exact, and sketched past their limit) and min and max too, as fingerprints keep them.
 */
class DigestMergePropertiesTest {

  private static final int COLUMNS = 3;

  /** One row: its key hash, row hash, and per column a value (null for NULL). */
  private record Row(long keyHash, long rowHash, Long[] values) {}

  @Property(tries = 300)
  void rangesAddedUpAreTheWholeTable(@ForAll long seed, @ForAll @IntRange(max = 2000) int rows,
      @ForAll @IntRange(min = 1, max = 9) int parts, @ForAll @IntRange(min = 1, max = 600)
      int distinctLimit) {
    // given: rows with repeated values (so that parts share some), cut into parts at random
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> all = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Long[] values = new Long[COLUMNS];
      for (int c = 0; c < COLUMNS; c++) {
        values[c] = random.nextInt(5) == 0 ? null : (long) random.nextInt(1 + 400 * (c + 1));
      }
      all.add(new Row(random.nextLong(), random.nextLong(), values));
    }
    List<List<Row>> cut = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      cut.add(new ArrayList<>());
    }
    all.forEach(r -> cut.get(random.nextInt(parts)).add(r));
    Collections.shuffle(cut, new Random(seed));

    // when
    TableDigest whole = digest(all, distinctLimit);
    TableDigest added = null;
    for (List<Row> part : cut) {
      TableDigest d = digest(part, distinctLimit);
      if (added == null) {
        added = d;
      } else {
        added.add(d);
      }
    }

    // then
    assertThat(added.rows).isEqualTo(whole.rows);
    assertThat(added.checksum).isEqualTo(whole.checksum);
    assertThat(added.ranges).isEqualTo(whole.ranges);
    for (int c = 0; c < COLUMNS; c++) {
      ColumnDigest a = added.columns[c];
      ColumnDigest w = whole.columns[c];
      assertThat(a.nulls).isEqualTo(w.nulls);
      assertThat(a.checksum).isEqualTo(w.checksum);
      assertThat(a.distinct().estimated()).isEqualTo(w.distinct().estimated());
      assertThat(a.distinct().count()).isEqualTo(w.distinct().count());
      assertThat(a.min()).isEqualTo(w.min());
      assertThat(a.max()).isEqualTo(w.max());
    }
    assertThat(Bisection.compare(added, whole, 20).differingTotal()).isZero();
  }

  @Property(tries = 50)
  void aUnitDigestCarriesEveryFigureOfAVerification(@ForAll long seed,
      @ForAll @IntRange(max = 500) int rows) {
    // given
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> all = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      Long[] values = new Long[COLUMNS];
      for (int c = 0; c < COLUMNS; c++) {
        values[c] = random.nextInt(4) == 0 ? null : random.nextLong();
      }
      all.add(new Row(random.nextLong(), random.nextLong(), values));
    }
    TableDigest digest = digest(all, 10);

    // when: to the public form and back, as another runner hands it in
    TableDigest back = VerifyUnits.digest(VerifyUnits.side(digest),
        dev.ferry.api.VerifyUnit.whole("public.t"));

    // then
    assertThat(back.rows).isEqualTo(digest.rows);
    assertThat(back.checksum).isEqualTo(digest.checksum);
    assertThat(back.ranges).isEqualTo(digest.ranges);
    for (int c = 0; c < COLUMNS; c++) {
      assertThat(back.columns[c].nulls).isEqualTo(digest.columns[c].nulls);
      assertThat(back.columns[c].checksum).isEqualTo(digest.columns[c].checksum);
    }
  }

  private static TableDigest digest(List<Row> rows, int distinctLimit) {
    ColumnDigest[] columns = new ColumnDigest[COLUMNS];
    for (int c = 0; c < COLUMNS; c++) {
      columns[c] = new ColumnDigest(ValueKind.INTEGER, distinctLimit, true);
    }
    TableDigest d = new TableDigest(columns);
    for (Row r : rows) {
      d.addRow(r.keyHash(), r.rowHash());
      for (int c = 0; c < COLUMNS; c++) {
        Long v = r.values()[c];
        if (v == null) {
          columns[c].addNull();
        } else {
          columns[c].add(Hashing.value(Long.toString(v)), v);
        }
      }
    }
    return d;
  }
}
