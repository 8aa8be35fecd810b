package dev.ferry.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.SyncJob;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The engine's properties from a job's source, as every way of giving credentials spells it. */
class CdcSourceTest {

  static Properties engine(String url, String user, String password) {
    ConnectionSpec source = new ConnectionSpec(null, url, user, password);
    ConnectionSpec target = new ConnectionSpec(null, "jdbc:postgresql://t/db", null, null);
    SyncJob job = new SyncJob("Cut.Over-1", "sync.yaml:2", source, target, null, null, null,
        null, null, null, 1000, null, null, null, null,
        new SyncJob.Capture(50, Duration.ofMillis(200), false, "sync.yaml:9"));
    return CdcSource.engine(job);
  }

  @Test
  void userInfoBeforeTheHostIsTheLoginAndNeverTheHost() {
    Properties p = engine("jdbc:postgresql://ann:p%40s+s@db.example/app", null, null);
    assertThat(p.getProperty("database.hostname")).isEqualTo("db.example");
    assertThat(p.getProperty("database.port")).isEqualTo("5432");
    assertThat(p.getProperty("database.dbname")).isEqualTo("app");
    assertThat(p.getProperty("database.user")).isEqualTo("ann");
    assertThat(p.getProperty("database.password")).isEqualTo("p@s+s");
  }

  @Test
  void theSpecsCredentialsWinOverTheUrlsParameters() {
    Properties p = engine("jdbc:postgresql://db:6543/app?user=url&password=fromurl&ssl=false",
        "given", "Cdc-pw-17");
    assertThat(p.getProperty("database.hostname")).isEqualTo("db");
    assertThat(p.getProperty("database.port")).isEqualTo("6543");
    assertThat(p.getProperty("database.user")).isEqualTo("given");
    assertThat(p.getProperty("database.password")).isEqualTo("Cdc-pw-17");
    Properties q = engine("jdbc:postgresql://db/app?user=url&password=from%20url", null, null);
    assertThat(q.getProperty("database.user")).isEqualTo("url");
    assertThat(q.getProperty("database.password")).isEqualTo("from url");
  }

  @Test
  void theSlotAndPublicationAreNamedFromTheJobAndBatchesFromItsCapture() {
    Properties p = engine("jdbc:postgresql://db/app", "u", null);
    assertThat(p.getProperty("slot.name")).isEqualTo("ferry_cut_over_1");
    assertThat(p.getProperty("publication.name")).isEqualTo("ferry_cut_over_1");
    assertThat(p.getProperty("publication.autocreate.mode")).isEqualTo("disabled");
    assertThat(p.getProperty("max.batch.size")).isEqualTo("50");
    assertThat(p.getProperty("poll.interval.ms")).isEqualTo("200");
    assertThat(p.getProperty("database.password")).isNull();
  }
}
