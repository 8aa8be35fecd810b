package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.IdentityConfig;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableFilter;
import dev.ferry.dialect.CatalogReader;
import dev.ferry.dialect.Dialect;
import dev.ferry.dialect.Dialects;
import dev.ferry.testing.TestDatabase;
import dev.ferry.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the references are counted from COPY's stream of the reference columns; the
 * counts must be exactly those of grouping them in the database (the way every other engine
 * counts): per column rows, NULLs and distinct keys, per key its references, and the orphans.
 */
class DiscoveryCountingIT {

  /**
   * Integer keys: several columns per table, int4 and int8, NULLs, orphans; a child table (which
   * inherits no foreign key, so its rows are no references) must not be counted with its parent.
   */
  static final String INTEGERS = """
      CREATE TABLE app_user (id bigint PRIMARY KEY, email text);
      INSERT INTO app_user VALUES (1, 'a'), (2, 'b'), (3, 'c'), (-5, 'minus'), (0, 'zero'),
        (9223372036854775807, 'max');
      CREATE TABLE doc (id int PRIMARY KEY, author bigint, editor bigint, reviewer int);
      INSERT INTO doc VALUES (1, 1, 2, NULL), (2, 1, 1, 3), (3, -5, NULL, NULL),
        (4, 9223372036854775807, 0, 0), (5, 99, 99, 98), (6, 2, 2, 2);
      CREATE TABLE doc_archive (note text) INHERITS (doc);
      INSERT INTO doc_archive VALUES (7, 3, 1, 1, 'old'), (8, 97, NULL, NULL, 'orphan');
      CREATE TABLE note (id int PRIMARY KEY, by_user int);
      INSERT INTO note VALUES (1, 1), (2, NULL), (3, 3), (4, -5);
      ALTER TABLE doc ADD FOREIGN KEY (author) REFERENCES app_user NOT VALID;
      ALTER TABLE doc ADD FOREIGN KEY (editor) REFERENCES app_user NOT VALID;
      ALTER TABLE doc ADD FOREIGN KEY (reviewer) REFERENCES app_user NOT VALID;
      ALTER TABLE note ADD FOREIGN KEY (by_user) REFERENCES app_user NOT VALID;
      """;

  /** Text keys that COPY escapes, in two columns of one table. */
  static final String TEXTS = """
      CREATE TABLE login (name text PRIMARY KEY, email text);
      INSERT INTO login VALUES (E'tab\\there', 'a'), (E'back\\\\slash', 'b'), ('\\N', 'c'),
        (E'line\\nbreak', 'd'), ('é€😀', 'e');
      CREATE TABLE post (id int PRIMARY KEY, author text, editor text);
      INSERT INTO post VALUES (1, E'tab\\there', '\\N'), (2, E'back\\\\slash', NULL),
        (3, '\\N', '\\N'), (4, E'line\\nbreak', 'é€😀'), (5, 'nobody', E'tab\\there');
      ALTER TABLE post ADD FOREIGN KEY (author) REFERENCES login NOT VALID;
      ALTER TABLE post ADD FOREIGN KEY (editor) REFERENCES login NOT VALID;
      """;

  @Test
  void integerKeysCountAsGroupedInTheDatabase() throws Exception {
    Discovery[] both = countBothWays(INTEGERS, "app_user", "id");

    assertThat(both[0]).isEqualTo(both[1]);
    // and the counts are what the rows say, so that the two ways agree on something real
    assertThat(both[0].referenced()).containsEntry("1", 4L).containsEntry("-5", 2L)
        .containsEntry("9223372036854775807", 1L).containsEntry("0", 2L)
        .containsEntry("99", 2L);
    assertThat(both[0].orphans()).extracting(Discovery.Orphan::key)
        .containsExactlyInAnyOrder("98", "99");
    assertThat(both[0].columns()).anySatisfy(c -> {
      assertThat(c.column()).endsWith("doc.editor");
      assertThat(c.rows()).isEqualTo(6);
      assertThat(c.nulls()).isEqualTo(1);
      assertThat(c.distinctKeys()).isEqualTo(4);
    });
  }

  @Test
  void textKeysThatCopyEscapesCountAsGroupedInTheDatabase() throws Exception {
    Discovery[] both = countBothWays(TEXTS, "login", "name");

    assertThat(both[0]).isEqualTo(both[1]);
    assertThat(both[0].referenced()).containsEntry("tab\there", 2L)
        .containsEntry("back\\slash", 1L).containsEntry("\\N", 3L)
        .containsEntry("line\nbreak", 1L).containsEntry("é€😀", 1L);
    assertThat(both[0].orphans()).extracting(Discovery.Orphan::key).containsExactly("nobody");
  }

  /** The discovery from COPY's stream, then the one grouped in the database. */
  private static Discovery[] countBothWays(String script, String table, String key)
      throws Exception {
    TestDatabase db = TestDatabases.freshPostgres();
    Db.script(db, script);
    Dialect dialect = Dialects.forUrl(db.url());
    IdentityConfig config = new IdentityConfig(table, key, List.of(),
        IdentityConfig.Fallback.parse("fail", "t"), List.of());
    Discovery[] both = new Discovery[2];
    try (Connection c = DriverManager.getConnection(db.url())) {
      Catalog catalog = new CatalogReader(c, dialect).read(List.of(), TableFilter.all());
      Table identity = References.identityTable(catalog, config);
      Inventory users = InventoryReader.fromDatabase(c, dialect, identity, config, "source");
      for (int i = 0; i < 2; i++) {
        both[i] = Discovery.ofDatabase(c, () -> DriverManager.getConnection(db.url()), dialect,
            catalog, identity, config, () -> users, i == 0);
      }
    }
    return both;
  }
}
