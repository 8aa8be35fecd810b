package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.IdentityConfig.Fallback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserMapFileTest {

  @TempDir Path dir;

  private List<MapRow> matched() {
    return Matcher.match(Fixtures.discovery(false), Fixtures.source(), Fixtures.target(),
        Fixtures.config());
  }

  @Test
  void writesOneLinePerReferencedUserInKeyOrderAndReadsItBackWithLineNumbers() throws Exception {
    Path file = dir.resolve("user-map.csv");

    UserMapFile.write(file, matched(), Fixtures.config().matchColumns());
    UserMapFile.Read read = UserMapFile.read(file);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("source_key,target_key,status,matched_by,references,"
        + "source_email,source_external_id,target_email,target_external_id");
    assertThat(lines.get(1)).isEqualTo("1,1001,matched,email (ignore-case),2,"
        + "Alice.Martin@Example.com,,alice.martin@example.com,");
    assertThat(lines.get(4)).isEqualTo("4,,unmatched,,2,dan@qa.example.com,EXT-4,,");
    assertThat(read.problems()).isEmpty();
    assertThat(read.whole()).isTrue();
    assertThat(read.entries()).extracting(UserMapFile.Entry::line)
        .containsExactly(2, 3, 4, 5, 6);
    assertThat(read.entries().get(3).targetKey()).isNull();
  }

  @Test
  void writingTheSameRowsTwiceGivesTheSameBytes() throws Exception {
    UserMapFile.write(dir.resolve("a.csv"), matched(), Fixtures.config().matchColumns());
    UserMapFile.write(dir.resolve("b.csv"), matched(), Fixtures.config().matchColumns());

    assertThat(Files.readAllBytes(dir.resolve("a.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b.csv")));
  }

  @Test
  void rerunKeepsTheOperatorsEntriesAndCorrections() {
    List<UserMapFile.Entry> earlier = List.of(
        new UserMapFile.Entry(2, "1", "1001", "matched"),
        new UserMapFile.Entry(3, "2", "1004", "matched"),
        new UserMapFile.Entry(5, "4", "1004", "unmatched"),
        new UserMapFile.Entry(6, "5", "1006", "ambiguous"));

    List<MapRow> merged = UserMapFile.merge(matched(), earlier, Fixtures.source(),
        Fixtures.target());

    assertThat(merged).extracting(MapRow::targetKey)
        .containsExactly("1001", "1004", "1003", "1004", "1006");
    assertThat(merged).extracting(MapRow::status)
        .containsExactly("matched", "operator", "matched", "operator", "operator");
    assertThat(merged.get(3).target()).containsEntry("email", "daniel.o@example.com");
  }

  @Test
  void rerunKeepsDefaultRowsAsDefaultRatherThanCallingThemOperatorEntries() {
    var config = Fixtures.config(Fallback.parse("default:1004", "test"));
    List<MapRow> fresh = Matcher.match(Fixtures.discovery(false), Fixtures.source(),
        Fixtures.target(), config);
    List<UserMapFile.Entry> earlier = List.of(new UserMapFile.Entry(5, "4", "1004", "default"));

    List<MapRow> merged = UserMapFile.merge(fresh, earlier, Fixtures.source(),
        Fixtures.target());

    assertThat(merged.get(3).status()).isEqualTo("default");
  }

  @Test
  void clearingATargetHandsTheRowBackToTheRules() {
    List<UserMapFile.Entry> earlier = List.of(new UserMapFile.Entry(5, "4", null, "operator"));

    List<MapRow> merged = UserMapFile.merge(matched(), earlier, Fixtures.source(),
        Fixtures.target());

    assertThat(merged.get(3).status()).isEqualTo("unmatched");
  }

  @Test
  void missingRequiredColumnIsReportedOnTheHeaderLine() {
    Path file = Fixtures.file(dir, "m.csv", "source_key,target,status", "1,1001,matched");

    UserMapFile.Read read = UserMapFile.read(file);

    assertThat(read.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.column()).isEqualTo("target_key");
      assertThat(p.render()).contains("m.csv:1: required column missing");
    });
    assertThat(read.whole()).isFalse();
  }

  @Test
  void unbalancedQuoteIsReportedAtItsLineWithTheLineItself() {
    Path file = Fixtures.map(dir, "1,1001,matched,x,2,,,,", "2,\"1002,matched,x,2,,,,",
        "3,1003,matched,x,2,,,,");

    UserMapFile.Read read = UserMapFile.read(file);

    assertThat(read.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.value()).isEqualTo("2,\"1002,matched,x,2,,,,");
      assertThat(p.message()).contains("malformed CSV").contains("Unclosed quoted field");
    });
    assertThat(read.entries()).extracting(UserMapFile.Entry::sourceKey).containsExactly("1");
    assertThat(read.whole()).isFalse();
  }

  @Test
  void textAfterAClosingQuoteIsMalformedAtItsLine() {
    Path file = Fixtures.map(dir, "1,1001,matched,x,2,,,,", "2,\"10\"02,matched,x,2,,,,");

    UserMapFile.Read read = UserMapFile.read(file);

    assertThat(read.problems()).singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(3));
  }

  @Test
  void latin1BytesAreReportedWithTheirLineAndByteEveryOneOfThem() {
    byte[] content = ("source_key,target_key\n1,1001\n2,Ren\u00e9\n3,1003\n4,Z\u00fcrich\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    Path file = Fixtures.bytes(dir, "latin1.csv", content);

    UserMapFile.Read read = UserMapFile.read(file);

    assertThat(read.problems()).hasSize(2);
    assertThat(read.problems().get(0).line()).isEqualTo(3);
    assertThat(read.problems().get(0).message()).contains("not valid UTF-8").contains("0xE9");
    assertThat(read.problems().get(0).value()).isEqualTo("2,Ren\uFFFD");
    assertThat(read.problems().get(1).line()).isEqualTo(5);
    assertThat(read.entries()).hasSize(4);
  }

  @Test
  void rowWithTooManyFieldsIsReportedAtItsLine() {
    Path file = Fixtures.map(dir, "1,1001,matched,x,2,,,,", "2,1002,matched,x,2,,,,,extra");

    UserMapFile.Read read = UserMapFile.read(file);

    assertThat(read.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).contains("10 fields, the header 9");
    });
  }

  @Test
  void emptyFileIsAProblem() {
    UserMapFile.Read read = UserMapFile.read(Fixtures.bytes(dir, "empty.csv", new byte[0]));

    assertThat(read.problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("empty"));
  }

  @Test
  void byteOrderMarkAndCrLfAreAccepted() {
    Path file = Fixtures.bytes(dir, "bom.csv",
        "\uFEFFsource_key,target_key\r\n1,1001\r\n".getBytes(StandardCharsets.UTF_8));

    UserMapFile.Read read = UserMapFile.read(file);

    assertThat(read.problems()).isEmpty();
    assertThat(read.entries()).singleElement()
        .satisfies(e -> assertThat(e.targetKey()).isEqualTo("1001"));
  }
}
