package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One status vocabulary across a merge's audit and the user map (docs/artifacts.md). */
class OutcomeTest {

  @Test
  void everyFateAndReasonHasOneStatus() {
    assertThat(Outcome.of(RowFate.INSERTED, null)).isEqualTo(Outcome.OK);
    assertThat(Outcome.of(RowFate.UNCHANGED, null)).isEqualTo(Outcome.OK);
    assertThat(Outcome.of(RowFate.SKIPPED, RowFate.Reason.NEWER_IN_TARGET))
        .isEqualTo(Outcome.SKIP);
    assertThat(Outcome.of(RowFate.CONFLICT, RowFate.Reason.TIE)).isEqualTo(Outcome.CONFLICT);
    assertThat(Outcome.of(RowFate.CONFLICT, RowFate.Reason.DUPLICATE_TARGET))
        .isEqualTo(Outcome.DUPLICATE);
    assertThat(Outcome.POLICY_DENIED.label()).isEqualTo("policy_denied");
  }

  @Test
  void theUserMapsStatusesSayTheSame() {
    assertThat(Outcome.ofUserMapStatus("operator")).isEqualTo(Outcome.OK);
    assertThat(Outcome.ofUserMapStatus("create")).isEqualTo(Outcome.OK);
    assertThat(Outcome.ofUserMapStatus("ambiguous")).isEqualTo(Outcome.DUPLICATE);
    assertThat(Outcome.ofUserMapStatus("unmatched")).isEqualTo(Outcome.POLICY_DENIED);
    assertThat(Outcome.ofUserMapStatus("unreferenced")).isNull();
  }
}
