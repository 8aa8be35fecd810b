package dev.ferry.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.TableName;
import org.junit.jupiter.api.Test;

class DataFilesTest {

  @Test
  void fileNamesCarryTheLoadOrderNumberAndASafeFormOfTheName() {
    assertThat(DataFiles.fileName(1, 4, new TableName("public", "users"), false))
        .isEqualTo("0001-public.users.jsonl");
    assertThat(DataFiles.fileName(12, 4, new TableName(null, "Order Lines"), true))
        .isEqualTo("0012-Order_Lines.jsonl.gz");
    assertThat(DataFiles.fileName(7, 5, new TableName("dbo", "a/b\\c:d*é😀"), false))
        .isEqualTo("00007-dbo.a_b_c_d___.jsonl");
  }

  @Test
  void namesThatSanitiseOrFoldAlikeStayApartByTheirNumber() {
    String a = DataFiles.fileName(1, 4, new TableName("s", "a b"), false);
    String b = DataFiles.fileName(2, 4, new TableName("s", "a_b"), false);
    String c = DataFiles.fileName(3, 4, new TableName("s", "A_B"), false);

    assertThat(a.toLowerCase()).isNotEqualTo(b.toLowerCase()).isNotEqualTo(c.toLowerCase());
    assertThat(b.toLowerCase()).isNotEqualTo(c.toLowerCase());
  }

  @Test
  void longNamesAreCutAndStillRecognised() {
    String name = DataFiles.fileName(1, 4, new TableName("s", "x".repeat(300)), false);

    assertThat(name).hasSize(4 + 1 + 100 + ".jsonl".length());
    assertThat(DataFiles.isDataFileName(name)).isTrue();
  }

  @Test
  void onlyPlainDataFileNamesAreAccepted() {
    assertThat(DataFiles.isDataFileName("0001-public.users.jsonl")).isTrue();
    assertThat(DataFiles.isDataFileName("0001-public.users.jsonl.gz")).isTrue();
    assertThat(DataFiles.isDataFileName("../0001-x.jsonl")).isFalse();
    assertThat(DataFiles.isDataFileName("/etc/passwd")).isFalse();
    assertThat(DataFiles.isDataFileName("0001-x.jsonl.part")).isFalse();
    assertThat(DataFiles.isDataFileName("manifest.json")).isFalse();
  }
}
