package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.FerryException;
import dev.ferry.schema.TighteningPolicy.Evidence;
import dev.ferry.schema.TighteningPolicy.Mode;
import dev.ferry.schema.TighteningPolicy.Outcome;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each cell of the policy matrix, and how counts become a class of evidence. */
class TighteningPolicyTest {

  @ParameterizedTest(name = "{0} with {1} evidence: {2}")
  @CsvSource({
      "cautious,       DECLARED,        KEEP",
      "evidence-gated, DECLARED,        KEEP",
      "aggressive,     DECLARED,        KEEP",
      "cautious,       PROVEN,          SKIP",
      "evidence-gated, PROVEN,          ADD",
      "aggressive,     PROVEN,          ADD",
      "cautious,       PROVEN_FEW_ROWS, SKIP",
      "evidence-gated, PROVEN_FEW_ROWS, SKIP",
      "aggressive,     PROVEN_FEW_ROWS, ADD",
      "cautious,       NO_ROWS,         SKIP",
      "evidence-gated, NO_ROWS,         SKIP",
      "aggressive,     NO_ROWS,         SKIP",
      "cautious,       FEW_VIOLATIONS,  SKIP",
      "evidence-gated, FEW_VIOLATIONS,  REMEDIATE",
      "aggressive,     FEW_VIOLATIONS,  REMEDIATE",
      "cautious,       REFUTED,         SKIP",
      "evidence-gated, REFUTED,         SKIP",
      "aggressive,     REFUTED,         SKIP"})
  void eachCellOfTheMatrix(String mode, Evidence evidence, Outcome outcome) {
    assertThat(TighteningPolicy.decide(Mode.of(mode), evidence).outcome()).isEqualTo(outcome);
  }

  @Test
  void theMatrixHasACellForEveryModeAndEvidenceWithAReason() {
    for (Evidence e : Evidence.values()) {
      assertThat(TighteningPolicy.MATRIX.get(e)).as(e.name()).hasSize(Mode.values().length);
      Arrays.stream(Mode.values()).forEach(m -> assertThat(TighteningPolicy.decide(m, e)
          .rationale()).as(m + " " + e).isNotBlank());
    }
  }

  @ParameterizedTest(name = "declared={0}, {1} rows, {2} violations, min {3}: {4}")
  @CsvSource({
      "true,  0,     5,  1000, DECLARED",
      "false, 0,     0,  1000, NO_ROWS",
      "false, 999,   0,  1000, PROVEN_FEW_ROWS",
      "false, 1000,  0,  1000, PROVEN",
      "false, 5,     0,  0,    PROVEN",
      "false, 1000,  10, 1000, FEW_VIOLATIONS",
      "false, 1000,  11, 1000, REFUTED",
      "false, 300,   3,  1000, FEW_VIOLATIONS",
      "false, 299,   3,  1000, REFUTED"})
  void countsBecomeAClassOfEvidence(boolean declared, long rows, long violations, long minRows,
      Evidence expected) {
    assertThat(TighteningPolicy.classify(declared, rows, violations, minRows))
        .isEqualTo(expected);
  }

  @Test
  void anUnknownModeIsAUsageError() {
    assertThatThrownBy(() -> Mode.of("bold")).isInstanceOf(FerryException.class)
        .hasMessageContaining("cautious, evidence-gated or aggressive");
  }
}
