package dev.ferry.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rows.ValueKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order of integer keys: numeric, as BigInteger compares, without parsing canonical keys. */
class KeysTest {

  private static final long SEED = Long.getLong("ferry.props.seed", 20261122L);

  @Test
  void integerKeysCompareAsTheirNumbers() {
    Random random = new Random(SEED);
    Comparator<String> order = Keys.order(ValueKind.INTEGER);
    for (int i = 0; i < 200_000; i++) {
      String a = randomInteger(random);
      String b = random.nextInt(10) == 0 ? a : randomInteger(random);
      int expected = Integer.signum(new BigInteger(a).compareTo(new BigInteger(b)));
      assertThat(Integer.signum(order.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
    }
  }

  @Test
  void integerKeysNormaliseAsTheirNumbersWithOrWithoutTheShortcut() {
    Random random = new Random(SEED);
    List<String> texts = new ArrayList<>(List.of("0", "-0", "+7", "007", " 5", "5 ", "", "-",
        "x1", "999999999999999999", "1000000000000000000", "-999999999999999999",
        "9223372036854775808", "1e3"));
    for (int i = 0; i < 50_000; i++) {
      texts.add(randomInteger(random));
    }
    for (String text : texts) {
      String problem = Keys.typeProblem(text, ValueKind.INTEGER);
      BigInteger parsed;
      try {
        parsed = new BigInteger(text);
      } catch (NumberFormatException e) {
        parsed = null;
      }
      assertThat(problem == null).as("'%s' is a key", text).isEqualTo(parsed != null);
      if (parsed != null) {
        assertThat(Keys.normalise(text, ValueKind.INTEGER)).as(text)
            .isEqualTo(parsed.toString());
        assertThat(Keys.plainLong(text)).as(text).isEqualTo(text.equals(parsed.toString())
            && parsed.abs().toString().length() <= 18);
      }
    }
  }

  @Test
  void sortingGivesNumericOrderWithNegativesAndLongKeys() {
    List<String> keys = new ArrayList<>(List.of("10", "9", "-1", "0", "-10", "-9",
        "18446744073709551616", "-18446744073709551616", "007", "-0", "100"));

    keys.sort(Keys.order(ValueKind.INTEGER));

    assertThat(keys).containsExactly("-18446744073709551616", "-10", "-9", "-1", "0", "-0", "007",
        "9", "10", "100", "18446744073709551616");
  }

  /** Canonical integers mostly; some with a leading zero, a plus or minus zero. */
  private static String randomInteger(Random random) {
    String digits = switch (random.nextInt(4)) {
      case 0 -> Integer.toString(random.nextInt(1000));
      case 1 -> Long.toString(random.nextLong() & Long.MAX_VALUE);
      case 2 -> new BigInteger(100, random).toString();
      default -> Integer.toString(random.nextInt(100_000));
    };
    return switch (random.nextInt(8)) {
      case 0 -> "-" + digits;
      case 1 -> "0" + digits;
      case 2 -> "+" + digits;
      case 3 -> "-0" + digits;
      default -> random.nextBoolean() ? digits : "-" + digits;
    };
  }
}
