package dev.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

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
}
