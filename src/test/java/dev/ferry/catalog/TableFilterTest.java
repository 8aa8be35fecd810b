package dev.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFilterTest {

  private static final TableName ORDERS = new TableName("sales", "order_line");
  private static final TableName AUDIT = new TableName("public", "audit_log");

  @Test
  void emptyFilterAcceptsEverything() {
    assertThat(TableFilter.all().accepts(ORDERS)).isTrue();
  }

  @Test
  void globWithoutDotMatchesTheTableNameInAnySchema() {
    TableFilter filter = new TableFilter(List.of(), List.of("audit_*"), false);

    assertThat(filter.accepts(AUDIT)).isFalse();
    assertThat(filter.accepts(ORDERS)).isTrue();
  }

  @Test
  void globWithDotMatchesTheQualifiedNameIgnoringCase() {
    TableFilter filter = new TableFilter(List.of("SALES.*"), List.of(), false);

    assertThat(filter.accepts(ORDERS)).isTrue();
    assertThat(filter.accepts(AUDIT)).isFalse();
  }

  @Test
  void questionMarkIsOneCharacterAndRegexCharactersAreLiteral() {
    assertThat(new TableFilter(List.of("order_lin?"), List.of(), false).accepts(ORDERS)).isTrue();
    assertThat(new TableFilter(List.of("order.line"), List.of(), false)
        .accepts(new TableName(null, "orderXline"))).isFalse();
  }

  @Test
  void excludeWinsOverInclude() {
    TableFilter filter = new TableFilter(List.of("*"), List.of("order_*"), false);

    assertThat(filter.accepts(ORDERS)).isFalse();
  }

  @Test
  void aGlobThatMatchesNoTableIsRefusedWithTheNearestNames() {
    List<TableName> tables = List.of(AUDIT, ORDERS, new TableName("public", "app_user"),
        new TableName("public", "attachment"));
    TableFilter typo = new TableFilter(List.of("order_*"), List.of("audti_*"), false);

    assertThatThrownBy(() -> typo.requireEveryGlobMatches(tables, "schema public"))
        .isInstanceOf(FerryException.class)
        .hasMessage("--exclude 'audti_*' matches no table in schema public; nearest: audit_log."
            + " A glob that matches nothing leaves nothing out: check its spelling.")
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INPUT));
    new TableFilter(List.of("order_*", "SALES.*"), List.of("audit_?og"), false)
        .requireEveryGlobMatches(tables, "schema public");
  }

  @Test
  void nearestNamesAreQualifiedWhenTheGlobIs() {
    assertThat(TableFilter.nearest("sales.ordr_line", List.of(ORDERS, AUDIT), 3))
        .containsExactly("sales.order_line");
    assertThat(TableFilter.distance("audti_*", "audit_log")).isEqualTo(2);
    assertThat(TableFilter.distance("a?dit*", "audit_log")).isZero();
  }

  @Test
  void whenNoNameIsCloseTheTablesThereAreAreListed() {
    List<TableName> tables = List.of(AUDIT, ORDERS, new TableName("public", "app_user"));

    assertThat(TableFilter.closest("nope*", tables))
        .isEqualTo("no name is close; there are: app_user, audit_log, order_line");
    assertThat(TableFilter.closest("app_usr", tables)).isEqualTo("nearest: app_user");
  }
}
