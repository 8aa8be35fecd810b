package dev.ferry.rows;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys and before-images as text, and back by the columns' kinds. */
class KeyCodecTest {

  @Test
  void aValueOfAColumnWithoutATypeComesBackInTheClassItHad() {
    // given: SQLite's untyped column holds bytes, an integer, a real and text side by side
    List<ValueKind> kinds = List.of(ValueKind.OTHER, ValueKind.OTHER, ValueKind.OTHER,
        ValueKind.OTHER, ValueKind.OTHER, ValueKind.BINARY, ValueKind.DECIMAL);
    Object[] values = {new byte[] {1, 2, (byte) 255}, 42L, 1.5, "42", null,
        new byte[] {7}, new BigDecimal("12.50")};

    // when
    String text = KeyCodec.encodeTyped(values, kinds);
    Object[] back = KeyCodec.decode(text, kinds);

    // then: the untyped ones by their JSON type, the others by their kind, as before
    assertThat(text).isEqualTo("[{\"base64\":\"AQL/\"},42,1.5,\"42\",null,\"Bw==\",\"12.50\"]");
    assertThat((byte[]) back[0]).containsExactly(1, 2, (byte) 255);
    assertThat(back[1]).isEqualTo(42L);
    assertThat(back[2]).isEqualTo(1.5);
    assertThat(back[3]).isEqualTo("42");
    assertThat(back[4]).isNull();
    assertThat((byte[]) back[5]).containsExactly(7);
    assertThat(back[6]).isEqualTo(new BigDecimal("12.50"));
  }

  @Test
  void aKeyIsTextAsBefore() {
    assertThat(KeyCodec.encode(new Object[] {7L})).isEqualTo("[\"7\"]");
    assertThat(KeyCodec.encode(new Object[] {new byte[] {1}, new BigDecimal("1.0"), "a"}))
        .isEqualTo("[\"AQ==\",\"1.0\",\"a\"]");
    assertThat(KeyCodec.decode("[\"7\",\"x\"]", List.of(ValueKind.INTEGER, ValueKind.TEXT)))
        .containsExactly(7L, "x");
  }
}
