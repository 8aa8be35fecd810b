package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.IdentityConfig;
import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader(Map.of("QA_DB_PASSWORD", "s3cret")::get);

  @Test
  void readsTheDocumentedExampleAsWritten() throws IOException {
    Path file = write("""
        environments:
          qa:
            url: jdbc:postgresql://db-qa:5432/app
            user: ferry
            password: ${QA_DB_PASSWORD}   # taken from the environment
          uat:
            url: jdbc:mariadb://db-uat:3306/app
        """);

    FerryConfig config = loader.load(file, true);

    assertThat(config.environments()).containsOnlyKeys("qa", "uat");
    EnvironmentConfig qa = config.environment("qa").orElseThrow();
    assertThat(qa.url()).isEqualTo("jdbc:postgresql://db-qa:5432/app");
    assertThat(qa.user()).isEqualTo("ferry");
    assertThat(qa.password()).isEqualTo("s3cret");
    assertThat(qa.location()).isEqualTo(file + ":2");
    assertThat(config.environment("uat").orElseThrow().password()).isNull();
    assertThat(qa.toString()).doesNotContain("s3cret");
  }

  @Test
  void missingVariableIsReportedWithFileAndLine() throws IOException {
    Path file = write("""
        environments:
          qa:
            url: jdbc:postgresql://db-qa/app
            password: ${NOT_SET_ANYWHERE}
        """);

    assertThatThrownBy(() -> loader.load(file, true))
        .isInstanceOf(FerryException.class)
        .hasMessageStartingWith(file + ":4: ")
        .hasMessageContaining("NOT_SET_ANYWHERE")
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
  }

  @Test
  void unknownSettingNamesTheKnownOnes() throws IOException {
    Path file = write("""
        environments:
          qa:
            url: jdbc:postgresql://db-qa/app
            pasword: oops
        """);

    assertThatThrownBy(() -> loader.load(file, true))
        .hasMessageStartingWith(file + ":4: unknown setting 'pasword'")
        .hasMessageContaining("password")
        .hasMessageNotContaining("oops");
  }

  @Test
  void unknownSectionAndMissingUrlAndNonJdbcUrlAreRefused() throws IOException {
    assertThatThrownBy(() -> loader.load(write("enviroments:\n  qa: {}\n"), true))
        .hasMessageContaining(":1: unknown section 'enviroments'");
    assertThatThrownBy(() -> loader.load(write("environments:\n  qa:\n    user: x\n"), true))
        .hasMessageContaining(":2: environment 'qa' has no 'url'");
    assertThatThrownBy(() -> loader.load(write("environments:\n  qa:\n    url: postgres://x\n"),
        true)).hasMessageContaining(":3: environment 'qa': url must be a JDBC URL");
  }

  @Test
  void malformedYamlGivesTheLine() throws IOException {
    Path file = write("environments:\n  qa:\n    url: \"jdbc:x\n  uat: [\n");

    assertThatThrownBy(() -> loader.load(file, true))
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void badEncodingIsReported() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'e', 'n', 'v', ':', ' ', (byte) 0xE9, '\n'});

    assertThatThrownBy(() -> loader.load(file, true)).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void missingFileIsEmptyUnlessRequired() {
    Path missing = dir.resolve("ferry.yaml");

    assertThat(loader.load(missing, false).environments()).isEmpty();
    assertThatThrownBy(() -> loader.load(missing, true)).hasMessageContaining("not found");
  }

  @Test
  void identitySectionOfTheDocsIsReadAsWritten() throws IOException {
    Path file = write("""
        identity:
          table: app_user            # the identity table, same name on both sides
          key: id
          match:                     # tried in order; the first rule giving exactly one target wins
            - column: email
              ignore-case: true
            - column: external_id
            - column: email
              regex: '^(.*)@qa\\.example\\.com$'
              replace: '$1@example.com'
          unmatched: fail            # fail | default:<target key> | null | create
          soft-references:           # columns that hold user keys without a foreign key constraint
            - audit_log.actor_id
        """);

    var identity = loader.load(file, true).identity();

    assertThat(identity.table()).isEqualTo("app_user");
    assertThat(identity.key()).isEqualTo("id");
    assertThat(identity.match()).hasSize(3);
    assertThat(identity.match().get(0).sourceValue("Bob@QA.example.com"))
        .isEqualTo("bob@qa.example.com");
    assertThat(identity.match().get(2).sourceValue("bob@qa.example.com"))
        .isEqualTo("bob@example.com");
    assertThat(identity.match().get(2).sourceValue("bob@elsewhere.org")).isNull();
    assertThat(identity.unmatched().kind()).isEqualTo("fail");
    assertThat(identity.softReferences()).containsExactly("audit_log.actor_id");
    assertThat(identity.matchColumns()).containsExactly("email", "external_id");
  }

  @Test
  void unmatchedNullIsTheNullFallbackNotAMissingSetting() throws IOException {
    Path bare = write("""
        identity:
          table: app_user
          key: id
          unmatched: null
        """);
    Path quoted = write("""
        identity:
          table: app_user
          key: id
          unmatched: 'null'
        """);

    assertThat(loader.load(bare, true).identity().unmatched().kind()).isEqualTo("null");
    assertThat(loader.load(quoted, true).identity().unmatched().kind()).isEqualTo("null");
  }

  @Test
  void badIdentitySettingsAreReportedWithTheirLine() throws IOException {
    assertThatThrownBy(() -> loader.load(write("""
        identity:
          table: app_user
          key: id
          unmatched: maybe
        """), true)).hasMessageContaining(":4: unmatched must be fail, null, create or default");
    assertThatThrownBy(() -> loader.load(write("""
        identity:
          table: app_user
          key: id
          match:
            - column: email
              regex: '(unclosed'
              replace: x
        """), true)).hasMessageContaining(":6: match rule 1: invalid regex");
  }

  @Test
  void aDuplicateKeyIsRefusedWithTheLinesOfBothAtEveryLevel() throws IOException {
    // given: YAML readers keep the last of two equal keys without a word
    Path environment = write("""
        environments:
          qa:
            url: jdbc:postgresql://db-qa/app
          uat:
            url: jdbc:postgresql://db-uat/app
          qa:
            url: jdbc:postgresql://db-prod/app
        """);
    Path setting = write("""
        environments:
          qa:
            url: jdbc:postgresql://db-qa/app
            user: ferry
            url: jdbc:postgresql://db-prod/app
        """);
    Path section = write("""
        identity:
          table: app_user
          key: id
        environments: {}
        identity:
          table: people
          key: id
        """);
    Path rule = write("""
        identity:
          table: app_user
          key: id
          match:
            - column: email
              ignore-case: true
              column: external_id
        """);

    // then
    assertThatThrownBy(() -> loader.load(environment, true))
        .hasMessage(environment + ":6: 'qa' is given twice in environments (first at line 2);"
            + " only one can count. Remove or rename one of them.")
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.CONFIGURATION));
    assertThatThrownBy(() -> loader.load(setting, true))
        .hasMessageStartingWith(setting + ":5: 'url' is given twice in environments.qa (first at"
            + " line 3)");
    assertThatThrownBy(() -> loader.load(section, true))
        .hasMessageStartingWith(section + ":5: 'identity' is given twice at the top level (first"
            + " at line 1)");
    assertThatThrownBy(() -> loader.load(rule, true))
        .hasMessageStartingWith(rule + ":7: 'column' is given twice in identity.match[1] (first"
            + " at line 5)");
  }

  @Test
  void manyToOneIsWarnUnlessSetAndEverySettingKnowsItsLine() throws IOException {
    Path file = write("""
        identity:
          table: app_user
          key: id
          unmatched: default:7
          many-to-one: refuse
        """);

    var identity = loader.load(file, true).identity();

    assertThat(identity.manyToOne()).isEqualTo(IdentityConfig.ManyToOne.REFUSE);
    assertThat(identity.where("unmatched")).isEqualTo("identity.unmatched, " + file + ":4");
    assertThat(identity.tableSetting()).isEqualTo("identity.table, " + file + ":2");
    assertThat(identity.where("soft-references")).isEqualTo("identity.soft-references");
    assertThat(loader.load(write("identity: {table: u, key: id}\n"), true).identity()
        .manyToOne()).isEqualTo(IdentityConfig.ManyToOne.WARN);
    assertThatThrownBy(() -> loader.load(write("""
        identity:
          table: app_user
          key: id
          many-to-one: sometimes
        """), true)).hasMessageContaining(":4: many-to-one must be allow, warn or refuse");
  }

  @Test
  void settingsOfTheWrongShapeAreRefusedNotIgnored() throws IOException {
    assertThatThrownBy(() -> loader.load(write("""
        identity:
          table: app_user
          key: id
          match:
            - column: email
              ignore-case: ture
        """), true)).hasMessageContaining(":6: 'ignore-case' must be true or false, not 'ture'");
    assertThatThrownBy(() -> loader.load(write("""
        identity:
          table: app_user
          key: id
          soft-references: audit_log.actor_id
        """), true)).hasMessageContaining(":4: 'soft-references' must be a list")
        .hasMessageContaining("- audit_log.actor_id");
    assertThatThrownBy(() -> loader.load(write("""
        identity:
          table: app_user
          key: id
          soft-references:
            - audit_log.actor_id
            - {table: note}
        """), true)).hasMessageContaining(":6: soft reference 2 must be table.column");
    assertThatThrownBy(() -> loader.load(write("""
        environments:
          qa:
            url: jdbc:postgresql://db-qa/app
        ---
        environments:
          uat:
            url: jdbc:postgresql://db-uat/app
        """), true)).hasMessageContaining(":5: a second YAML document starts here");
  }

  private Path write(String yaml) throws IOException {
    Path file = Files.createTempFile(dir, "ferry", ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
