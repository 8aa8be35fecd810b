package dev.ferry.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rows.RowFingerprint;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowJournalTest {

  private final RowFingerprint.Hasher hasher = new RowFingerprint.Hasher(List.of("Name", "id"));

  @Test
  void anAfterHashThisFerryWritesIsTheRowsQuickHashMarkedAsSuch() {
    String hash = RowJournal.afterHash(hasher, Arrays.asList(null, "1"));

    assertThat(hash).isEqualTo("m3:e310647ff50ebf796c94abde1ea375a8");
    assertThat(RowJournal.sameRow(hash, hasher, Arrays.asList(null, "1"))).isTrue();
    assertThat(RowJournal.sameRow(hash, hasher, Arrays.asList("", "1"))).isFalse();
    assertThat(RowJournal.sameRow(hash, hasher, Arrays.asList(null, "2"))).isFalse();
  }

  @Test
  void anAfterHashAnEarlierFerryWroteIsTheRowsFingerprintAndIsReadAsItIs() {
    // an earlier ferry journaled the row's fingerprint, the first half of its SHA-256
    String earlier = "9172f855e6533350a15edab12e00c768";

    assertThat(RowJournal.sameRow(earlier, hasher, Arrays.asList(null, "1"))).isTrue();
    assertThat(RowJournal.sameRow(earlier, hasher, Arrays.asList(null, "2"))).isFalse();
  }
}
