package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.TableName;
import dev.ferry.dialect.Dialects;
import dev.ferry.json.Json;
import dev.ferry.schema.TighteningCandidates.Candidate;
import dev.ferry.schema.TighteningCandidates.Kind;
import dev.ferry.schema.TighteningPolicy.Mode;
import dev.ferry.schema.TighteningProfile.Counts;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the policy: fewer violations or more rows never loosen a decision, a stricter
 * mode never adds less than a looser one, and the same evidence always gives the same decisions.
 */
class TighteningPropertiesTest {

  @Property
  void fewerViolationsNeverLoosenADecision(@ForAll Mode mode,
      @ForAll @LongRange(max = 100_000) long rows, @ForAll @LongRange(max = 100_000) long more,
      @ForAll @LongRange(max = 100_000) long fewer, @ForAll @LongRange(max = 5000) long minRows) {
    long many = Math.min(rows, Math.max(more, fewer));
    long few = Math.min(rows, Math.min(more, fewer));
    assertThat(adds(mode, rows, few, minRows)).isGreaterThanOrEqualTo(
        adds(mode, rows, many, minRows));
  }

  @Property
  void moreRowsWithoutViolationsNeverLoosenADecision(@ForAll Mode mode,
      @ForAll @LongRange(max = 100_000) long a, @ForAll @LongRange(max = 100_000) long b,
      @ForAll @LongRange(max = 20) long violations, @ForAll @LongRange(max = 5000) long minRows) {
    long few = Math.max(Math.min(a, b), violations);
    long many = Math.max(Math.max(a, b), violations);
    assertThat(adds(mode, many, violations, minRows)).isGreaterThanOrEqualTo(
        adds(mode, few, violations, minRows));
  }

  @Property
  void aStricterModeNeverAddsLessThanALooserOne(@ForAll @LongRange(max = 100_000) long rows,
      @ForAll @LongRange(max = 100) long violations, @ForAll @LongRange(max = 5000) long minRows,
      @ForAll boolean declared) {
    long v = Math.min(rows, violations);
    for (int i = 1; i < Mode.values().length; i++) {
      TighteningPolicy.Evidence e = TighteningPolicy.classify(declared, rows, v, minRows);
      assertThat(TighteningPolicy.decide(Mode.values()[i], e).outcome().creates ? 1 : 0)
          .isGreaterThanOrEqualTo(TighteningPolicy.decide(Mode.values()[i - 1], e).outcome()
              .creates ? 1 : 0);
    }
  }

  @Property(tries = 200)
  void theSameEvidenceGivesTheSameDecisionsAndBytes(@ForAll Mode mode,
      @ForAll @LongRange(max = 5000) long rows, @ForAll @LongRange(max = 30) long violations,
      @ForAll @LongRange(max = 2000) long minRows) {
    TableName t = new TableName("public", "orders");
    List<Candidate> candidates = List.of(
        new Candidate(Kind.NOT_NULL, t, "note", null, null, "nullable column"),
        new Candidate(Kind.UNIQUE, t, "order_no", null, null, "named like a code"),
        new Candidate(Kind.FOREIGN_KEY, t, "customer_id", new TableName("public", "customer"),
            "id", "soft reference"));
    long v = Math.min(rows, violations);
    Map<Candidate, Counts> evidence = Map.of(
        candidates.get(0), new Counts(rows, v, v, List.of()),
        candidates.get(1), new Counts(rows, v, 0, List.of("A'1", "B")),
        candidates.get(2), new Counts(rows, v, 0, List.of(7L, 9L)));
    TargetDialect target = TargetDialect.of("postgres");

    String first = Json.pretty(TighteningDecisions.decide(candidates, evidence, mode, minRows,
        target, Dialects.byId("postgres")));
    String second = Json.pretty(TighteningDecisions.decide(candidates, evidence, mode, minRows,
        target, Dialects.byId("postgres")));

    assertThat(second).isEqualTo(first);
  }

  private static int adds(Mode mode, long rows, long violations, long minRows) {
    return TighteningPolicy.decide(mode, TighteningPolicy.classify(false, rows, violations,
        minRows)).outcome().creates ? 1 : 0;
  }
}
