package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user map as verification reads and applies it. */
class ReferenceMapTest {

  @TempDir Path dir;

  @Test
  void rewritesSourceKeysToTargetKeysOfTheColumnsKind() throws IOException {
    // given
    Path file = Files.writeString(dir.resolve("user-map.csv"), """
        source_key,target_key,status,matched_by,references,source_email,target_email
        7,107,matched,email,3,"a@x, inc",a@x
        8,,null,null,1,b@x,
        009,0109,operator,operator,1,,
        """);

    // when
    ReferenceMap map = ReferenceMap.read(file).forKeys(ValueKind.INTEGER, ValueKind.INTEGER);

    // then
    assertThat(map.size()).isEqualTo(3);
    assertThat(map.rewrite(7L, ValueKind.INTEGER)).isEqualTo(107L);
    assertThat(map.rewrite(9, ValueKind.INTEGER)).isEqualTo(109L);
    assertThat(map.rewrite(new BigDecimal("7.0"), ValueKind.DECIMAL))
        .isEqualTo(new BigDecimal("107"));
    assertThat(map.rewrite("7", ValueKind.TEXT)).isEqualTo("107");
    assertThat(map.rewrite(8L, ValueKind.INTEGER)).isNull();
    assertThat(map.rewrite(null, ValueKind.INTEGER)).isNull();
    assertThat(map.rewrite(10L, ValueKind.INTEGER)).isEqualTo(new ReferenceMap.Unmapped(10L));
    // the fingerprint the copy records for the same valid map: sorted pairs, NULLs left out
    assertThat(map.fingerprint()).isEqualTo(dev.ferry.json.Json.fingerprint(
        new java.util.TreeMap<>(java.util.Map.of("7", "107", "9", "109"))));
  }

  @Test
  void guidKeysAreComparedLowerCase() throws IOException {
    Path file = Files.writeString(dir.resolve("guids.csv"), """
        source_key,target_key
        A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11,C0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11
        """);

    ReferenceMap map = ReferenceMap.read(file).forKeys(ValueKind.UUID, ValueKind.UUID);

    assertThat(map.rewrite(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ValueKind.UUID)).isEqualTo(UUID.fromString("c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
    assertThat(map.rewrite("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ValueKind.TEXT))
        .isEqualTo("c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  }

  @Test
  void keysEqualOnceNormalisedMustNotDisagree() throws IOException {
    Path file = Files.writeString(dir.resolve("twice.csv"), "source_key,target_key\n7,1\n07,2\n");

    assertThatThrownBy(() -> ReferenceMap.read(file).forKeys(ValueKind.INTEGER,
        ValueKind.INTEGER)).hasMessageContaining("names source key 7 twice");
  }

  @Test
  void badFilesNameTheirLine() throws IOException {
    assertThatThrownBy(() -> ReferenceMap.read(Files.writeString(dir.resolve("a.csv"),
        "source,target\n1,2\n")))
        .isInstanceOf(FerryException.class).hasMessageContaining("a.csv:1: the header")
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INPUT));
    assertThatThrownBy(() -> ReferenceMap.read(Files.writeString(dir.resolve("b.csv"),
        "source_key,target_key\n1,2\n1,3\n")))
        .hasMessageContaining("b.csv:3: source key 1 is mapped twice");
    assertThatThrownBy(() -> ReferenceMap.read(dir.resolve("missing.csv")))
        .hasMessageContaining("not found");
  }
}
