package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void passwordParametersAreMaskedInEveryUrlForm() {
    assertThat(Redactor.maskUrl("jdbc:postgresql://h/db?user=a&password=p%40ss&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(Redactor.maskUrl("jdbc:sqlserver://h;user=a;Password=x;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://h;user=a;Password=***;encrypt=true");
    assertThat(Redactor.maskUrl("jdbc:mariadb://bob:hunter2@h:3306/db"))
        .isEqualTo("jdbc:mariadb://bob:***@h:3306/db");
    assertThat(Redactor.maskUrl("jdbc:h2:file:/x;USER=sa;PASSWORD=;")).contains("PASSWORD=***");
  }

  @Test
  void knownSecretIsMaskedWhereverItAppears() {
    assertThat(Redactor.redact("FATAL: password hunter2 rejected for hunter2", "hunter2"))
        .isEqualTo("FATAL: password *** rejected for ***");
    assertThat(Redactor.redact("nothing secret", null)).isEqualTo("nothing secret");
  }

  @Test
  void connectionSpecNeverPrintsItsPassword() {
    ConnectionSpec spec = new ConnectionSpec("qa", "jdbc:postgresql://h/db?password=inurl", "u",
        "given");
    assertThat(spec.toString()).doesNotContain("inurl").doesNotContain("given");
    assertThat(spec.describe()).isEqualTo("qa (jdbc:postgresql://h/db?password=***)");
  }
}
