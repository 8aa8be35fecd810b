package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.TableName;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.ValueKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checksums are sums of hashes: order-independent, and they count duplicates. */
class ChecksumTest {

  static Side side() {
    return new Side("test", new TableName(null, "t"), false, List.of(
        new Column("id", "int", "INTEGER", null, null, false, null, null),
        new Column("name", "text", "VARCHAR", null, null, true, null, null)),
        List.of(CanonicalValue.of(ValueKind.INTEGER), CanonicalValue.of(ValueKind.TEXT)),
        new int[] {0}, null);
  }

  static TableDigest digest(List<Object[]> rows) {
    ColumnDigest[] columns = {new ColumnDigest(ValueKind.INTEGER, 0, false),
        new ColumnDigest(ValueKind.TEXT, 0, false)};
    TableDigest d = new TableDigest(columns);
    RowHasher h = new RowHasher(side());
    for (Object[] row : rows) {
      h.hash(row);
      d.addRow(h.keyHash, h.rowHash);
      for (int i = 0; i < 2; i++) {
        if (h.nulls[i]) {
          columns[i].addNull();
        } else {
          columns[i].add(h.hashes[i], h.values[i]);
        }
      }
    }
    return d;
  }

  static List<Object[]> rows(int n) {
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(new Object[] {i, i % 10 == 0 ? null : "name " + i});
    }
    return rows;
  }

  @Test
  void anyOrderGivesTheSameChecksums() {
    // given
    List<Object[]> rows = rows(1000);
    List<Object[]> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(20261121));

    // when
    TableDigest a = digest(rows);
    TableDigest b = digest(shuffled);

    // then
    assertThat(b.checksum).isEqualTo(a.checksum);
    assertThat(b.columns[1].checksum).isEqualTo(a.columns[1].checksum);
    assertThat(b.columns[1].nulls).isEqualTo(a.columns[1].nulls).isEqualTo(100);
    assertThat(b.ranges).isEqualTo(a.ranges);
  }

  @Test
  void aDuplicatedRowChangesTheChecksumWhereXorWouldCancel() {
    List<Object[]> rows = rows(10);
    List<Object[]> twice = new ArrayList<>(rows);
    twice.add(rows.get(3));
    twice.add(rows.get(3));

    assertThat(digest(twice).checksum).isNotEqualTo(digest(rows).checksum);
  }

  @Test
  void valuesSwappedBetweenRowsKeepColumnChecksumsButNotTheRowChecksum() {
    List<Object[]> rows = rows(10);
    List<Object[]> swapped = new ArrayList<>(rows);
    swapped.set(1, new Object[] {1L, "name 2"});
    swapped.set(2, new Object[] {2L, "name 1"});

    TableDigest a = digest(rows);
    TableDigest b = digest(swapped);

    assertThat(b.columns[1].checksum).isEqualTo(a.columns[1].checksum);
    assertThat(b.checksum).isNotEqualTo(a.checksum);
  }

  @Test
  void nullAndEmptyTextDiffer() {
    List<Object[]> rows = rows(10);
    List<Object[]> empty = new ArrayList<>(rows);
    empty.set(0, new Object[] {0L, ""});

    assertThat(digest(empty).checksum).isNotEqualTo(digest(rows).checksum);
    assertThat(digest(empty).columns[1].nulls).isEqualTo(digest(rows).columns[1].nulls - 1);
  }
}
