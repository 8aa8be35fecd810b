package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Consolidation.TableSettings;
import dev.ferry.api.Consolidation.Transform;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsolidationTest {

  @Test
  void aTablesTransformsAreKeptInColumnOrderWhateverTheMapTheyCameIn() {
    // given: the order a manifest (or Map.of, whose order changes from one JVM to the next)
    // gives; the computed columns' order is part of a tenant's plan, which a resume in another
    // process must find again
    Map<String, Transform> given = new LinkedHashMap<>();
    given.put("origin", new Transform(Transform.Kind.CONSTANT, "legacy"));
    given.put("legacy_uuid", new Transform(Transform.Kind.UUID_FROM_KEY, null));
    given.put("batch", new Transform(Transform.Kind.CONSTANT, "1"));

    // when
    TableSettings settings = new TableSettings(null, null, null, given);

    // then
    assertThat(settings.transforms().keySet()).containsExactly("batch", "legacy_uuid", "origin");
  }
}
