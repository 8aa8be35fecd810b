package dev.ferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserInfoTest {

  @Test
  void userAndPasswordLeaveTheUrlDecoded() {
    UserInfo info = UserInfo.split("jdbc:postgresql://ann:p%40ss+w%2Fd@db:5432/app?ssl=true");

    assertThat(info.url()).isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
    assertThat(info.user()).isEqualTo("ann");
    assertThat(info.password()).isEqualTo("p@ss+w/d");
    assertThat(info.toString()).doesNotContain("p@ss");
  }

  @Test
  void aRawAtSignInThePasswordStaysInThePassword() {
    UserInfo info = UserInfo.split("jdbc:mysql://bob:a@b@127.0.0.1:1/x");

    assertThat(info.url()).isEqualTo("jdbc:mysql://127.0.0.1:1/x");
    assertThat(info.user()).isEqualTo("bob");
    assertThat(info.password()).isEqualTo("a@b");
  }

  @Test
  void urlsWithoutUserInfoAreLeftAsTheyAre() {
    for (String url : new String[] {"jdbc:postgresql://db/app?user=ann@corp&password=x",
        "jdbc:sqlite:/tmp/a//b@c.db", "jdbc:h2:file:/tmp/x;USER=sa", "jdbc:mariadb://db/app",
        "jdbc:sqlserver://db;user=a@b;password=x"}) {
      UserInfo info = UserInfo.split(url);
      assertThat(info.url()).isEqualTo(url);
      assertThat(info.user()).isNull();
      assertThat(info.password()).isNull();
    }
  }

  @Test
  void aUserWithoutPasswordIsTakenAlone() {
    UserInfo info = UserInfo.split("jdbc:h2:tcp://sa@localhost/~/test");

    assertThat(info.url()).isEqualTo("jdbc:h2:tcp://localhost/~/test");
    assertThat(info.user()).isEqualTo("sa");
    assertThat(info.password()).isNull();
  }
}
