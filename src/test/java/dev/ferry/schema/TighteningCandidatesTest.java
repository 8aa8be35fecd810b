package dev.ferry.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.TightenOptions;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.ForeignKey;
import dev.ferry.catalog.PrimaryKey;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.catalog.TableName;
import dev.ferry.catalog.UniqueKey;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.schema.TighteningCandidates.Candidate;
import dev.ferry.schema.TighteningCandidates.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that make a column a candidate, in the catalog alone. */
class TighteningCandidatesTest {

  @Test
  void softReferencesAreFoundByNameAndTypeAndDeclaredOnesAreLeftAlone() {
    Catalog catalog = catalog(
        table("customers", "id", col("id", "int4", false), col("name", "varchar", true)),
        table("category", "category_id", col("category_id", "serial", false)),
        table("orders", "id", col("id", "int8", false), col("customerid", "int4", true),
            col("category_id", "int4", false), col("status_id", "int4", false),
            col("order_no", "varchar", false), col("weight", "float8", true)),
        new Table(new TableName("public", "line"), Table.TABLE, List.of(col("id", "int4", false),
            col("customer_id", "int8", false), col("orders_id", "int8", false),
            col("category_id", "int4", false)), new PrimaryKey("pk", List.of("id")), List.of(),
            List.of(new ForeignKey("fk", List.of("category_id"), new TableName("public",
                "category"), List.of("category_id"), "NO ACTION", "NO ACTION",
                ForeignKey.NOT_DEFERRABLE)), List.of(), List.of(), false));

    List<String> refs = TighteningCandidates.find(catalog, List.of()).stream()
        .filter(c -> c.kind() == Kind.FOREIGN_KEY)
        .map(c -> c.table().name() + "." + c.column() + " -> " + c.parent().name()).toList();

    // customerid: Xid, plural parent; category_id: serial is int4; line.customer_id: int8 is not
    // int4; status: no table; line.category_id: declared; category.category_id: its own key
    assertThat(refs).containsExactly("line.orders_id -> orders",
        "orders.category_id -> category", "orders.customerid -> customers");
  }

  @Test
  void uniqueCandidatesAreNamedLikeCodesOfAKeyableTypeAndNotAlreadyKeys() {
    Catalog catalog = catalog(new Table(new TableName("public", "item"), Table.TABLE, List.of(
        col("id", "int4", false), col("sku", "varchar", true), col("EMAIL", "text", true),
        col("part_no", "int4", false), col("zip_code", "bytea", false),
        col("item_number", "float8", false), col("invoice_code", "varchar", false),
        col("codename", "varchar", false)), new PrimaryKey("pk", List.of("id")),
        List.of(new UniqueKey("uk", List.of("invoice_code"), false)), List.of(), List.of(),
        List.of(), false));

    assertThat(TighteningCandidates.find(catalog, List.of()).stream()
        .filter(c -> c.kind() == Kind.UNIQUE).map(Candidate::column))
        .containsExactly("EMAIL", "part_no", "sku");
    assertThat(TighteningCandidates.find(catalog, List.of()).stream()
        .filter(c -> c.kind() == Kind.NOT_NULL).map(Candidate::column))
        .containsExactly("EMAIL", "sku");
  }

  @Test
  void aConfiguredReferenceToAColumnThatIsNoKeyIsRefusedWithItsLine() {
    Catalog catalog = catalog(
        table("customer", "id", col("id", "int4", false), col("name", "varchar", true)),
        table("orders", "id", col("id", "int4", false), col("cust", "int4", true)));

    Candidate ok = TighteningCandidates.find(catalog, List.of(new TightenOptions.Reference(
        "orders.cust", "public.customer.id", "ferry.yaml:4"))).stream()
        .filter(c -> c.kind() == Kind.FOREIGN_KEY).findFirst().orElseThrow();

    assertThat(ok.origin()).isEqualTo("configured reference (ferry.yaml:4)");
    assertThatThrownBy(() -> TighteningCandidates.find(catalog, List.of(
        new TightenOptions.Reference("orders.cust", "customer.name", "ferry.yaml:7"))))
        .isInstanceOf(FerryException.class)
        .hasMessageStartingWith("ferry.yaml:7: tighten.references: 'customer.name' is neither")
        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.CONFIGURATION);
    assertThatThrownBy(() -> TighteningCandidates.find(catalog, List.of(
        new TightenOptions.Reference("order.cust", "customer.id", "ferry.yaml:9"))))
        .hasMessageContaining("ferry.yaml:9:", "no selected table");
  }

  @Test
  void literalsAreEscapedForTheTargetDialect() {
    assertThat(TighteningDecisions.literal("it's a\\b", TargetDialect.of("mysql")))
        .isEqualTo("'it''s a\\\\b'");
    assertThat(TighteningDecisions.literal("it's a\\b", TargetDialect.of("postgres")))
        .isEqualTo("'it''s a\\b'");
    assertThat(TighteningDecisions.literal("ä'", TargetDialect.of("sqlserver")))
        .isEqualTo("N'ä'''");
    assertThat(TighteningDecisions.literal(new java.math.BigDecimal("1E+3"),
        TargetDialect.of("h2"))).isEqualTo("1000");
    assertThat(TighteningDecisions.literal(7L, TargetDialect.of("sqlite"))).isEqualTo("7");
  }

  private static Catalog catalog(Table... tables) {
    return new Catalog(1, "postgres", "app", List.of("public"), TableFilter.all(),
        List.of(tables), "sha256:x");
  }

  private static Table table(String name, String pk, Column... columns) {
    return new Table(new TableName("public", name), Table.TABLE, List.of(columns),
        new PrimaryKey("pk", List.of(pk)), List.of(), List.of(), List.of(), List.of(), false);
  }

  private static Column col(String name, String type, boolean nullable) {
    String jdbc = switch (type) {
      case "varchar", "text" -> "VARCHAR";
      case "bytea" -> "BINARY";
      case "float8" -> "DOUBLE";
      case "int8" -> "BIGINT";
      default -> "INTEGER";
    };
    return new Column(name, type, jdbc, null, null, nullable, null, null);
  }
}
