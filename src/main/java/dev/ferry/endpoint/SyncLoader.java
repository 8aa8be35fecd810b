package dev.ferry.endpoint;

import static dev.ferry.endpoint.ConfigLoader.error;
import static dev.ferry.endpoint.ConfigLoader.unknownKeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.CopyOptions;
import dev.ferry.api.CronSchedule;
import dev.ferry.api.KeyPolicy;
import dev.ferry.api.MergeMode;
import dev.ferry.api.SyncConfig;
import dev.ferry.api.SyncJob;
import dev.ferry.catalog.TableFilter;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code sync.yaml} (docs/sync.md). Every problem is reported as {@code file:line: what is
 * wrong and what to do} (exit 2) before any job starts; {@code ${VAR}} is replaced by the
 * environment variable's value, and passwords appear in no message.
 */
public final class SyncLoader {

  private static final Set<String> TOP = Set.of("jobs", "reports", "webhook");
  private static final Set<String> JOB = Set.of("name", "source", "target", "direction",
      "interval", "cron", "include", "exclude", "merge", "keys", "tables", "batch-size",
      "retry", "webhook", "capture", "winner");
  private static final Set<String> ENDPOINT = Set.of("url", "user", "password",
      "password-env", "password-file");
  private static final Set<String> RETRY = Set.of("max-attempts", "backoff");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final ConfigLoader config;
  private final Function<String, String> environment;

  /** A loader that reads {@code ${VAR}} and {@code password-env} from the process environment. */
  public SyncLoader() {
    this(System::getenv);
  }

  /** A loader that reads the environment through {@code environment} (tests). */
  public SyncLoader(Function<String, String> environment) {
    this.config = new ConfigLoader(environment);
    this.environment = environment;
  }

