package dev.ferry.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerificationReport.Difference;
import dev.ferry.api.VerificationReport.Failure;
import dev.ferry.api.VerificationReport.OrphanResult;
import dev.ferry.json.Json;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small shop (customers, orders, a keyless tag table) on PostgreSQL and MariaDB with the same
 * data, the faults the verification tests inject, and assertions that each is located.
 */
final class Shop {

  static final String POSTGRES = """
      CREATE TABLE customer (id int PRIMARY KEY, name varchar(100) NOT NULL, email varchar(200),
        note text, balance numeric(12, 2), joined date, active boolean);
      CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL, placed timestamp(6),
        total numeric(12, 2), ratio double precision,
        CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id));
      CREATE TABLE tag (label varchar(50), weight int)
      """;

  static final String MARIADB = """
      CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(200),
        note LONGTEXT, balance DECIMAL(12, 2), joined DATE, active TINYINT(1));
      CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, placed DATETIME(6),
        total DECIMAL(12, 2), ratio DOUBLE,
        CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customer (id));
      CREATE TABLE tag (label VARCHAR(50), weight INT)
      """;

  static final int CUSTOMERS = 200;
  static final int ORDERS = 600;

  private Shop() {}

  /** A database of the engine with the shop's tables, empty. */
  static TestDatabase empty(String engine) {
    TestDatabase db = engine.equals("postgres") ? TestDatabases.freshPostgres()
        : TestDatabases.freshMariaDb();
    Db.script(db, engine.equals("postgres") ? POSTGRES : MARIADB);
    return db;
  }

  /** A database of the engine with the shop's tables and data. */
  static TestDatabase filled(String engine) {
    TestDatabase db = empty(engine);
    Db.exec(db, data(engine).toArray(new String[0]));
    return db;
  }

  static List<String> data(String engine) {
    boolean pg = engine.equals("postgres");
    List<String> statements = new ArrayList<>();
    StringBuilder customers = new StringBuilder("INSERT INTO customer VALUES ");
    for (int i = 1; i <= CUSTOMERS; i++) {
      customers.append(i > 1 ? ", " : "").append(String.format(Locale.ROOT,
          "(%d, 'Customer %d', %s, %s, %.2f, DATE '2020-01-01' + %s, %s)", i, i,
          i % 7 == 0 ? "NULL" : "'c" + i + "@example.com'",
          i % 5 == 0 ? "NULL" : "'note " + i + "'", i * 1.25,
          pg ? String.valueOf(i) : "INTERVAL " + i + " DAY",
          pg ? (i % 2 == 0 ? "true" : "false") : (i % 2 == 0 ? "1" : "0")));
    }
    statements.add(customers.toString());
    StringBuilder orders = new StringBuilder("INSERT INTO orders VALUES ");
    for (int j = 1; j <= ORDERS; j++) {
      orders.append(j > 1 ? ", " : "").append(String.format(Locale.ROOT,
          "(%d, %d, TIMESTAMP '2024-01-01 00:00:00' + %s, %.2f, %s)", j, (j % CUSTOMERS) + 1,
          pg ? "INTERVAL '" + j + " minutes " + j + " microseconds'"
              : "INTERVAL " + (j * 60_000_000L + j) + " MICROSECOND",
          j * 0.5, Double.toString(j / 3.0)));
    }
    statements.add(orders.toString());
    statements.add("INSERT INTO tag VALUES ('red', 1), ('red', 1), ('blue', NULL), (NULL, 2)");
    return statements;
  }

  /** One fault as SQL on the target, and how to find it in the report. */
  enum Fault {
    CHANGED_CELL("UPDATE customer SET name = 'Mallory' WHERE id = 42"),
    MISSING_ROW("DELETE FROM orders WHERE id = 77"),
    EXTRA_ROW("INSERT INTO orders VALUES (9999, 1, NULL, 1.00, NULL)"),
    NULL_TO_EMPTY("UPDATE customer SET note = '' WHERE id = 5"),
    MISSING_KEYLESS_ROW("DELETE FROM tag WHERE label = 'blue'"),
    ORPHAN(null);

    final String sql;

    Fault(String sql) {
      this.sql = sql;
    }

