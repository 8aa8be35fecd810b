package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.MergeMode;
import dev.ferry.api.SyncConfig;
import dev.ferry.api.SyncJob;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync.yaml}: jobs read whole, and each kind of bad input refused with file:line. */
class SyncLoaderTest {

  @TempDir Path dir;

  static final String JOB = "jobs:\n"
      + "  - name: orders\n"
      + "    source: {url: 'jdbc:postgresql://a/db', user: app, password-env: SRC_PW}\n"
      + "    target:\n"
      + "      url: jdbc:mariadb://b/db\n"
      + "      password-file: target.pw\n";

  SyncConfig load(String yaml) throws Exception {
    Files.writeString(dir.resolve("target.pw"), "t-secret\n");
    Path file = dir.resolve("sync.yaml");
    Files.writeString(file, yaml);
    return new SyncLoader(Map.of("SRC_PW", "s-secret")::get).load(file);
  }

  String refusal(String yaml) {
    try {
      load(yaml);
    } catch (FerryException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION);
      assertThat(e.getMessage()).doesNotContain("s-secret", "t-secret");
      return e.getMessage().replace(dir.resolve("sync.yaml").toString(), "sync.yaml");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("not refused:\n" + yaml);
  }

  @Test
  void aJobIsReadWithItsEndpointsScheduleTablesAndRetry() throws Exception {
    SyncConfig config = load(JOB
        + "    interval: 30s\n"
        + "    batch-size: 500\n"
        + "    include: [customer, 'order*']\n"
        + "    exclude: audit\n"
        + "    retry: {max-attempts: 5, backoff: 200ms}\n"
        + "    tables:\n"
        + "      customer: {merge: skip}\n"
        + "  - name: other\n"
        + "    source: {url: 'jdbc:sqlite:a.db'}\n"
        + "    target: {url: 'jdbc:sqlite:b.db'}\n");

    SyncJob job = config.jobs().get(0);
    assertThat(job.name()).isEqualTo("orders");
    assertThat(job.source().password()).isEqualTo("s-secret");
    assertThat(job.target().password()).isEqualTo("t-secret");
    assertThat(job.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(job.batchSize()).isEqualTo(500);
    assertThat(job.filter().include()).containsExactly("customer", "order*");
    assertThat(job.filter().exclude()).containsExactly("audit");
    assertThat(job.retry()).isEqualTo(new SyncJob.Retry(5, Duration.ofMillis(200)));
    assertThat(job.merge()).isEqualTo(MergeMode.UPDATE);
    assertThat(job.tables()).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo("customer");
      assertThat(t.mode()).isEqualTo(MergeMode.SKIP);
      assertThat(t.where()).endsWith("sync.yaml:13");
    });
    SyncJob other = config.jobs().get(1);
    assertThat(other.interval()).isEqualTo(SyncJob.DEFAULT_INTERVAL);
    assertThat(other.retry()).isEqualTo(SyncJob.Retry.DEFAULT);
  }

  @Test
  void pullReadsTheTargetAndWritesTheSourceAndBothNeedsNewerWinsEverywhere()
      throws Exception {
    SyncJob push = load(JOB + "    direction: push\n").jobs().get(0);
    SyncJob pull = load(JOB + "    direction: pull\n").jobs().get(0);

    assertThat(push.source().url()).isEqualTo("jdbc:postgresql://a/db");
    assertThat(push.target().url()).isEqualTo("jdbc:mariadb://b/db");
    assertThat(pull.source().url()).isEqualTo("jdbc:mariadb://b/db");
    assertThat(pull.target().url()).isEqualTo("jdbc:postgresql://a/db");
    assertThat(pull.target().user()).isEqualTo("app");
    assertThat(refusal(JOB + "    direction: both\n"))
        .startsWith("sync.yaml:7: job 'orders': direction both needs merge: newer-wins");
    assertThat(refusal(JOB + "    direction: both\n    merge: newer-wins\n    tables:\n"
        + "      orders: {merge: update}\n"))
        .startsWith("sync.yaml:7: job 'orders': direction both needs every table under"
            + " newer-wins").contains("orders merge: update");
    SyncJob both = load(JOB + "    direction: both\n    merge: newer-wins\n    tables:\n"
        + "      orders: {merge: newer-wins, newer-by: version}\n").jobs().get(0);
    assertThat(both.both()).isTrue();
    assertThat(both.half(true).source().url()).isEqualTo("jdbc:mariadb://b/db");
    assertThat(both.half(true).both()).isFalse();
    assertThat(refusal(JOB + "    direction: sideways\n"))
        .startsWith("sync.yaml:7: job 'orders': direction 'sideways' is unknown");
  }

  @Test
  void cronIsReadInsteadOfAnInterval() throws Exception {
    SyncJob job = load(JOB + "    cron: '*/5 * * * *'\n").jobs().get(0);

    assertThat(job.cron().expression()).isEqualTo("*/5 * * * *");
    assertThat(load(JOB).jobs().get(0).cron()).isNull();
  }

  @Test
  void aCronThatIsNoUnixExpressionOrBesideAnIntervalIsRefusedAtItsLine() {
    assertThat(refusal(JOB + "    cron: '*/5 * * *'\n"))
        .startsWith("sync.yaml:7: job 'orders': 'cron: */5 * * *' is not a Unix cron"
            + " expression: a cron expression has five fields");
    assertThat(refusal(JOB + "    cron: '0 0 * * * *'\n")).startsWith("sync.yaml:7:")
        .contains("five fields");
    assertThat(refusal(JOB + "    cron: '61 * * * *'\n")).startsWith("sync.yaml:7:")
        .contains("is not a Unix cron expression");
    assertThat(refusal(JOB + "    cron: '0 0 30 2 *'\n")).startsWith("sync.yaml:7:")
        .contains("matches no date");
    assertThat(refusal(JOB + "    interval: 5m\n    cron: '*/5 * * * *'\n"))
        .startsWith("sync.yaml:8: job 'orders' gives both 'interval' and 'cron'");
  }

  @Test
  void badValuesAreRefusedWithFileAndLine() {
    assertThat(refusal(JOB + "    interval: 5 minutes\n")).startsWith("sync.yaml:7:")
        .contains("is not a duration");
    assertThat(refusal(JOB + "    batch-size: 0\n")).startsWith("sync.yaml:7:");
    assertThat(refusal(JOB + "    merge: sometimes\n")).startsWith("sync.yaml:7:")
        .contains("unknown 'merge: sometimes'");
    assertThat(refusal(JOB + "    retry: {max-attempts: 0}\n")).startsWith("sync.yaml:7:");
    assertThat(refusal(JOB + "    colour: blue\n")).startsWith("sync.yaml:7:")
        .contains("unknown setting 'colour'");
    assertThat(refusal(JOB + "    tables:\n      customer: {merge: maybe}\n"))
        .startsWith("sync.yaml:8:");
    assertThat(refusal(JOB + JOB.substring("jobs:\n".length())))
        .startsWith("sync.yaml:7:").contains("repeats the name");
    assertThat(refusal("jobs:\n  - name: x\n    source: {url: 'jdbc:sqlite:a'}\n"))
        .startsWith("sync.yaml:2:").contains("has no 'target:'");
    assertThat(refusal(JOB.replace("SRC_PW", "NOT_SET")))
        .startsWith("sync.yaml:3:").contains("NOT_SET, which is not set");
    assertThat(refusal("jobs: []\n")).startsWith("sync.yaml:1:");
  }

  @Test
  void aWebhookIsAJobsOwnOrTheFilesDefault() throws Exception {
    SyncConfig config = load("webhook: {url: 'https://hooks.example.com/all'}\n" + JOB
        + "    webhook: {url: 'http://u:Hook-pw@127.0.0.1:9/ferry?token=t', after-failures: 5}\n"
        + "  - name: other\n"
        + "    source: {url: 'jdbc:sqlite:a.db'}\n"
        + "    target: {url: 'jdbc:sqlite:b.db'}\n");

    SyncJob.Webhook own = config.jobs().get(0).webhook();
    assertThat(own.url().toString()).isEqualTo("http://u:Hook-pw@127.0.0.1:9/ferry?token=t");
    assertThat(own.afterFailures()).isEqualTo(5);
    assertThat(own.where()).endsWith("sync.yaml:8");
    SyncJob.Webhook fallback = config.jobs().get(1).webhook();
    assertThat(fallback.url().toString()).isEqualTo("https://hooks.example.com/all");
    assertThat(fallback.afterFailures()).isEqualTo(SyncJob.Webhook.DEFAULT_AFTER_FAILURES);
    assertThat(load(JOB).jobs().get(0).webhook()).isNull();
  }

  @Test
  void aWebhookThatIsNoHttpUrlIsRefusedAtItsLineWithoutRepeatingIt() {
    assertThat(refusal(JOB + "    webhook: {url: 'ftp://h/x?token=Tok-1'}\n"))
        .startsWith("sync.yaml:7: job 'orders': webhook.url must be an http or https URL")
        .doesNotContain("Tok-1");
    assertThat(refusal(JOB + "    webhook: {url: 'file:///etc/passwd'}\n"))
        .startsWith("sync.yaml:7:").contains("http or https");
    assertThat(refusal(JOB + "    webhook: {url: 'http://a b/'}\n"))
        .startsWith("sync.yaml:7:").contains("is not a URL");
    assertThat(refusal(JOB + "    webhook:\n      url: 'https://h/'\n      after-failures: 0\n"))
        .startsWith("sync.yaml:9:").contains("after-failures");
    assertThat(refusal(JOB + "    webhook: {after-failures: 2}\n"))
        .startsWith("sync.yaml:7:").contains("needs a 'url'");
    assertThat(refusal(JOB + "    webhook: {url: 'https://h/', secret: x}\n"))
        .startsWith("sync.yaml:7:").contains("unknown setting 'secret'");
    assertThat(refusal("webhook: {url: 'mailto:ops@example.com'}\n" + JOB))
        .startsWith("sync.yaml:1: the sync configuration: webhook.url");
  }
}
