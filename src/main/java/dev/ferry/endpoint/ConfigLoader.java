package dev.ferry.endpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.IdentityConfig;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.FileFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ferry.yaml}. Every problem is reported as {@code file:line: what is wrong and what
 * to do}; {@code ${VAR}} is replaced by the environment variable's value.
 */
public final class ConfigLoader {

  private static final Set<String> TOP_LEVEL = Set.of("environments", "identity", "tables",
      "tighten", "casts");
  private static final Set<String> ENVIRONMENT_KEYS =
      Set.of("url", "user", "password", "password-file");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final Function<String, String> environment;

  /** A loader that expands {@code ${VAR}} from the process environment. */
  public ConfigLoader() {
    this(System::getenv);
  }

  /** A loader that expands {@code ${VAR}} with the given lookup (tests). */
  public ConfigLoader(Function<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Loads the file.
   *
   * @param file the configuration file
   * @param required when false, a missing file gives an empty configuration
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for any problem in the file
   */
  public FerryConfig load(Path file, boolean required) {
    if (!Files.exists(file)) {
      if (required) {
        throw new FerryException(ErrorCode.CONFIGURATION, "configuration file " + file
            + " not found. Check the --config path, or leave --config out to use ./ferry.yaml.");
      }
      return FerryConfig.empty();
    }
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root = parse(file, lines);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new FerryConfig(file, Map.of(), null);
    }
    if (!root.isObject()) {
      throw error(file, 1, "the file must be a mapping with 'environments:' at the top");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP_LEVEL.contains(key)) {
        throw error(file, lines.getOrDefault("/" + key, 1), "unknown section '" + key
            + "'. Known sections: " + String.join(", ", new TreeSet<>(TOP_LEVEL)) + ".");
      }
    }
    Map<String, EnvironmentConfig> environments = new LinkedHashMap<>();
    JsonNode envs = root.path("environments");
    if (!envs.isMissingNode() && !envs.isNull()) {
      if (!envs.isObject()) {
        throw error(file, lines.getOrDefault("/environments", 1),
            "'environments' must map names to settings (url, user, password)");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = envs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        environments.put(entry.getKey(), environment(file, lines, entry.getKey(), entry.getValue()));
      }
    }
    JsonNode identity = root.get("identity");
    return new FerryConfig(file, environments,
        identity == null || identity.isNull() ? null : identity(file, lines, identity),
        TablesSection.read(file, lines, root.path("tables")),
        RowFilterSection.read(file, lines, root.path("tables")),
        CastRules.parse(file, lines, root.path("casts")),
        FilesSection.read(file, lines, root.path("tables")));
  }

  private static final Set<String> IDENTITY_KEYS =
      Set.of("table", "key", "match", "unmatched", "soft-references", "many-to-one");
  private static final Set<String> RULE_KEYS = Set.of("column", "ignore-case", "regex", "replace");

  private IdentityConfig identity(Path file, Map<String, Integer> lines, JsonNode node) {
    int line = lines.getOrDefault("/identity", 1);
    if (!node.isObject()) {
      throw error(file, line, "'identity' must be a mapping with table, key and match");
    }
    unknownKeys(file, lines, "/identity", node, IDENTITY_KEYS, "identity");
    String table = text(file, lines, "/identity", node, "table");
    String key = text(file, lines, "/identity", node, "key");
    if (table == null || key == null) {
      throw error(file, line, "identity needs 'table' (the identity table, e.g. app_user) and"
          + " 'key' (its key column, e.g. id)");
    }
    java.util.List<IdentityConfig.MatchRule> rules = new java.util.ArrayList<>();
    JsonNode match = node.path("match");
    if (!match.isMissingNode() && !match.isArray()) {
      throw error(file, lines.getOrDefault("/identity/match", line),
          "'match' must be a list of rules (- column: email)");
    }
    for (int i = 0; i < match.size(); i++) {
      String pointer = "/identity/match/" + i;
      JsonNode rule = match.get(i);
      int ruleLine = lines.getOrDefault(pointer + "/column", lines.getOrDefault(pointer, line));
      if (!rule.isObject()) {
        throw error(file, ruleLine, "match rule " + (i + 1) + " must be a mapping with 'column'");
      }
      unknownKeys(file, lines, pointer, rule, RULE_KEYS, "match rule");
      String column = text(file, lines, pointer, rule, "column");
      if (column == null) {
        throw error(file, ruleLine, "match rule " + (i + 1) + " has no 'column'");
      }
      String regex = text(file, lines, pointer, rule, "regex");
      String replace = text(file, lines, pointer, rule, "replace");
      if ((regex == null) != (replace == null)) {
        throw error(file, ruleLine, "match rule " + (i + 1) + ": 'regex' and 'replace' go"
            + " together");
      }
      java.util.regex.Pattern pattern = null;
      if (regex != null) {
        try {
          pattern = java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
          throw error(file, lines.getOrDefault(pointer + "/regex", ruleLine),
              "match rule " + (i + 1) + ": invalid regex: " + e.getDescription());
        }
      }
      rules.add(new IdentityConfig.MatchRule(column,
          bool(file, lines, pointer, rule, "ignore-case"), pattern, replace));
    }
    // YAML reads a bare 'unmatched: null' as no value at all; it means the null fallback
    String unmatched = node.has("unmatched") && node.get("unmatched").isNull()
        ? IdentityConfig.Fallback.NULL : text(file, lines, "/identity", node, "unmatched");
    IdentityConfig.Fallback fallback = IdentityConfig.Fallback.parse(unmatched,
        file + ":" + lines.getOrDefault("/identity/unmatched", line));
    java.util.List<String> soft = SoftReferenceList.read(file, lines, "/identity", node, line)
        .stream().map(dev.ferry.api.CopyOptions.SoftReference::column).toList();
    String manyToOne = text(file, lines, "/identity", node, "many-to-one");
    IdentityConfig.ManyToOne policy = manyToOne == null ? IdentityConfig.ManyToOne.WARN
        : IdentityConfig.ManyToOne.parse(manyToOne,
            file + ":" + lines.getOrDefault("/identity/many-to-one", line));
    Map<String, String> locations = new HashMap<>();
    for (String setting : IDENTITY_KEYS) {
      Integer at = lines.get("/identity/" + setting);
      if (at != null) {
        locations.put(setting, file + ":" + at);
      }
    }
    return new IdentityConfig(table, key, rules, fallback, soft, policy, locations);
  }

  private static boolean bool(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw error(file, lines.getOrDefault(pointer + "/" + key, 1), "'" + key + "' must be true"
          + " or false, not '" + value.asText() + "'");
    }
    return value.booleanValue();
  }

  static void unknownKeys(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, Set<String> known, String what) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw error(file, lines.getOrDefault(pointer + "/" + k, 1), "unknown setting '" + k
            + "' in " + what + ". Known settings: " + String.join(", ", new TreeSet<>(known))
            + ".");
      }
    }
  }

  private EnvironmentConfig environment(Path file, Map<String, Integer> lines, String name,
      JsonNode node) {
    String pointer = "/environments/" + name;
    int line = lines.getOrDefault(pointer, 1);
    if (!node.isObject()) {
      throw error(file, line, "environment '" + name + "' must be a mapping with at least 'url'");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!ENVIRONMENT_KEYS.contains(key)) {
        throw error(file, lines.getOrDefault(pointer + "/" + key, line), "unknown setting '" + key
            + "' in environment '" + name + "'. Known settings: "
            + String.join(", ", new TreeSet<>(ENVIRONMENT_KEYS)) + ".");
      }
    }
    String url = text(file, lines, pointer, node, "url");
    if (url == null || url.isBlank()) {
      throw error(file, line, "environment '" + name + "' has no 'url'. Add e.g."
          + " url: jdbc:postgresql://host:5432/db");
    }
    if (!url.startsWith("jdbc:")) {
      throw error(file, lines.getOrDefault(pointer + "/url", line), "environment '" + name
          + "': url must be a JDBC URL starting with 'jdbc:'");
    }
    return new EnvironmentConfig(name, url, text(file, lines, pointer, node, "user"),
        text(file, lines, pointer, node, "password"),
        text(file, lines, pointer, node, "password-file"), file + ":" + line);
  }

  String text(Path file, Map<String, Integer> lines, String pointer, JsonNode node,
      String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    int line = lines.getOrDefault(pointer + "/" + key, 1);
    if (!value.isValueNode()) {
      throw error(file, line, "'" + key + "' must be a single value");
    }
    return expand(file, line, key, value.asText());
  }

  private String expand(Path file, int line, String key, String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String resolved = environment.apply(m.group(1));
      if (resolved == null) {
        throw error(file, line, "environment variable " + m.group(1) + " (used by '" + key
            + "') is not set. Export it before running ferry.");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return out.toString();
  }

  static JsonNode parse(Path file, Map<String, Integer> lines) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw error(file, 1, "the file is not valid UTF-8. Save it as UTF-8.");
    } catch (NoSuchFileException e) {
      throw new FerryException(ErrorCode.CONFIGURATION, "configuration file " + file + " not found");
    } catch (IOException e) {
      throw new FerryException(ErrorCode.CONFIGURATION, "cannot read the configuration file "
          + file + ": " + FileFailure.reason(e) + ". Check the --config path.", e);
    }
    try (Reader reader = new java.io.StringReader(text);
        JsonParser parser = mapper.getFactory().createParser(reader)) {
      // first, so that a duplicate key is named with both its lines, not kept silently
      recordLines(file, mapper, text, lines);
      return mapper.readTree(parser);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw error(file, line, "not valid YAML: " + e.getOriginalMessage()
          + ". Check indentation and quoting.");
    } catch (IOException e) {
      throw new FerryException(ErrorCode.CONFIGURATION, "cannot read the configuration file "
          + file + ": " + FileFailure.reason(e), e);
    }
  }

  /**
   * Records the line of every field, by JSON pointer, so messages can say where; refuses a key
   * given twice in one mapping, which YAML readers would let the second silently win.
   */
  private static void recordLines(Path file, ObjectMapper mapper, String text,
      Map<String, Integer> lines) throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(text)) {
      JsonToken token;
      boolean documentDone = false;
      while ((token = parser.nextToken()) != null) {
        if (documentDone) {
          throw error(file, parser.currentTokenLocation().getLineNr(), "a second YAML document"
              + " starts here; ferry reads one. Merge it into the first, or remove the '---'.");
        }
        documentDone = parser.getParsingContext().inRoot() && !token.isStructStart();
        if (token == JsonToken.FIELD_NAME) {
          String pointer = parser.getParsingContext().pathAsPointer().toString();
          int line = parser.currentTokenLocation().getLineNr();
          Integer first = lines.putIfAbsent(pointer, line);
          if (first != null) {
            throw error(file, line, "'" + parser.currentName() + "' is given twice "
                + where(pointer) + " (first at line " + first + "); only one can count."
                + " Remove or rename one of them.");
          }
        } else if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
          // a list item's line, under the list's pointer and its index
          com.fasterxml.jackson.core.JsonStreamContext context = token.isStructStart()
              ? parser.getParsingContext().getParent() : parser.getParsingContext();
          if (context != null && context.inArray()) {
            lines.putIfAbsent(context.pathAsPointer().toString(),
                parser.currentTokenLocation().getLineNr());
          }
        }
      }
    }
  }

  /** Where a field's mapping is, for messages: {@code in environments.qa}, {@code identity.match[1]}. */
  private static String where(String pointer) {
    String[] segments = pointer.substring(1).split("/", -1);
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < segments.length - 1; i++) {
      String segment = segments[i].replace("~1", "/").replace("~0", "~");
      if (segment.chars().allMatch(Character::isDigit) && !segment.isEmpty() && i > 0) {
        path.append('[').append(Integer.parseInt(segment) + 1).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(segment);
      }
    }
    return path.length() == 0 ? "at the top level" : "in " + path;
  }

  static FerryException error(Path file, int line, String message) {
    return new FerryException(ErrorCode.CONFIGURATION, file + ":" + line + ": " + message);
  }
}
