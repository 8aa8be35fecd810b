package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserMapTest {

  @TempDir Path dir;

  private static final String A = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  private static final String B = "b1eebc99-9c0b-4ef8-bb6d-6bb9bd380a22";

  @Test
  void integerReferencesOfEveryJavaTypeFindTheirTarget() {
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("5", "1005"), Set.of("6"), "sha256:x");

    assertThat(map.rewrite(5, ValueKind.INTEGER)).isEqualTo(1005L);
    assertThat(map.rewrite(5L, ValueKind.INTEGER)).isEqualTo(1005L);
    assertThat(map.rewrite(new BigDecimal("5.00"), ValueKind.DECIMAL))
        .isEqualTo(new BigDecimal("1005"));
    assertThat(map.rewrite("5", ValueKind.TEXT)).isEqualTo("1005");
    assertThat(map.rewrite("005", ValueKind.TEXT)).as("a soft reference written with zeros")
        .isEqualTo("1005");
  }

  @Test
  void nullStaysNullAndTheNullFallbackGivesNull() {
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("5", "1005"), Set.of("6"), "sha256:x");

    assertThat(map.rewrite(null, ValueKind.INTEGER)).isNull();
    assertThat(map.rewrite(6, ValueKind.INTEGER)).isNull();
  }

  @Test
  void guidReferencesMatchWhateverTheirCaseOrJavaType() {
    UserMap map = new UserMap(ValueKind.UUID, ValueKind.UUID, Map.of(A, B), Set.of(), "sha256:x");

    assertThat(map.rewrite(UUID.fromString(A), ValueKind.UUID)).isEqualTo(UUID.fromString(B));
    assertThat(map.rewrite(A.toUpperCase(), ValueKind.TEXT)).isEqualTo(B);
    assertThat(map.rewrite(A, ValueKind.OTHER)).isEqualTo(B);
  }

  @Test
  void referenceMissingFromTheMapStopsTheCopy() {
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("5", "1005"), Set.of(), "sha256:x");

    assertThatThrownBy(() -> map.rewrite(7, ValueKind.INTEGER))
        .isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.REFUSED))
        .hasMessageContaining("source user 7 is referenced but not in the user map");
  }

  @Test
  void builtFromAValidatedMapFile() {
    Path file = Fixtures.map(dir, Fixtures.validRows());
    UserMapFile.Read read = UserMapFile.read(file);
    MapValidation validation = MapValidation.check(file.toString(), read,
        Fixtures.discovery(false), Fixtures.source(), Fixtures.target(), Fixtures.config());

    UserMap map = UserMap.of(read, validation, Fixtures.source(), Fixtures.target());

    assertThat(map.size()).isEqualTo(5);
    assertThat(map.fingerprint()).isEqualTo(validation.fingerprint());
    assertThat(map.rewrite(5, ValueKind.INTEGER)).isEqualTo(1006L);
    assertThat(map.rewrite(4L, ValueKind.INTEGER)).isEqualTo(1004L);
  }

  @Test
  void keysBeyondLongAndTargetsOfAnotherKindConvertToTheColumnsType() {
    UserMap toText = new UserMap(ValueKind.INTEGER, ValueKind.TEXT,
        Map.of("99999999999999999999", "alice"), Set.of(), "sha256:x");
    UserMap toGuid = new UserMap(ValueKind.INTEGER, ValueKind.UUID, Map.of("5", B), Set.of(),
        "sha256:x");

    assertThat(toText.rewrite(new java.math.BigInteger("99999999999999999999"), ValueKind.TEXT))
        .isEqualTo("alice");
    assertThat(toGuid.rewrite(5, ValueKind.UUID)).isEqualTo(UUID.fromString(B));
    assertThat(toGuid.rewrite(5, ValueKind.TEXT)).isEqualTo(B);
  }

  @Test
  void valuesThatAreNoKeyOfTheKindMatchNothing() {
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("5", "1005"),
        Set.of(), "sha256:x");

    assertThatThrownBy(() -> map.rewrite(" 5", ValueKind.TEXT))
        .hasMessageContaining("source user  5 is referenced but not in the user map");
    assertThatThrownBy(() -> map.rewrite(new BigDecimal("5.5"), ValueKind.DECIMAL))
        .hasMessageContaining("source user 5.5 is referenced");
  }
}
