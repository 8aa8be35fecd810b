package dev.ferry.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.rows.Chunk;
import dev.ferry.rows.RunHeader;
import dev.ferry.rows.TablePlan;
import dev.ferry.rows.TableWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleRoundTripTest {

  private static final TablePlan HOSTILE = BundleFixtures.plan("public.hostile", 1,
      "id:INTEGER", "i:INTEGER", "d:DECIMAL", "f:FLOAT", "b:BOOLEAN", "t:TEXT", "bin:BINARY",
      "day:DATE", "tod:TIME", "ts:TIMESTAMP", "tstz:TIMESTAMP_TZ", "u:UUID", "j:JSON",
      "e:ENUM", "a:ARRAY", "o:OTHER");

  @TempDir
  Path dir;

  /** Values per column of {@link #HOSTILE} after the key; row n takes value n of each list. */
  private static List<List<Object>> hostileValues() {
    byte[] big = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(big);
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    return List.of(
        list(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE,
            new BigInteger("123456789012345678901234567890"),
            new BigInteger("-98765432109876543210987654321"), BigInteger.valueOf(7), null),
        list(new BigDecimal("12345678901234567890.123456789012345678"), new BigDecimal("1.50"),
            new BigDecimal("-0.000001"), new BigDecimal("0.00"), new BigDecimal("1E+3"),
            new BigDecimal("-99999999999999999999999999999999999999"), "NaN", null),
        list(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e-7, null),
        list(true, false, null),
        list("", null, "tab\there\nnewline\r\ncr\\back\"quote'single", "𝄞😀 and ünïcödé 漢字",
            "a,b;c|d\u0001\u001f\u007f", "lone \uD800 surrogate \uDC00", "{\"text\":\"x\"}",
            "null", "NaN", "\u2028\u2029", " "),
        list(new byte[0], big, everyByte, null),
        list(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(2024, 2, 29),
            LocalDate.MAX, LocalDate.of(-44, 3, 15), "2024-13-45", "", null),
        list(LocalTime.of(23, 59, 59, 999_999_000), LocalTime.MIDNIGHT, LocalTime.of(10, 15),
            LocalTime.of(0, 0, 0, 1), "25:61", null),
        list(LocalDateTime.of(1, 1, 1, 0, 0, 0, 1_000),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            LocalDateTime.of(2024, 1, 31, 10, 15), "yesterday", "", null),
        list(OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000,
                ZoneOffset.ofHoursMinutes(5, 30)),
            OffsetDateTime.of(1, 1, 1, 0, 0, 0, 1_000, ZoneOffset.UTC),
            OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.ofHours(-12)),
            OffsetDateTime.of(2000, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(0, 17, 30)),
            "2024-01-31 10:15:30 CET", null),
        list(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new UUID(0, 0),
            new UUID(-1, -1), "not-a-uuid", null),
        list("{\"a\": [1, 2.50, null], \"b\": \"\\u0000\"}", "", "\"x\"", null),
        list("happy", "", null),
        list("{1,2,3}", "{\"a,b\",NULL,\"c\\\"d\"}", "{}", null),
        list("(1,2)", "", null));
  }

  private static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }

  private static List<Object[]> hostileRows() {
    List<List<Object>> values = hostileValues();
    int count = values.stream().mapToInt(List::size).max().orElseThrow();
    List<Object[]> rows = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Object[] row = new Object[values.size() + 1];
      row[0] = (long) n;
      for (int c = 0; c < values.size(); c++) {
        List<Object> column = values.get(c);
        row[c + 1] = n < column.size() ? column.get(n) : null;
      }
      rows.add(row);
    }
    return rows;
  }

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void everyKindRoundTripsHostileValuesExactly(boolean gzip) {
    // given
    List<Object[]> rows = hostileRows();
    RunHeader run = BundleFixtures.header("run-1", HOSTILE);

    // when
    BundleFixtures.export(new BundleTarget(dir, gzip), run, Map.of(HOSTILE, rows), 3);
    List<Object[]> read = BundleFixtures.rows(dir, HOSTILE);

    // then
    assertThat(read).hasSize(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < HOSTILE.columns().size(); c++) {
        Object expected = rows.get(r)[c];
        Object actual = read.get(r)[c];
        String where = "row " + r + ", column " + HOSTILE.columns().get(c).name();
        if (expected == null) {
          assertThat(actual).as(where).isNull();
        } else {
          assertThat(actual).as(where).isInstanceOf(expected.getClass());
          assertThat(Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}))
              .as(where + ": " + abbreviate(expected) + " came back as " + abbreviate(actual))
              .isTrue();
        }
      }
    }
  }

  @Test
  void textIsWrittenAsUtf8WithFourByteCharactersUnescaped() throws Exception {
    TablePlan plan = BundleFixtures.plan("t", 1, "id:INTEGER", "s:TEXT");
    List<Object[]> rows = List.<Object[]>of(new Object[] {1L, "𝄞😀"}, new Object[] {2L, ""},
        new Object[] {3L, null});

    BundleFixtures.export(new BundleTarget(dir, false), BundleFixtures.header("r", plan), Map.of(plan, rows), 10);

    String text = Files.readString(dir.resolve("0001-t.jsonl"), StandardCharsets.UTF_8);
    assertThat(text).isEqualTo("[1,\"𝄞😀\"]\n[2,\"\"]\n[3,null]\n");
  }

  @Test
  void valuesKeepTheirExactJsonForms() throws Exception {
    TablePlan plan = BundleFixtures.plan("t", 1, "id:INTEGER", "d:DECIMAL", "f:FLOAT", "day:DATE",
        "ts:TIMESTAMP_TZ", "bin:BINARY");
    Object[] row = {new BigInteger("18446744073709551616"), new BigDecimal("1.50"), Double.NaN,
        "2024-13-45", OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 123_456_000,
            ZoneOffset.ofHoursMinutes(5, 30)), new byte[] {1, 2, 3}};

    BundleFixtures.export(new BundleTarget(dir, false), BundleFixtures.header("r", plan),
        Map.of(plan, List.<Object[]>of(row)), 10);

    assertThat(Files.readString(dir.resolve("0001-t.jsonl"))).isEqualTo(
        "[\"18446744073709551616\",\"1.50\",\"NaN\",{\"text\":\"2024-13-45\"},"
            + "\"2024-01-31T10:15:30.123456+05:30\",\"AQID\"]\n");
  }

  @Test
  void smallerIntegerTypesComeBackAsTheCanonicalLong() {
    TablePlan plan = BundleFixtures.plan("t", 1, "id:INTEGER");
    BundleFixtures.export(new BundleTarget(dir, false), BundleFixtures.header("r", plan),
        Map.of(plan, List.<Object[]>of(new Object[] {7})), 10);

    assertThat(BundleFixtures.rows(dir, plan).get(0)[0]).isEqualTo(7L);
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedNamingTheColumn() {
    TablePlan plan = BundleFixtures.plan("public.t", 1, "id:INTEGER", "day:DATE");
    BundleTarget target = new BundleTarget(dir, false);
    target.beginRun(BundleFixtures.header("r", plan));

    try (TableWriter writer = target.open(plan, null)) {
      assertThatThrownBy(() -> writer.write(
          new Chunk(List.<Object[]>of(new Object[] {1L, java.sql.Date.valueOf("2024-01-01")}),
              null)))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("public.t row 1, column day")
          .hasMessageContaining("java.sql.Date")
          .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.UNEXPECTED);
    }
    assertThat(dir.resolve("0001-public.t.jsonl.part")).doesNotExist();
  }

  private static String abbreviate(Object value) {
    String text = value instanceof byte[] b ? "byte[" + b.length + "]"
        : value + " (" + value.getClass().getSimpleName() + ")";
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
