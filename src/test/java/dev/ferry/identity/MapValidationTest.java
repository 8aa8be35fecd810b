package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.IdentityConfig;
import dev.ferry.api.IdentityConfig.Fallback;
import dev.ferry.rows.ValueKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapValidationTest {

  @TempDir Path dir;

  private MapValidation check(Path map, Discovery discovery, IdentityConfig config) {
    return MapValidation.check(map.toString(), UserMapFile.read(map), discovery,
        Fixtures.source(), Fixtures.target(), config);
  }

  private MapValidation check(String... rows) {
    return check(Fixtures.map(dir, rows), Fixtures.discovery(false), Fixtures.config());
  }

  private static Problem only(MapValidation v) {
    assertThat(v.valid()).isFalse();
    assertThat(v.fingerprint()).isNull();
    assertThat(v.problems()).hasSize(1);
    return v.problems().get(0);
  }

  @Test
  void completeMapIsValidAndCountsStatusesAsValidationDecidesThem() {
    MapValidation v = check(Fixtures.validRows());

    assertThat(v.problems()).isEmpty();
    assertThat(v.valid()).isTrue();
    assertThat(v.referencedUsers()).isEqualTo(5);
    assertThat(v.fingerprint()).startsWith("sha256:");
    // the file still says unmatched and ambiguous for 4 and 5: the operator filled them
    assertThat(v.byStatus()).isEqualTo(Map.of("matched", 3L, "operator", 2L));
  }

  @Test
  void operatorOverridingAMatchIsCountedAsOperator() {
    String[] rows = Fixtures.validRows();
    rows[0] = "1,1004,matched,email (ignore-case),2,,,,";

    MapValidation v = check(rows);

    assertThat(v.valid()).isTrue();
    assertThat(v.byStatus()).isEqualTo(Map.of("matched", 2L, "operator", 3L));
  }

  @Test
  void fingerprintDependsOnThePairsOnly() {
    String first = check(Fixtures.validRows()).fingerprint();
    String[] reordered = Fixtures.validRows();
    List<String> rows = new java.util.ArrayList<>(List.of(reordered));
    java.util.Collections.reverse(rows);
    String second = check(rows.toArray(String[]::new)).fingerprint();
    String[] changed = Fixtures.validRows();
    changed[4] = "5,1005,ambiguous,,2,,,,";

    assertThat(second).isEqualTo(first);
    assertThat(check(changed).fingerprint()).isNotEqualTo(first);
  }

  @Test
  void targetMissingFromTheInventoryIsReportedWithLineAndValue() {
    String[] rows = Fixtures.validRows();
    rows[3] = "4,4711,unmatched,,2,,,,";

    Problem p = only(check(rows));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.value()).isEqualTo("4711");
    assertThat(p.render()).contains("user-map.csv:5: no such user in the target")
        .contains("value '4711'").contains("use the key of an existing target user");
  }

  @Test
  void sourceListedTwiceIsReportedAtTheSecondLineWithTheFirst() {
    String[] rows = Fixtures.validRows();
    MapValidation v = check(rows[0], rows[1], rows[2], rows[3], rows[4], "2,1003,operator,,2,,,,");

    Problem p = only(v);
    assertThat(p.line()).isEqualTo(7);
    assertThat(p.value()).isEqualTo("2");
    assertThat(p.message()).isEqualTo("source key listed twice, first at line 3");
  }

  @Test
  void rowForAnOrphanIsReportedAtItsLineBesidesTheOrphanItself() {
    String[] rows = Fixtures.validRows();
    MapValidation v = check(Fixtures.map(dir, rows[0], rows[1], rows[2], rows[3], rows[4],
        "99,1004,operator,,1,,,,"), Fixtures.discovery(true), Fixtures.config());

    assertThat(v.valid()).isFalse();
    assertThat(v.problems()).hasSize(2);
    assertThat(v.problems().get(0).line()).isZero();
    assertThat(v.problems().get(0).message()).contains("key 99 is referenced by 1 rows but"
        + " missing from the source's identity table (orphan)");
    assertThat(v.problems().get(1).line()).isEqualTo(7);
    assertThat(v.problems().get(1).value()).isEqualTo("99");
    assertThat(v.problems().get(1).message()).contains("(an orphan)");
    assertThat(v.referencedUsers()).isEqualTo(5);
  }

  @Test
  void orphanAloneMakesAnOtherwiseCompleteMapInvalid() {
    MapValidation v = check(Fixtures.map(dir, Fixtures.validRows()), Fixtures.discovery(true),
        Fixtures.config());

    Problem p = only(v);
    assertThat(p.value()).isEqualTo("99");
    assertThat(p.fix()).contains("fix those rows in the source");
  }

  @Test
  void referencedUserWithoutARowIsReported() {
    String[] rows = Fixtures.validRows();

    Problem p = only(check(rows[0], rows[1], rows[2], rows[4]));

    assertThat(p.value()).isEqualTo("4");
    assertThat(p.message()).contains("referenced by 2 rows but has no row in the map");
    assertThat(p.fix()).contains("re-run 'ferry users map'");
  }

  @Test
  void openRowsAreReportedAsUnmatchedOrAmbiguous() {
    MapValidation v = check("1,1001,matched,,2,,,,", "2,1002,matched,,2,,,,",
        "3,1003,matched,,2,,,,", "4,,unmatched,,2,,,,", "5,,ambiguous,,2,,,,");

    assertThat(v.problems()).extracting(Problem::line).containsExactly(5, 6);
    assertThat(v.problems().get(0).message()).startsWith("no target user for source user 4");
    assertThat(v.problems().get(1).message())
        .startsWith("ambiguous: email (ignore-case) matches 1005 1006");
    assertThat(v.byStatus()).isEqualTo(Map.of("matched", 3L, "unmatched", 1L, "ambiguous", 1L));
    assertThat(v.byOutcome())
        .isEqualTo(Map.of("ok", 3L, "policy_denied", 1L, "duplicate", 1L));
  }

  @Test
  void textInAnIntegerKeyIsAWrongKeyType() {
    String[] rows = Fixtures.validRows();
    rows[3] = "4,dan,unmatched,,2,,,,";
    rows[1] = "two,1002,matched,,2,,,,";

    MapValidation v = check(rows);

    assertThat(v.problems()).filteredOn(p -> p.line() > 0).extracting(Problem::line)
        .containsExactly(3, 5);
    Problem source = v.problems().stream().filter(p -> p.line() == 3).findFirst().orElseThrow();
    assertThat(source.render()).contains("the source key is not an integer key (source keys are"
        + " INTEGER)").contains("value 'two'");
    Problem target = v.problems().stream().filter(p -> p.line() == 5).findFirst().orElseThrow();
    assertThat(target.render()).contains("the target key is not an integer key")
        .contains("value 'dan'");
  }

  @Test
  void nonGuidInAGuidKeyIsAWrongKeyType() {
    Inventory source = new Inventory("source", ValueKind.UUID, List.of(
        Fixtures.user("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "x@qa.example.com", null)));
    Inventory target = new Inventory("target", ValueKind.UUID, List.of(
        Fixtures.user("b1eebc99-9c0b-4ef8-bb6d-6bb9bd380a22", "y@example.com", null)));
    java.util.Map<String, Long> referenced = new java.util.TreeMap<>();
    referenced.put("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", 1L);
    Discovery discovery = new Discovery("app_user", "id", List.of(), referenced, List.of());
    Path map = Fixtures.map(dir, "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11,1234,operator,,1,,,,");

    MapValidation v = MapValidation.check(map.toString(), UserMapFile.read(map), discovery,
        source, target, Fixtures.config());

    Problem p = only(v);
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.value()).isEqualTo("1234");
    assertThat(p.message()).contains("is not a GUID/UUID key (target keys are UUID)");

    Path fixed = Fixtures.map(dir,
        "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11,B1EEBC99-9C0B-4EF8-BB6D-6BB9BD380A22,,,1,,,,");
    assertThat(MapValidation.check(fixed.toString(), UserMapFile.read(fixed), discovery, source,
        target, Fixtures.config()).valid()).as("GUIDs compare ignoring case").isTrue();
  }

  @Test
  void nullFallbackIsRefusedWhileAReferenceColumnIsNotNull() {
    var config = Fixtures.config(Fallback.parse("null", "test"));
    String[] rows = Fixtures.validRows();
    rows[3] = "4,,null,,2,,,,";

    MapValidation refused = check(Fixtures.map(dir, rows), Fixtures.discovery(false), config);
    MapValidation allowed = check(Fixtures.map(dir, rows), Fixtures.discovery(false, true),
        config);

    Problem p = only(refused);
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("NOT NULL: public.task.reporter_id");
    assertThat(allowed.valid()).isTrue();
    assertThat(allowed.byStatus()).containsEntry("null", 1L);
  }

  @Test
  void defaultThatIsNoTargetUserPointsAtTheConfiguration() {
    var config = Fixtures.config(Fallback.parse("default:4711", "test"));
    String[] rows = Fixtures.validRows();
    rows[3] = "4,4711,default,unmatched: default:4711,2,,,,";

    Problem p = only(check(Fixtures.map(dir, rows), Fixtures.discovery(false), config));

    assertThat(p.line()).isEqualTo(5);
    assertThat(p.value()).isEqualTo("4711");
    assertThat(p.message()).contains("default:4711 names no user of the target");
    assertThat(p.fix()).contains("identity.unmatched in ferry.yaml");
  }

  @Test
  void createFallbackLeavesTheUserToTheCopyWhenTheTargetCanCreate() {
    var config = Fixtures.config(Fallback.parse("create", "test"));
    String[] rows = Fixtures.validRows();
    rows[3] = "4,,create,,2,,,,";
    Path map = Fixtures.map(dir, rows);

    MapValidation v = check(map, Fixtures.discovery(false), config);

    assertThat(v.problems()).isEmpty();
    assertThat(v.toCreate()).containsExactly("4");
    assertThat(v.byStatus()).containsEntry("create", 1L);
  }

  @Test
  void createFallbackIsRefusedWithTheReasonWhenTheTargetCannotCreate() {
    var config = Fixtures.config(Fallback.parse("create", "test"));
    String[] rows = Fixtures.validRows();
    rows[3] = "4,,create,,2,,,,";
    Path map = Fixtures.map(dir, rows);

    MapValidation v = MapValidation.check(map.toString(), UserMapFile.read(map),
        Fixtures.discovery(false), Fixtures.source(), Fixtures.target(), config,
        List.of("the target's users come from a file"));

    Problem p = only(v);
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("the fallback is create, but the target's users come from"
        + " a file");
    assertThat(v.toCreate()).isEmpty();
  }

  @Test
  void formatProblemsComeFirstAndAnUnreadableRestIsNotCalledMissing() {
    String[] rows = Fixtures.validRows();
    Path map = Fixtures.map(dir, rows[0], "2,\"1002,matched,,2,,,,", rows[2], rows[3], rows[4]);

    MapValidation v = check(map, Fixtures.discovery(false), Fixtures.config());

    Problem p = only(v);
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.message()).contains("malformed CSV");
  }

  @Test
  void unreferencedRowsAreHarmless() {
    String[] rows = Fixtures.validRows();
    MapValidation v = check(rows[0], rows[1], rows[2], rows[3], rows[4], "6,,unmatched,,0,,,,");

    assertThat(v.valid()).isTrue();
    assertThat(v.byStatus()).containsEntry("unreferenced", 1L);
  }

  @Test
  void severalSourceUsersOnOneTargetAreListedWarnedAboutOrRefusedAsConfigured() {
    // given: the operator sends 4 and 5 both to 1001, Alice's target
    String[] rows = Fixtures.validRows();
    rows[3] = "4,1001,operator,,2,,,,";
    rows[4] = "5,1001,operator,,2,,,,";
    IdentityConfig base = Fixtures.config();

    // when
    MapValidation warned = check(Fixtures.map(dir, rows), Fixtures.discovery(false), base);
    MapValidation allowed = check(Fixtures.map(dir, rows), Fixtures.discovery(false),
        withManyToOne(base, IdentityConfig.ManyToOne.ALLOW));
    MapValidation refused = check(Fixtures.map(dir, rows), Fixtures.discovery(false),
        withManyToOne(base, IdentityConfig.ManyToOne.REFUSE));

    // then
    assertThat(warned.valid()).isTrue();
    assertThat(warned.manyToOne()).isEqualTo(Map.of("1001", List.of("1", "4", "5")));
    assertThat(warned.warnings()).singleElement().asString().startsWith(
        "target user 1001 is the target of 3 source users: 1 (line 2), 4 (line 5), 5 (line 6)");
    assertThat(allowed.valid()).isTrue();
    assertThat(allowed.manyToOne()).isEqualTo(warned.manyToOne());
    assertThat(allowed.warnings()).isEmpty();
    Problem p = only(refused);
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.value()).isEqualTo("1001");
    assertThat(p.message()).contains("many-to-one maps are refused (identity.many-to-one)");
    assertThat(refused.manyToOne()).isEqualTo(warned.manyToOne());
  }

  @Test
  void theDefaultFallbackMapsManyToOneByDesignAndIsNotCounted() {
    var config = withManyToOne(Fixtures.config(Fallback.parse("default:1001", "test")),
        IdentityConfig.ManyToOne.REFUSE);
    String[] rows = Fixtures.validRows();
    rows[3] = "4,1001,default,unmatched: default:1001,2,,,,";

    MapValidation v = check(Fixtures.map(dir, rows), Fixtures.discovery(false), config);

    assertThat(v.valid()).as(v.problems().toString()).isTrue();
    assertThat(v.manyToOne()).isEmpty();
  }

  private static IdentityConfig withManyToOne(IdentityConfig c, IdentityConfig.ManyToOne policy) {
    return new IdentityConfig(c.table(), c.key(), c.match(), c.unmatched(), c.softReferences(),
        policy, Map.of());
  }
}
