package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.error.FerryException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencesTest {

  private static final TableName USER = new TableName("public", "app_user");

  private static Table table(String name, List<String> columns, ForeignKey... fks) {
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      cols.add(new Column(c, "integer", "INTEGER", null, null, !c.equals("id"), null, null));
    }
    return new Table(new TableName("public", name), "table", cols,
        new PrimaryKey(name + "_pkey", List.of("id")), List.of(), List.of(fks), List.of(),
        List.of(), false);
  }

  private static ForeignKey toUser(String column) {
    return new ForeignKey("fk_" + column, List.of(column), USER, List.of("id"), null, null, null);
  }

  private static Catalog catalog() {
    return new Catalog(1, "postgres", "app", List.of("public"), TableFilter.all(), List.of(
        table("app_user", List.of("id", "invited_by"), toUser("invited_by")),
        table("task", List.of("id", "assignee_id", "reporter_id", "project_id"),
            toUser("assignee_id"), toUser("reporter_id"),
            new ForeignKey("fk_project", List.of("project_id"), new TableName("public",
                "project"), List.of("id"), null, null, null)),
        table("audit_log", List.of("id", "actor_id"))), "sha256:x");
  }

  @Test
  void foreignKeysToTheIdentityKeyAndSoftReferencesSorted() {
    assertThat(References.of(catalog(), Fixtures.config())).extracting(ColumnRef::qualified)
        .containsExactly("public.audit_log.actor_id", "public.task.assignee_id",
            "public.task.reporter_id");
  }

  @Test
  void theIdentityTablesOwnReferencesAreLeftOutBecauseItsRowsAreNeverCopied() {
    assertThat(References.of(catalog(), Fixtures.config())).extracting(ColumnRef::qualified)
        .doesNotContain("public.app_user.invited_by");
  }

  @Test
  void softReferenceToAMissingColumnIsAConfigurationError() {
    IdentityConfig config = new IdentityConfig("app_user", "id", List.of(),
        IdentityConfig.Fallback.parse("fail", "t"), List.of("audit_log.who"));

    assertThatThrownBy(() -> References.of(catalog(), config))
        .isInstanceOf(FerryException.class)
        .hasMessageContaining("soft reference audit_log.who: table public.audit_log has no"
            + " column who");
  }

  @Test
  void unknownIdentityTableNamesTheTablesRead() {
    IdentityConfig config = new IdentityConfig("users", "id", List.of(),
        IdentityConfig.Fallback.parse("fail", "t"), List.of());

    assertThatThrownBy(() -> References.identityTable(catalog(), config))
        .hasMessageContaining("identity table 'users'").hasMessageContaining("public.task");
  }
}