  /**
   * Loads and checks the file.
   *
   * @throws FerryException {@link ErrorCode#CONFIGURATION} for any problem in the file
   */
  public SyncConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new FerryException(ErrorCode.CONFIGURATION, "sync configuration " + file
          + " not found. Check the --config path.");
    }
    Map<String, Integer> lines = new HashMap<>();
    JsonNode root = ConfigLoader.parse(file, lines);
    if (root == null || !root.isObject()) {
      throw error(file, 1, "the sync configuration must be a mapping with 'jobs:'");
    }
    unknownKeys(file, lines, "", root, TOP, "the sync configuration");
    JsonNode jobs = root.get("jobs");
    if (jobs == null || !jobs.isArray() || jobs.isEmpty()) {
      throw error(file, lines.getOrDefault("/jobs", 1), "'jobs:' must list at least one job:"
          + " - {name: orders, source: {url: jdbc:...}, target: {url: jdbc:...}, interval: 5m}");
    }
    SyncJob.Webhook webhook = WebhookSection.read(config, file, lines, "", root,
        "the sync configuration", null);
    List<SyncJob> result = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < jobs.size(); i++) {
      SyncJob job = job(file, lines, "/jobs/" + i, jobs.get(i), i + 1, webhook);
      if (!names.add(job.name())) {
        throw error(file, lines.getOrDefault("/jobs/" + i, 1), "job '" + job.name()
            + "' repeats the name of an earlier job: each job needs its own name");
      }
      result.add(job);
    }
    String reports = config.text(file, lines, "", root, "reports");
    Path dir = file.toAbsolutePath().getParent();
    Path reportDir = reports == null ? Path.of("ferry-runs", "sync")
        : dir == null ? Path.of(reports) : dir.resolve(reports).normalize();
    return new SyncConfig(file, result, reportDir);
  }

  private SyncJob job(Path file, Map<String, Integer> lines, String pointer, JsonNode node,
      int number, SyncJob.Webhook webhook) {
    int line = lines.getOrDefault(pointer, 1);
    if (!node.isObject()) {
      throw error(file, line, "job " + number + " must be a mapping with name, source and"
          + " target");
    }
    unknownKeys(file, lines, pointer, node, JOB, "job " + number);
    String name = config.text(file, lines, pointer, node, "name");
    if (name == null || !NAME.matcher(name).matches()) {
      throw error(file, line, "job " + number + " needs a 'name' of letters, digits, '_', '.'"
          + " or '-' (it names the job in --job, metrics and the sync_cycles table)");
    }
    String what = "job '" + name + "'";
    String direction = config.text(file, lines, pointer, node, "direction");
    int directionLine = lines.getOrDefault(pointer + "/direction", line);
    if (direction != null && !List.of("push", "pull", "both").contains(direction)) {
      throw error(file, directionLine, what + ": direction '" + direction + "' is unknown. Use"
          + " push (the default: the job copies source into target), pull (target into source)"
          + " or both.");
    }
    boolean both = "both".equals(direction);
    Duration interval = duration(file, lines, pointer, node, "interval", what);
    CronSchedule cron = cron(file, lines, pointer, node, what, interval != null);
    ConnectionSpec source = endpoint(file, lines, pointer, node, "source", what);
    ConnectionSpec target = endpoint(file, lines, pointer, node, "target", what);
    if ("pull".equals(direction)) {
      // the job reads its target and writes its source: a push the other way, whose state
      // (watermarks, cycles, positions, leader lock) lives where it writes
      ConnectionSpec read = target;
      target = source;
      source = read;
    }
    String mergeText = config.text(file, lines, pointer, node, "merge");
    MergeMode merge = mergeText == null ? MergeMode.UPDATE : MergeMode.parse(mergeText);
    if (merge == null) {
      throw error(file, lines.getOrDefault(pointer + "/merge", line), what + ": unknown 'merge: "
          + mergeText + "'. Use one of " + MergeMode.labels() + ".");
    }
    String keysText = config.text(file, lines, pointer, node, "keys");
    KeyPolicy keys = keysText == null ? null : KeyPolicy.parse(keysText);
    if (keysText != null && (keys == null || keys == KeyPolicy.MATCH)) {
      throw error(file, lines.getOrDefault(pointer + "/keys", line), what + ": unknown 'keys: "
          + keysText + "'. Use preserve or remap (match is given per table, under tables:).");
    }
    int batchSize = CopyOptions.DEFAULT_BATCH_SIZE;
    JsonNode batch = node.get("batch-size");
    if (batch != null) {
      if (!batch.isIntegralNumber() || !batch.canConvertToInt() || batch.asInt() < 1
          || batch.asInt() > 1_000_000) {
        throw error(file, lines.getOrDefault(pointer + "/batch-size", line), what
            + ": 'batch-size' must be a whole number of rows from 1 to 1000000, e.g."
            + " batch-size: 10000");
      }
      batchSize = batch.asInt();
    }
    TableFilter filter = new TableFilter(globs(file, lines, pointer, node, "include", what),
        globs(file, lines, pointer, node, "exclude", what), false);
    WatermarkSection.Read watermarks = WatermarkSection.read(file, lines, pointer,
        node.path("tables"), what);
    DeletesSection.Read deletes = DeletesSection.read(file, lines, pointer, watermarks.rest(),
        what, keys, both);
    JsonNode tables = deletes.rest();
    List<CopyOptions.TableMerge> merges = TablesSection.read(file, lines, pointer, tables);
    SyncJob.Capture capture = CaptureSection.read(file, lines, pointer, node, what,
        source.url(), keys, this::duration);
    if (both) {
      bothRefusals(file, directionLine, what, merge, keys, merges, capture);
    }
    SyncJob.Winner winner = winner(file, lines, pointer, node, what, both);
    return new SyncJob(name, file + ":" + line, source, target, filter, merge, keys, merges,
        RowFilterSection.read(file, lines, pointer, tables), interval, batchSize,
        retry(file, lines, pointer, node, what), watermarks.watermarks(),
        WebhookSection.read(config, file, lines, pointer, node, what, webhook), cron, capture,
        both, deletes.deletes(), winner);
  }

  /**
   * {@code winner: source}, {@code target} or {@code none}: under {@code direction: both}, the
   * side whose changes prevail, or none; null where the job does not name one.
   */
  private SyncJob.Winner winner(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String what, boolean both) {
    String text = config.text(file, lines, pointer, node, "winner");
    if (text == null) {
      return null;
    }
    int at = lines.getOrDefault(pointer + "/winner", lines.getOrDefault(pointer, 1));
    if (!both) {
      throw error(file, at, what + ": winner: says which side's changes prevail when a row"
          + " changed on both; it needs direction: both.");
    }
    if (!List.of("source", "target", "none").contains(text)) {
      throw error(file, at, what + ": winner '" + text + "' is unknown. Use source or target"
          + " (the side whose changes prevail), none (a row changed on both sides is a conflict"
          + " for an operator), or leave it out: the newer row wins.");
    }
    return new SyncJob.Winner(SyncJob.Winner.Side.valueOf(text.toUpperCase(
        java.util.Locale.ROOT)), file + ":" + at);
  }

  /**
   * A job of both directions copies each side into the other every cycle; only the newer row
   * on each side can win both ways without one side's change undoing the other's.
   */
  private static void bothRefusals(Path file, int line, String what, MergeMode merge,
      KeyPolicy keys, List<CopyOptions.TableMerge> merges, SyncJob.Capture capture) {
    if (merge != MergeMode.NEWER_WINS) {
      throw error(file, line, what + ": direction both needs merge: newer-wins, with a"
          + " newer-by version column for each table (tables: {orders: {merge: newer-wins,"
          + " newer-by: updated_at}}):"
          + " a row changed on both sides since the last cycle then ends as the newer of the two"
          + " on both, and a tie is a conflict for an operator; with winner: source or target,"
          + " that side's change wins, with winner: none it is a conflict (docs/sync.md).");
    }
    for (CopyOptions.TableMerge t : merges) {
      if (t.mode() != null && t.mode() != MergeMode.NEWER_WINS) {
        throw error(file, line, what + ": direction both needs every table under"
            + " newer-wins, and " + t.where() + " gives " + t.table() + " merge: "
            + t.mode().label() + ". Remove it, or give the job direction push.");
      }
    }
    if (keys != null && keys != KeyPolicy.PRESERVE) {
      throw error(file, line, what + ": direction both keeps keys as they are on both sides;"
          + " keys: " + keys.name().toLowerCase(java.util.Locale.ROOT) + " is for one way.");
    }
    if (capture != null) {
      throw error(file, line, what + ": direction both is for scheduled cycles; capture: cdc"
          + " streams one source's changes. Give the job direction push, or drop capture.");
    }
  }

  private CronSchedule cron(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String what, boolean interval) {
    String text = config.text(file, lines, pointer, node, "cron");
    if (text == null) {
      return null;
    }
    int at = lines.getOrDefault(pointer + "/cron", lines.getOrDefault(pointer, 1));
    if (interval) {
      throw error(file, at, what + " gives both 'interval' and 'cron'. Keep one: interval: 5m"
          + " (from one cycle's start to the next), or cron: '*/5 * * * *' (at those times, UTC)");
    }
    try {
      return CronSchedule.parse(text);
    } catch (IllegalArgumentException e) {
      throw error(file, at, what + ": 'cron: " + text + "' is not a Unix cron expression: "
          + e.getMessage() + ". Give five fields, minute hour day-of-month month day-of-week,"
          + " read in UTC: cron: '*/5 * * * *'");
    }
  }

  private SyncJob.Retry retry(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String what) {
    JsonNode retry = node.get("retry");
    if (retry == null) {
      return SyncJob.Retry.DEFAULT;
    }
    String at = pointer + "/retry";
    if (!retry.isObject()) {
      throw error(file, lines.getOrDefault(at, 1), what + ": 'retry' must be a mapping:"
          + " retry: {max-attempts: 5, backoff: 2s}");
    }
    unknownKeys(file, lines, at, retry, RETRY, what + ", retry");
    int attempts = SyncJob.Retry.DEFAULT.maxAttempts();
    JsonNode max = retry.get("max-attempts");
    if (max != null) {
      if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > 100) {
        throw error(file, lines.getOrDefault(at + "/max-attempts", 1), what + ": 'retry."
            + "max-attempts' must be a whole number from 1 to 100 (the first attempt included)");
      }
      attempts = max.asInt();
    }
    Duration backoff = duration(file, lines, at, retry, "backoff", what + ", retry");
    return new SyncJob.Retry(attempts, backoff == null ? SyncJob.Retry.DEFAULT.backoff()
        : backoff);
  }

  private Duration duration(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String key, String what) {
    String text = config.text(file, lines, pointer, node, key);
    if (text == null) {
      return null;
    }
    Matcher m = DURATION.matcher(text.strip());
    long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (amount < 1 || amount > 1_000_000) {
      throw error(file, lines.getOrDefault(pointer + "/" + key, 1), what + ": '" + key + ": "
          + text + "' is not a duration. Give a whole number and a unit: 500ms, 30s, 5m, 2h.");
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private List<String> globs(Path file, Map<String, Integer> lines, String pointer,
      JsonNode node, String key, String what) {
    JsonNode value = node.get(key);
    List<String> globs = new ArrayList<>();
    if (value == null) {
      return globs;
    }
    if (value.isTextual()) {
      globs.add(value.asText());
      return globs;
    }
    if (!value.isArray() || value.isEmpty()) {
      throw error(file, lines.getOrDefault(pointer + "/" + key, 1), what + ": '" + key
          + "' must list table names or globs: " + key + ": [customer, 'order_*']");
    }
    for (JsonNode g : value) {
      if (!g.isTextual() || g.asText().isBlank()) {
        throw error(file, lines.getOrDefault(pointer + "/" + key, 1), what + ": '" + key
            + "' must list table names or globs, as text");
      }
      globs.add(g.asText());
    }
    return globs;
  }

  private ConnectionSpec endpoint(Path file, Map<String, Integer> lines, String parent,
      JsonNode job, String key, String what) {
    String pointer = parent + "/" + key;
    int line = lines.getOrDefault(pointer, lines.getOrDefault(parent, 1));
    JsonNode node = job.get(key);
    if (node == null) {
      throw error(file, line, what + " has no '" + key + ":'. Add its database: " + key
          + ": {url: jdbc:postgresql://host:5432/db, user: ..., password-env: VAR}");
    }
    if (!node.isObject()) {
      throw error(file, line, what + ": '" + key + "' must be a mapping with at least 'url'");
    }
    unknownKeys(file, lines, pointer, node, ENDPOINT, what + ", " + key);
    String url = config.text(file, lines, pointer, node, "url");
    if (url == null || !url.startsWith("jdbc:")) {
      throw error(file, lines.getOrDefault(pointer + "/url", line), what + ": " + key
          + " needs a 'url' that is a JDBC URL, e.g. url: jdbc:postgresql://host:5432/db");
    }
    String password = config.text(file, lines, pointer, node, "password");
    String variable = config.text(file, lines, pointer, node, "password-env");
    String passwordFile = config.text(file, lines, pointer, node, "password-file");
    if ((password != null ? 1 : 0) + (variable != null ? 1 : 0) + (passwordFile != null ? 1 : 0)
        > 1) {
      throw error(file, line, what + ": " + key + " gives more than one of password,"
          + " password-env and password-file; keep one");
    }
    if (variable != null) {
      password = environment.apply(variable);
      if (password == null) {
        throw error(file, lines.getOrDefault(pointer + "/password-env", line), what + ": "
            + key + ".password-env names " + variable + ", which is not set. Export it before"
            + " running ferry sync.");
      }
    }
    if (passwordFile != null) {
      Path dir = file.toAbsolutePath().getParent();
      try {
        List<String> content = Files.readAllLines(dir.resolve(passwordFile));
        password = content.isEmpty() ? "" : content.get(0);
      } catch (java.io.IOException e) {
        throw error(file, lines.getOrDefault(pointer + "/password-file", line), what + ": "
            + key + ": cannot read the password file " + passwordFile + ". Check the path"
            + " (relative to " + file.getFileName() + ") and its permissions.");
      }
    }
    return new ConnectionSpec(null, url, config.text(file, lines, pointer, node, "user"),
        password);
  }
}
