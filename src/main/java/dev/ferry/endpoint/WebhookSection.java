package dev.ferry.endpoint;

import static dev.ferry.endpoint.ConfigLoader.error;
import static dev.ferry.endpoint.ConfigLoader.unknownKeys;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.SyncJob;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A {@code webhook:} of {@code sync.yaml} (docs/sync.md, "Webhook"), a job's own or the file's
 * default: {@code {url: https://..., after-failures: 3}}. The URL is never repeated in a
 * message: its user-info or query may carry a token.
 */
final class WebhookSection {

  private static final Set<String> KEYS = Set.of("url", "after-failures");

  private WebhookSection() {}

  /** The webhook under {@code node}'s {@code webhook:}; {@code fallback} when there is none. */
  static SyncJob.Webhook read(ConfigLoader config, Path file, Map<String, Integer> lines,
      String parent, JsonNode node, String what, SyncJob.Webhook fallback) {
    JsonNode hook = node.get("webhook");
    if (hook == null || hook.isNull()) {
      return fallback;
    }
    String pointer = parent + "/webhook";
    int line = lines.getOrDefault(pointer, lines.getOrDefault(parent, 1));
    if (!hook.isObject()) {
      throw error(file, line, what + ": 'webhook' must be a mapping: webhook: {url:"
          + " https://hooks.example.com/ferry, after-failures: 3}");
    }
    unknownKeys(file, lines, pointer, hook, KEYS, what + ", webhook");
    String text = config.text(file, lines, pointer, hook, "url");
    int at = lines.getOrDefault(pointer + "/url", line);
    if (text == null) {
      throw error(file, line, what + ": 'webhook' needs a 'url', e.g. url:"
          + " https://hooks.example.com/ferry");
    }
    URI url;
    try {
      url = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw error(file, at, what + ": webhook.url is not a URL. Give an http or https URL,"
          + " e.g. url: https://hooks.example.com/ferry");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw error(file, at, what + ": webhook.url must be an http or https URL with a host"
          + (scheme.isEmpty() ? "" : ", not " + scheme + ":") + ", e.g. url:"
          + " https://hooks.example.com/ferry");
    }
    int after = SyncJob.Webhook.DEFAULT_AFTER_FAILURES;
    JsonNode count = hook.get("after-failures");
    if (count != null) {
      if (!count.isIntegralNumber() || !count.canConvertToInt() || count.asInt() < 1
          || count.asInt() > 1000) {
        throw error(file, lines.getOrDefault(pointer + "/after-failures", line), what
            + ": webhook.after-failures must be a whole number from 1 to 1000: the failed"
            + " attempts in a row that call the webhook, e.g. after-failures: 3");
      }
      after = count.asInt();
    }
    return new SyncJob.Webhook(url, after, file + ":" + line);
  }
}
