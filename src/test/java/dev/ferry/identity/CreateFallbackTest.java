package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.catalog.Column;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableName;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateFallbackTest {

  private static Column column(String name, boolean nullable, String defaultValue,
      String generation) {
    return new Column(name, "integer", "INTEGER", 10, 0, nullable, defaultValue, generation);
  }

  private static Table users(Column... columns) {
    return new Table(new TableName("public", "app_user"), Table.TABLE, List.of(columns),
        new PrimaryKey("pk", List.of("id")), List.of(), List.of(), List.of(), List.of(), false);
  }

  @Test
  void aGeneratedKeyAndColumnsTheSourceFillsAreEnough() {
    Table source = users(column("id", false, null, null), column("email", false, null, null));
    Table target = users(column("id", false, null, "identity-by-default"),
        column("email", false, null, null), column("created_at", false, "now()", null),
        column("note", true, null, null));

    assertThat(CreateFallback.obstacles(source, target, "id")).isEmpty();
  }

  @Test
  void aKeyTheTargetDoesNotGenerateAndAnUnfillableColumnAreNamed() {
    Table source = users(column("id", false, null, null));
    Table target = users(column("id", false, null, null), column("tenant", false, null, null));

    assertThat(CreateFallback.obstacles(source, target, "ID")).containsExactly(
        "the target's key public.app_user.id has no generated value (identity, serial,"
            + " auto-increment or a default), so ferry cannot ask the target for a new key",
        "the target's column public.app_user.tenant is NOT NULL without a default and the"
            + " source's users have no such column");
  }

  @Test
  void usersFromAFileCannotBeCreated() {
    assertThat(CreateFallback.obstacles(null, null, "id")).singleElement().asString()
        .contains("--target-users");
  }
}
