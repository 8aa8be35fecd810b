package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A row filter is one boolean expression that only reads (docs/configuration.md). */
class RowConditionTest {

  @ParameterizedTest
  @ValueSource(strings = {"region = 'EU' AND created >= '2024-01-01'",
      "note = 'a; b -- c /* d */ # e'", "name = 'it''s'", "\"select\" IS NOT NULL",
      "customer_id IN (SELECT id FROM customer WHERE vip)", "amount BETWEEN 1 AND 10",
      "CAST(created AS timestamp with time zone) > '2024-01-01'", "lower(code) LIKE 'a%'"})
  void conditionsThatOnlyReadAreTaken(String condition) {
    assertThat(RowCondition.problem(condition)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1=1; DROP TABLE t|not statements",
      "region = 'EU' -- rest|comment",
      "region = 'EU' /* x */|comment",
      "region = 'EU' # x|comment",
      "id IN (SELECT id FROM t FOR UPDATE)|must only read, but says UPDATE",
      "id IN (WITH d AS (DELETE FROM t RETURNING id) SELECT id FROM d)|says DELETE",
      "region = 'EU|unclosed '",
      "region = 'EU' region|not one SQL condition",
      "SELECT 1|not one SQL condition"})
  void anythingElseIsRefusedSayingWhy(String condition, String said) {
    assertThat(RowCondition.problem(condition)).contains(said);
  }
}
