package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowDigestTest {

  private static List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      rows.add(new Object[] {(long) i, "name " + i, new BigDecimal("12.50").add(BigDecimal.ONE),
          LocalDateTime.of(2024, 2, 14, 10, 0).plusSeconds(i), LocalDate.of(2024, 1, 1),
          new byte[] {0, (byte) i, (byte) 0xff}, new ServerText(("t" + i).getBytes()),
          UUID.nameUUIDFromBytes(new byte[] {(byte) i}), i % 2 == 0, null});
    }
    return rows;
  }

  @Test
  void aRangeDigestsTheSameHoweverItWasCutIntoChunks() {
    List<Object[]> rows = rows();
    assertThat(RowDigest.of(rows.subList(0, 17)) + RowDigest.of(rows.subList(17, 50)))
        .isEqualTo(RowDigest.of(rows));
  }

  @Test
  void changingAnyOneValueOfAnyKindChangesTheDigest() {
    long before = RowDigest.of(rows());
    Object[] changed = {70L, "name 7 ", new BigDecimal("13.5"), LocalDateTime.of(2024, 2, 14,
        10, 0, 8), LocalDate.of(2024, 1, 2), new byte[] {0, 7, (byte) 0xfe},
        new ServerText("t8".getBytes()), UUID.nameUUIDFromBytes(new byte[] {8}), true, 0};
    for (int column = 0; column < changed.length; column++) {
      List<Object[]> rows = rows();
      rows.get(7)[column] = changed[column];
      assertThat(RowDigest.of(rows)).as("column " + column).isNotEqualTo(before);
    }
  }

  @Test
  void aRowDeletedOrAddedChangesTheDigestAndAValueOfAnotherKindToo() {
    List<Object[]> rows = rows();
    long before = RowDigest.of(rows);
    assertThat(RowDigest.of(rows.subList(0, 49))).isNotEqualTo(before);
    List<Object[]> retyped = rows();
    retyped.get(3)[0] = 3; // an Integer 3 where a Long 3 was read
    assertThat(RowDigest.of(retyped)).isNotEqualTo(before);
  }
}
