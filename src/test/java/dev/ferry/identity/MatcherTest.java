package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.IdentityConfig.Fallback;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {

  @Test
  void eachRuleMatchesItsUserAndRecordsWhichRuleDidIt() {
    List<MapRow> rows = Matcher.match(Fixtures.discovery(true), Fixtures.source(),
        Fixtures.target(), Fixtures.config());

    assertThat(rows).extracting(MapRow::sourceKey).containsExactly("1", "2", "3", "4", "5");
    assertThat(rows).extracting(MapRow::targetKey)
        .containsExactly("1001", "1002", "1003", null, null);
    assertThat(rows).extracting(MapRow::status).containsExactly("matched", "matched", "matched",
        "unmatched", "ambiguous");
    assertThat(rows.get(0).matchedBy()).isEqualTo("email (ignore-case)");
    assertThat(rows.get(1).matchedBy()).isEqualTo("external_id");
    assertThat(rows.get(2).matchedBy()).startsWith("email (regex ");
    assertThat(rows.get(4).matchedBy()).isEqualTo("email (ignore-case) matches 1005 1006");
    assertThat(rows).allSatisfy(r -> assertThat(r.references()).isEqualTo(2));
  }

  @Test
  void orphansAndUnreferencedUsersGetNoRow() {
    List<MapRow> rows = Matcher.match(Fixtures.discovery(true), Fixtures.source(),
        Fixtures.target(), Fixtures.config());

    assertThat(rows).extracting(MapRow::sourceKey).doesNotContain("6", "99");
  }

  @Test
  void ambiguousIsNeverResolvedByALaterRuleOrTheFallback() {
    List<MapRow> rows = Matcher.match(Fixtures.discovery(false), Fixtures.source(),
        Fixtures.target(), Fixtures.config(Fallback.parse("default:1004", "test")));

    assertThat(rows.get(4).status()).isEqualTo("ambiguous");
    assertThat(rows.get(4).targetKey()).isNull();
    assertThat(rows.get(3).status()).isEqualTo("default");
    assertThat(rows.get(3).targetKey()).isEqualTo("1004");
  }

  @Test
  void defaultKeyIsNormalisedLikeTargetKeys() {
    List<MapRow> rows = Matcher.match(Fixtures.discovery(false), Fixtures.source(),
        Fixtures.target(), Fixtures.config(Fallback.parse("default:01004", "test")));

    assertThat(rows.get(3).targetKey()).isEqualTo("1004");
    assertThat(rows.get(3).target()).containsEntry("email", "daniel.o@example.com");
  }

  @Test
  void nullAndCreateFallbacksLeaveTheTargetEmpty() {
    for (String fallback : List.of("null", "create")) {
      List<MapRow> rows = Matcher.match(Fixtures.discovery(false), Fixtures.source(),
          Fixtures.target(), Fixtures.config(Fallback.parse(fallback, "test")));

      assertThat(rows.get(3).status()).isEqualTo(fallback);
      assertThat(rows.get(3).targetKey()).isNull();
    }
  }

  @Test
  void ambiguousCandidatesAreListedInKeyOrder() {
    Inventory target = new Inventory("target", dev.ferry.rows.ValueKind.INTEGER, List.of(
        Fixtures.user("10", "erin@example.com", null),
        Fixtures.user("9", "ERIN@example.com", null)));

    List<MapRow> rows = Matcher.match(Fixtures.discovery(false), Fixtures.source(), target,
        Fixtures.config());

    assertThat(rows.get(4).matchedBy()).endsWith("matches 9 10");
  }
}