    /** Injects the fault into a target database of the engine. */
    void inject(TestDatabase target) {
      if (this != ORPHAN) {
        Db.exec(target, sql);
      } else if (target.engine().equals("postgres")) {
        Db.exec(target, "ALTER TABLE orders DISABLE TRIGGER ALL",
            "INSERT INTO orders VALUES (10001, 999999, NULL, 2.00, NULL)",
            "ALTER TABLE orders ENABLE TRIGGER ALL");
      } else {
        Db.exec(target, "SET FOREIGN_KEY_CHECKS = 0",
            "INSERT INTO orders VALUES (10001, 999999, NULL, 2.00, NULL)");
      }
    }

    /** Asserts the report names this fault's table, key and column. */
    void assertLocated(VerificationReport report) {
      assertThat(report.passed()).isFalse();
      switch (this) {
        case CHANGED_CELL -> {
          assertThat(difference(report, "customer", "changed", "42").columns())
              .singleElement().satisfies(c -> {
                assertThat(c.column()).isEqualTo("name");
                assertThat(c.source()).isEqualTo("Customer 42");
                assertThat(c.target()).isEqualTo("Mallory");
              });
          assertThat(failures(report, "checksum")).anySatisfy(f -> {
            assertThat(f.table()).endsWith("customer");
            assertThat(f.column()).isEqualTo("name");
          });
        }
        case MISSING_ROW -> {
          difference(report, "orders", "missing", "77");
          assertThat(failures(report, "row-count")).anySatisfy(f -> {
            assertThat(f.table()).endsWith("orders");
            assertThat(f.message()).startsWith("source " + ORDERS + " rows, target ");
          });
        }
        case EXTRA_ROW -> difference(report, "orders", "extra", "9999");
        case NULL_TO_EMPTY -> {
          assertThat(difference(report, "customer", "changed", "5").columns())
              .singleElement().satisfies(c -> {
                assertThat(c.column()).isEqualTo("note");
                assertThat(c.source()).isNull();
                assertThat(c.target()).isEmpty();
              });
          assertThat(failures(report, "null-count")).anySatisfy(f -> {
            assertThat(f.table()).endsWith("customer");
            assertThat(f.column()).isEqualTo("note");
          });
        }
        case MISSING_KEYLESS_ROW -> {
          Difference d = report.tables().stream().filter(t -> t.table().endsWith("tag"))
              .findFirst().orElseThrow().differences().listed().get(0);
          assertThat(d.kind()).isEqualTo("missing");
          assertThat(d.rows()).isEqualTo(1L);
          assertThat(d.key()).contains("blue");
        }
        case ORPHAN -> {
          OrphanResult o = report.orphans().stream()
              .filter(x -> x.constraint().endsWith("orders.orders_customer_fk")).findFirst()
              .orElseThrow();
          assertThat(o.passed()).isFalse();
          assertThat(o.orphans()).isEqualTo(1);
          assertThat(o.listed()).containsExactly("id", "customer_id");
          assertThat(o.keys()).containsExactly(List.of("10001", "999999"));
          assertThat(failures(report, "orphans")).singleElement()
              .satisfies(f -> assertThat(f.column()).endsWith("orders_customer_fk"));
          difference(report, "orders", "extra", "10001");
        }
        default -> throw new IllegalStateException(name());
      }
    }
  }

  static Difference difference(VerificationReport report, String table, String kind,
      String key) {
    VerificationReport.TableResult t = report.tables().stream()
        .filter(x -> x.table().endsWith("." + table) || x.table().equals(table)).findFirst()
        .orElseThrow();
    assertThat(t.differences()).as(table + " differences").isNotNull();
    return t.differences().listed().stream()
        .filter(d -> d.kind().equals(kind) && d.key().equals(List.of(key))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + key + " in "
            + t.differences().listed()));
  }

  static List<Failure> failures(VerificationReport report, String rule) {
    return report.rule(rule).orElseThrow().failures();
  }

  /** The verification.json a run wrote, read back. */
  static VerificationReport read(Path dir) {
    try {
      return Json.mapper().readValue(dir.resolve("verification.json").toFile(),
          VerificationReport.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
