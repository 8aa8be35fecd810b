package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VerificationReport.Difference;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Locating differences on in-memory data: the bisection narrows to the differing key ranges only,
 * and the row comparison names changed, missing and extra rows by key.
 */
class LocateTest {

  /** A side over in-memory rows, hashed as the streaming side hashes them. */
  record MemorySide(List<Object[]> rows) implements TableSide {
    @Override
    public String method() {
      return "memory";
    }

    @Override
    public TableDigest digest() {
      return ChecksumTest.digest(rows);
    }

    @Override
    public List<LeafRow> rows(BitSet ranges) {
      RowHasher h = new RowHasher(ChecksumTest.side());
      List<LeafRow> out = new ArrayList<>();
      for (Object[] row : rows) {
        h.hash(row);
        if (ranges.get(Hashing.bucket(h.keyHash))) {
          out.add(h.leaf());
        }
      }
      return out;
    }
  }

  @Test
  void bisectionNarrowsToTheDifferingRangesOnly() {
    // given: 100,000 rows, one changed, one missing, one extra
    List<Object[]> source = ChecksumTest.rows(100_000);
    List<Object[]> target = new ArrayList<>(source);
    target.set(501, new Object[] {501L, "changed"});
    target.remove(700);
    target.add(new Object[] {200_000L, "extra"});

    // when
    Bisection.Result result = Bisection.compare(ChecksumTest.digest(source),
        ChecksumTest.digest(target), 20);
    MemorySide s = new MemorySide(source);
    MemorySide t = new MemorySide(target);
    List<LeafRow> sourceRows = s.rows(result.differing());
    List<LeafRow> targetRows = t.rows(result.differing());
    List<Difference> differences = RowDiff.compare(sourceRows, targetRows,
        List.of("id", "name"), new int[] {0}, true);

    // then
    assertThat(result.differingTotal()).isEqualTo(3);
    assertThat(result.differing().cardinality()).isEqualTo(3);
    assertThat(result.rangesCompared()).as("ranges compared on the way down")
        .isLessThan(3 * 4 * 16 + 1);
    assertThat(sourceRows.size() + targetRows.size()).as("rows read back")
        .isLessThan(100);
    assertThat(differences).extracting(d -> d.kind() + " " + d.key()).containsExactly(
        "changed [501]", "missing [700]", "extra [200000]");
    assertThat(differences.get(0).columns()).singleElement().satisfies(c -> {
      assertThat(c.column()).isEqualTo("name");
      assertThat(c.source()).isEqualTo("name 501");
      assertThat(c.target()).isEqualTo("changed");
    });
  }

  @Test
  void equalTablesCompareOneRange() {
    List<Object[]> rows = ChecksumTest.rows(1000);
    Bisection.Result result = Bisection.compare(ChecksumTest.digest(rows),
        ChecksumTest.digest(new ArrayList<>(rows)), 20);

    assertThat(result.differingTotal()).isZero();
    assertThat(result.rangesCompared()).isEqualTo(1);
  }

  @Test
  void theLimitBoundsTheRangesReadBack() {
    List<Object[]> source = ChecksumTest.rows(10_000);
    List<Object[]> target = new ArrayList<>();
    source.forEach(r -> target.add(new Object[] {r[0], "all changed"}));

    Bisection.Result result = Bisection.compare(ChecksumTest.digest(source),
        ChecksumTest.digest(target), 5);

    assertThat(result.differing().cardinality()).isEqualTo(5);
    assertThat(result.differingTotal()).isGreaterThan(5000);
  }

  @Test
  void rowsWithoutKeyCompareAsAMultiset() {
    // given: the "key" is the whole row; duplicates count
    LeafRow a = leaf(1, "x");
    LeafRow b = leaf(2, "y");

    // when
    List<Difference> differences = RowDiff.compare(List.of(a, a, a, b), List.of(a, b, b),
        List.of("id", "name"), new int[] {0, 1}, false);

    // then
    assertThat(differences).extracting(d -> d.kind() + " " + d.key() + " x" + d.rows())
        .containsExactly("missing [1, x] x2", "extra [2, y] x1");
  }

  @Test
  void keysSortAsNumbersThenText() {
    List<Difference> differences = RowDiff.compare(List.of(leaf(10, "a"), leaf(9, "a")),
        List.of(), List.of("id", "name"), new int[] {0}, true);

    assertThat(differences).extracting(d -> d.key().get(0)).containsExactly("9", "10");
  }

  private static LeafRow leaf(long id, String name) {
    RowHasher h = new RowHasher(new Side("test", ChecksumTest.side().table(), false,
        ChecksumTest.side().columns(), ChecksumTest.side().encodings(), new int[] {0, 1}, null));
    h.hash(new Object[] {id, name});
    return h.leaf();
  }
}
