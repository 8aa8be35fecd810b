package dev.ferry.identity;

import dev.ferry.api.IdentityConfig;
import dev.ferry.api.IdentityConfig.Fallback;
import dev.ferry.api.IdentityConfig.MatchRule;
import dev.ferry.rows.ValueKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * In-memory sides for the identity unit tests: the configuration and a promotion where
 * QA's users exist in UAT under other keys.
 *
 * <pre>
 * source (QA)                          target (UAT)
 * 1 Alice.Martin@Example.com           1001 alice.martin@example.com          email, ignoring case
 * 2 bob@qa.example.com      EXT-2      1002 robert.stone@example.com EXT-2    external_id
 * 3 carol@qa.example.com               1003 carol@example.com        B-77     regex
 * 4 dan@qa.example.com      EXT-4      1004 daniel.o@example.com     B-78     the operator's
 * 5 ERIN@example.com                   1005 Erin@Example.com, 1006 erin@...   ambiguous
 * 6 frank@qa.example.com (not referenced)
 * 99: referenced, not a source user (orphan)
 * </pre>
 */
final class Fixtures {

  private Fixtures() {}

  /** The configuration of the issue, adapted to these domains. */
  static IdentityConfig config(Fallback unmatched) {
    return new IdentityConfig("app_user", "id", List.of(
        new MatchRule("email", true, null, null),
        new MatchRule("external_id", false, null, null),
        new MatchRule("email", false, Pattern.compile("^(.*)@qa\\.example\\.com$"),
            "$1@example.com")),
        unmatched, List.of("audit_log.actor_id"));
  }

  static IdentityConfig config() {
    return config(Fallback.parse("fail", "test"));
  }

  static Identity user(String key, String email, String externalId) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("email", email);
    attrs.put("external_id", externalId);
    return new Identity(key, attrs);
  }

  static Inventory source() {
    return new Inventory("source", ValueKind.INTEGER, List.of(
        user("1", "Alice.Martin@Example.com", null),
        user("2", "bob@qa.example.com", "EXT-2"),
        user("3", "carol@qa.example.com", null),
        user("4", "dan@qa.example.com", "EXT-4"),
        user("5", "ERIN@example.com", null),
        user("6", "frank@qa.example.com", null)));
  }

  static Inventory target() {
    return new Inventory("target", ValueKind.INTEGER, List.of(
        user("1001", "alice.martin@example.com", null),
        user("1002", "robert.stone@example.com", "EXT-2"),
        user("1003", "carol@example.com", "B-77"),
        user("1004", "daniel.o@example.com", "B-78"),
        user("1005", "Erin@Example.com", null),
        user("1006", "erin@example.com", null)));
  }

  /** Users 1-5 referenced from two columns (one NOT NULL), plus the orphan 99 when asked. */
  static Discovery discovery(boolean withOrphan) {
    return discovery(withOrphan, false);
  }

  static Discovery discovery(boolean withOrphan, boolean allNullable) {
    Map<String, Long> referenced = new TreeMap<>(Keys.order(ValueKind.INTEGER));
    for (String key : List.of("1", "2", "3", "4", "5")) {
      referenced.put(key, 2L);
    }
    List<Discovery.Orphan> orphans = new ArrayList<>();
    if (withOrphan) {
      referenced.put("99", 1L);
      orphans.add(new Discovery.Orphan("99", 1));
    }
    return new Discovery("public.app_user", "id", List.of(
        new Discovery.ColumnUse("public.task.assignee_id", true, false, 6, 1, 5),
        new Discovery.ColumnUse("public.task.reporter_id", allNullable, false, 6, 0, 5),
        new Discovery.ColumnUse("public.audit_log.actor_id", true, true, 2, 1, 1)),
        referenced, orphans);
  }

  /** Writes a file of lines (LF line ends, UTF-8). */
  static Path file(Path dir, String name, String... lines) {
    return bytes(dir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Path bytes(Path dir, String name, byte[] content) {
    try {
      Path file = dir.resolve(name);
      Files.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A map file as 'ferry users map' writes it, with the given data rows. */
  static Path map(Path dir, String... rows) {
    List<String> lines = new ArrayList<>();
    lines.add("source_key,target_key,status,matched_by,references,source_email,"
        + "source_external_id,target_email,target_external_id");
    lines.addAll(Arrays.asList(rows));
    return file(dir, "user-map.csv", lines.toArray(String[]::new));
  }

  /** The rows of a complete, valid map for {@link #discovery} without orphan. */
  static String[] validRows() {
    return new String[] {
      "1,1001,matched,email (ignore-case),2,,,,",
      "2,1002,matched,external_id,2,,,,",
      "3,1003,matched,email (regex),2,,,,",
      "4,1004,unmatched,,2,,,,",
      "5,1006,ambiguous,,2,,,,"
    };
  }
}
