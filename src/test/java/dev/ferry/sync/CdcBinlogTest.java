package dev.ferry.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a MariaDB source must offer for {@code capture: cdc}, and the message when it does not. */
class CdcBinlogTest {

  static final List<String> GRANTS = List.of(
      // as ferry keeps the lines: up to TO, without the account and its hash
      "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO",
      "GRANT SELECT ON `app`.* TO `cdc`@`%`");

  @Test
  void aServerWithItsBinlogInRowsAndFullImagesAndAGrantedLoginIsAccepted() {
    assertThat(CdcBinlog.refusal("1", "ROW", "FULL", GRANTS)).isNull();
    assertThat(CdcBinlog.refusal("ON", "row", "full", List.of(
        "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION"))).isNull();
    assertThat(CdcBinlog.refusal("1", "ROW", "FULL", List.of(
        "GRANT REPLICATION CLIENT, REPLICATION SLAVE ON *.* TO `cdc`@`%`"))).isNull();
  }

  @Test
  void eachMissingSettingOrPrivilegeIsRefusedSayingWhatToChange() {
    assertThat(CdcBinlog.refusal("0", "MIXED", "FULL", GRANTS)).contains("binlog is off",
        "log_bin", "binlog_format=ROW");
    assertThat(CdcBinlog.refusal("1", "STATEMENT", "FULL", GRANTS))
        .contains("binlog_format is STATEMENT", "binlog_format=ROW");
    assertThat(CdcBinlog.refusal("1", "ROW", "MINIMAL", GRANTS))
        .contains("binlog_row_image is MINIMAL", "binlog_row_image=FULL");
    assertThat(CdcBinlog.refusal("1", "ROW", "FULL", List.of(GRANTS.get(1))))
        .contains("lacks REPLICATION SLAVE and BINLOG MONITOR", "GRANT REPLICATION SLAVE,"
            + " BINLOG MONITOR ON *.*");
    // a privilege on one database only does not read the binlog
    assertThat(CdcBinlog.refusal("1", "ROW", "FULL", List.of(
        "GRANT BINLOG MONITOR ON *.* TO `cdc`@`%`", "GRANT ALL PRIVILEGES ON `app`.* TO"
            + " `cdc`@`%`"))).contains("lacks REPLICATION SLAVE (");
  }
}
