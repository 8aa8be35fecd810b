package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryReaderTest {

  @TempDir Path dir;

  private static String failure(Path file, ValueKind kind) {
    try {
      InventoryReader.fromFile(file, Fixtures.config(), kind);
    } catch (FerryException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INPUT);
      return e.getMessage();
    }
    throw new AssertionError("expected " + file + " to be refused");
  }

  @Test
  void csvWithHeaderIsReadInKeyOrderExtraColumnsIgnored() {
    Path file = Fixtures.file(dir, "uat-users.csv", "id,display_name,email,external_id",
        "1010,Zed,zed@example.com,", "1002,\"Stone, Robert\",robert.stone@example.com,EXT-2",
        "", "999,Old,old@example.com,B-1");

    Inventory inventory = InventoryReader.fromFile(file, Fixtures.config(), ValueKind.INTEGER);

    assertThat(inventory.identities()).extracting(Identity::key)
        .containsExactly("999", "1002", "1010");
    assertThat(inventory.byKey().get("1010").attributes()).containsEntry("external_id", null)
        .containsEntry("email", "zed@example.com");
  }

  @Test
  void jsonArrayOfObjectsIsReadWithNumbersAsKeys() {
    Path file = Fixtures.file(dir, "uat-users.json", "[",
        "  {\"id\": 1001, \"email\": \"a@example.com\", \"external_id\": null},",
        "  {\"id\": \"1002\", \"email\": \"b@example.com\", \"external_id\": \"EXT-2\"}", "]");

    Inventory inventory = InventoryReader.fromFile(file, Fixtures.config(), ValueKind.INTEGER);

    assertThat(inventory.identities()).extracting(Identity::key).containsExactly("1001", "1002");
  }

  @Test
  void everyProblemOfACsvInventoryIsReportedTogetherWithItsLine() {
    Path file = Fixtures.file(dir, "uat-users.csv",
        "id,email,display_name",                      // 1: external_id missing
        "1001,a@example.com,A",
        "1002,b@example.com",                         // 3: malformed: 2 fields
        "1001,c@example.com,C",                       // 4: duplicate key
        "1004,A@example.com,D",                       // fine: differs by case only
        "1005,a@example.com,E",                       // 6: duplicate match value
        "x17,f@example.com,F");                       // 7: not an integer

    String message = failure(file, ValueKind.INTEGER);

    assertThat(message).contains("is not valid (5 problems); nothing was written")
        .contains("uat-users.csv:1: required column missing from the header [id, email,"
            + " display_name] (column external_id)")
        .contains("uat-users.csv:3: row has 2 fields, the header 3 (value '1002,b@example.com')")
        .contains("uat-users.csv:4: duplicate key, first at line 2 (column id, value '1001')")
        .contains("uat-users.csv:6: duplicate match value, first at line 2 (column email,"
            + " value 'a@example.com')")
        .contains("uat-users.csv:7: the key is not an integer key (the identity key is INTEGER)"
            + " (column id, value 'x17')");
    assertThat(message.indexOf(":1:")).isLessThan(message.indexOf(":3:"));
  }

  @Test
  void nonGuidKeyOfAGuidInventoryIsAWrongType() {
    Path file = Fixtures.file(dir, "uat-users.csv", "id,email,external_id",
        "B1EEBC99-9C0B-4EF8-BB6D-6BB9BD380A22,a@example.com,", "1002,b@example.com,");

    String message = failure(file, ValueKind.UUID);

    assertThat(message).contains("uat-users.csv:3: the key is not a GUID/UUID key (the identity"
        + " key is UUID) (column id, value '1002')").contains("(1 problem)");
  }

  @Test
  void guidKeysAreKeptLowerCase() {
    Path file = Fixtures.file(dir, "uat-users.csv", "id,email,external_id",
        "B1EEBC99-9C0B-4EF8-BB6D-6BB9BD380A22,a@example.com,");

    Inventory inventory = InventoryReader.fromFile(file, Fixtures.config(), ValueKind.UUID);

    assertThat(inventory.identities()).extracting(Identity::key)
        .containsExactly("b1eebc99-9c0b-4ef8-bb6d-6bb9bd380a22");
  }

  @Test
  void unbalancedQuoteIsReportedAtItsLine() {
    Path file = Fixtures.file(dir, "uat-users.csv", "id,email,external_id",
        "1001,a@example.com,", "1002,\"b@example.com,EXT-2", "1003,c@example.com,");

    String message = failure(file, ValueKind.INTEGER);

    assertThat(message).contains("uat-users.csv:3: malformed CSV: Unclosed quoted field")
        .contains("value '1002,\"b@example.com,EXT-2'");
  }

  @Test
  void latin1BytesAreReportedWithTheOtherProblems() {
    byte[] content = ("id,email,external_id\n1001,ren\u00e9@example.com,\n1001,x@example.com,\n")
        .getBytes(StandardCharsets.ISO_8859_1);

    String message = failure(Fixtures.bytes(dir, "uat-users.csv", content), ValueKind.INTEGER);

    assertThat(message).contains("(2 problems)")
        .contains("uat-users.csv:2: not valid UTF-8: byte 0xE9 at byte offset 29")
        .contains("uat-users.csv:3: duplicate key, first at line 2");
  }

  @Test
  void everyProblemOfAJsonInventoryIsReportedWithTheLineTheObjectStartsOn() {
    Path file = Fixtures.file(dir, "uat-users.json", "[",
        "  {\"id\": 1001, \"email\": \"a@example.com\", \"external_id\": null},",
        "  {\"id\": 1002, \"email\": \"b@example.com\"},",
        "  {",
        "    \"id\": \"1001\", \"email\": \"c@example.com\", \"external_id\": \"X\"",
        "  },",
        "  {\"id\": \"abc\", \"email\": \"d@example.com\", \"external_id\": null}",
        "]");

    String message = failure(file, ValueKind.INTEGER);

    assertThat(message).contains("(3 problems)")
        .contains("uat-users.json:3: the object lacks a required field (column external_id)")
        .contains("uat-users.json:4: duplicate key, first at line 2 (column id, value '1001')")
        .contains("uat-users.json:7: the key is not an integer key");
  }

  @Test
  void malformedJsonIsReportedAtItsLine() {
    Path file = Fixtures.file(dir, "uat-users.json", "[",
        "  {\"id\": 1001, \"email\": \"a@example.com\", \"external_id\": null},",
        "  {\"id\": 1002, \"email\": \"b@example.com\" \"external_id\": null}", "]");

    assertThat(failure(file, ValueKind.INTEGER)).contains("uat-users.json:3: malformed JSON");
  }

  @Test
  void jsonThatIsNoArrayIsRefused() {
    Path file = Fixtures.file(dir, "uat-users.json", "{\"id\": 1}");

    assertThat(failure(file, ValueKind.INTEGER)).contains("uat-users.json:1: not a JSON array");
  }

  @Test
  void missingFileIsBadInput() {
    assertThatThrownBy(() -> InventoryReader.fromFile(dir.resolve("nope.csv"), Fixtures.config(),
        ValueKind.INTEGER)).isInstanceOf(FerryException.class).hasMessageContaining("cannot read");
  }
}
