package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The audit writes its lines itself (a JSON library per row was a third of a rerun's time): its
 * lines must stay byte for byte those of {@link Json#compact} of the line's record, which the
 * audit's readers and earlier runs' parts (a resume appends to them) were written with.
 */
class MergeAuditTest {

  @Test
  void linesAreThoseOfTheJsonWriter() {
    List<String> texts = new ArrayList<>(List.of("", "7", "[7, a]", "public.item", "a\"b",
        "back\\slash", "tab\tnew\nline\rcr", "\b\f", "\u0000\u0001\u001f\u007f\u0080",
        "slash/ é ü 中文 😀", "\ud800 lone", "lone \udc00", "\u2028\u2029", "<tag>&'"));
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        s.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
      }
      texts.add(s.toString());
    }
    for (int i = 0; i < texts.size(); i++) {
      String table = texts.get(i);
      String key = texts.get((i * 7 + 3) % texts.size());
      String reason = i % 3 == 0 ? null : texts.get((i * 5 + 1) % texts.size());
      List<String> columns = i % 4 == 0 ? null
          : i % 4 == 1 ? List.of() : List.of(key, table, "name");
      for (String fate : List.of("unchanged", "updated", "inserted")) {
        StringBuilder line = new StringBuilder();
        String status = i % 5 == 0 ? null : "ok";
        String target = i % 2 == 0 ? null : texts.get((i * 3 + 2) % texts.size());
        String sourceKey = i % 3 == 1 ? null : texts.get((i * 11 + 5) % texts.size());
        MergeAudit.appendLine(line, MergeAudit.quoted(table), key, sourceKey, fate, reason,
            status, columns, target);
        assertThat(line.toString()).as("line of %s / %s", table, key)
            .isEqualTo(Json.compact(new MergeAudit.Line(table, key, sourceKey, fate, reason,
                status, columns, target)) + "\n");
      }
    }
  }
}
