package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.TableName;
import dev.ferry.rows.CopyColumn;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.ValueKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemapTransformerTest {

  private static final TableName TASK = new TableName("public", "task");
  private static final List<ColumnRef> REFS = List.of(new ColumnRef(TASK, "assignee_id"),
      new ColumnRef(TASK, "reporter_id"));

  private static TablePlan load() {
    return new TablePlan(TASK, TASK, List.of(
        new CopyColumn("id", "id", ValueKind.INTEGER, false),
        new CopyColumn("assignee_id", "assignee_id", ValueKind.INTEGER, true),
        new CopyColumn("title", "title", ValueKind.TEXT, false),
        new CopyColumn("reporter_id", "reporter_id", ValueKind.INTEGER, false)),
        List.of("id"), Set.of(), false, List.of());
  }

  private static RemapTransformer transformer() {
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("1", "1001", "2", "1002", "3", "1003"),
        Set.of(), "sha256:x");
    return new RemapTransformer(REFS, map, Fixtures.target());
  }

  @Test
  void rewritesReferenceColumnsOnlyAndKeepsNulls() {
    RemapTransformer remap = transformer();

    Object[] row = remap.transform(load(), new Object[] {7, null, "1", 2});
    Object[] other = remap.transform(load(), new Object[] {8, 3, "title", 1L});

    assertThat(row).containsExactly(7, null, "1", 1002L);
    assertThat(other).containsExactly(8, 1003L, "title", 1001L);
  }

  @Test
  void provesPerColumnThatNullsWereKeptAndEveryValueIsATargetUser() {
    RemapTransformer remap = transformer();
    remap.transform(load(), new Object[] {7, null, "x", 2});
    remap.transform(load(), new Object[] {8, 3, "y", 1});

    Map<String, RemapTransformer.ColumnProof> proof = remap.proof();

    assertThat(proof.keySet()).containsExactly("public.task.assignee_id",
        "public.task.reporter_id");
    assertThat(proof.get("public.task.assignee_id")).isEqualTo(
        new RemapTransformer.ColumnProof(2, 1, 1, 1, true, 0, true));
    assertThat(proof.get("public.task.reporter_id")).isEqualTo(
        new RemapTransformer.ColumnProof(2, 2, 0, 0, true, 0, true));
  }

  @Test
  void targetKeyThatIsNoTargetUserIsCounted() {
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("1", "4711"), Set.of(), "sha256:x");
    RemapTransformer remap = new RemapTransformer(REFS, map, Fixtures.target());

    remap.transform(load(), new Object[] {7, null, "x", 1});

    assertThat(remap.proof().get("public.task.reporter_id").allInTarget()).isFalse();
    assertThat(remap.proof().get("public.task.reporter_id").notInTarget()).isEqualTo(1);
  }

  @Test
  void fixupRowsAreRewrittenKeyIncludedButNotCountedTwice() {
    // user_preference is keyed by its user: a fix-up UPDATE must find the row by the target's key
    TableName pref = new TableName("public", "user_preference");
    TablePlan fixup = new TablePlan(pref, pref, List.of(
        new CopyColumn("user_id", "user_id", ValueKind.INTEGER, false),
        new CopyColumn("delegate_id", "delegate_id", ValueKind.INTEGER, true)),
        List.of("user_id"), Set.of(), false, List.of("delegate_id"));
    UserMap map = new UserMap(ValueKind.INTEGER, ValueKind.INTEGER, Map.of("1", "1001", "2", "1002"), Set.of(),
        "sha256:x");
    RemapTransformer remap = new RemapTransformer(List.of(new ColumnRef(pref, "delegate_id"),
        new ColumnRef(pref, "user_id")), map, Fixtures.target());

    Object[] row = remap.transform(fixup, new Object[] {1, 2});

    assertThat(row).containsExactly(1001L, 1002L);
    assertThat(remap.proof().get("public.user_preference.user_id").rows()).isZero();
  }

  @Test
  void tablesWithoutReferencesPassUntouched() {
    TableName other = new TableName("public", "category");
    TablePlan plan = new TablePlan(other, other, List.of(
        new CopyColumn("id", "id", ValueKind.INTEGER, false)), List.of("id"), Set.of(), false,
        List.of());
    Object[] row = {1};

    assertThat(transformer().transform(plan, row)).isSameAs(row).containsExactly(1);
  }

  @Test
  void rewritingForAPreflightLookIsNotCounted() {
    RemapTransformer remap = transformer();

    Object[] row = remap.rewrite(load(), new Object[] {7, 3, "x", 1});

    assertThat(row).containsExactly(7, 1003L, "x", 1001L);
    assertThat(remap.proof().get("public.task.reporter_id").rows()).isZero();
  }
}
