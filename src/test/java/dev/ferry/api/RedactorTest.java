package dev.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import dev.ferry.error.Redactor;
import java.util.List;
import java.util.Map;
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
    // remembered for the whole test JVM: no word that other tests' messages hold
    ConnectionSpec spec = new ConnectionSpec("qa", "jdbc:postgresql://h/db?password=inurl-3x",
        "u", "given-7q");
    assertThat(spec.toString()).doesNotContain("inurl-3x").doesNotContain("given-7q");
    assertThat(spec.describe()).isEqualTo("qa (jdbc:postgresql://h/db?password=***)");
  }

  @Test
  void passwordsWithDelimitersAreMaskedWhole() {
    assertThat(Redactor.maskUrl("jdbc:mariadb://bob:p@ss/w@h:3306/db?x=1"))
        .isEqualTo("jdbc:mariadb://bob:***@h:3306/db?x=1");
    assertThat(Redactor.maskUrl("jdbc:sqlserver://h;user=a;password={x;y};encrypt=true"))
        .isEqualTo("jdbc:sqlserver://h;user=a;password=***;encrypt=true");
    assertThat(Redactor.maskUrl("qa (jdbc:postgresql://h/db?PWD=abc)"))
        .isEqualTo("qa (jdbc:postgresql://h/db?PWD=***)");
  }

  @Test
  void aRememberedSecretIsMaskedOutOfItsUrlInEverySpelling() {
    // given: a connection whose password a driver quotes as part of a host name
    new ConnectionSpec(null, "jdbc:postgresql://bob:Zq%40rt-81@h/db", null, "Yv+given 9");

    // when
    String scrubbed = Redactor.scrub("unknown host bob:Zq@rt-81@h; Incorrect port value :"
        + " Zq%40rt-81@h; password 'Yv+given 9', encoded Yv%2Bgiven+9");

    // then
    assertThat(scrubbed).isEqualTo("unknown host bob:***@h; Incorrect port value : ***@h;"
        + " password '***', encoded ***");
  }

  @Test
  void aRememberedSecretInsideALongerWordIsLeftAlone() {
    Redactor.remember("wombat17");

    assertThat(Redactor.scrub("table wombat17s, wombat17x and wombat17"))
        .isEqualTo("table wombat17s, wombat17x and ***");
  }

  @Test
  void ferryExceptionsAreScrubbedAsTheyAreMade() {
    Redactor.remember("Quokka-99");

    FerryException e = new FerryException(ErrorCode.CONNECTION, "driver said: Quokka-99@db",
        new java.sql.SQLException("Quokka-99"));

    assertThat(e.getMessage()).isEqualTo("driver said: ***@db");
  }

  @Test
  void reportsScrubTheDriverTextTheyCarry() {
    Redactor.remember("Numbat-42");

    RunReport run = new RunReport(RunReport.FORMAT_VERSION, "r", "p", "s", "t", "copy",
        "failed", false, List.of(), Map.of(), List.of(), List.of(), Map.of(),
        List.of("note Numbat-42"), List.of("driver: Numbat-42@db"), null, Map.of());
    VerificationReport.Failure failure = new VerificationReport.Failure("t", "c",
        "reading failed: Numbat-42");

    assertThat(run.notes()).containsExactly("note ***");
    assertThat(run.problems()).containsExactly("driver: ***@db");
    assertThat(failure.message()).isEqualTo("reading failed: ***");
  }
}
