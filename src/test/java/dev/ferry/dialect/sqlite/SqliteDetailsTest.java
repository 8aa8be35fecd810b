package dev.ferry.dialect.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqliteDetailsTest {

  @Test
  void eachForeignKeyGetsItsOwnDeferrabilityEvenWhenTwoShareAParent() {
    String ddl = """
        CREATE TABLE "child" (
          id INTEGER PRIMARY KEY,
          created_by INTEGER NOT NULL REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
          [Updated By] INTEGER REFERENCES "users" (id),
          checked_by INTEGER REFERENCES users DEFERRABLE INITIALLY IMMEDIATE,
          vetoed_by INTEGER REFERENCES users NOT DEFERRABLE INITIALLY DEFERRED,
          CONSTRAINT "owner fk" FOREIGN KEY (Owner_A, owner_b)
            REFERENCES owner (a, b) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
        )""";

    assertThat(SqliteDetails.deferrability(ddl)).containsOnly(
        entry("created_by", "initially-deferred"),
        entry("updated by", "not-deferrable"),
        entry("checked_by", "not-deferrable"),
        entry("vetoed_by", "not-deferrable"),
        entry("owner_a,owner_b", "initially-deferred"));
  }

  @Test
  void commentsAndStringLiteralsAreNotReadAsClauses() {
    String ddl = """
        CREATE TABLE t (
          note TEXT DEFAULT 'a, b REFERENCES x DEFERRABLE INITIALLY DEFERRED', -- (, REFERENCES
          parent_id INTEGER REFERENCES p (id) /* DEFERRABLE INITIALLY DEFERRED */
        )""";

    assertThat(SqliteDetails.tableElements(ddl)).hasSize(2);
    assertThat(SqliteDetails.deferrability(ddl))
        .containsOnly(entry("parent_id", "not-deferrable"));
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }
}
