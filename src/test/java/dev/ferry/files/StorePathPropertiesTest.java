package dev.ferry.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Paths from rows and archives are never trusted: whatever text a row holds, a path ferry
 * accepts resolves inside the store, and a path that climbs with {@code ..} or starts at the
 * root is refused.
 */
class StorePathPropertiesTest {

  private static final Path ROOT = Path.of("/srv/store");

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of("..", ".", "", "a", "b.txt", "...", "..a", "a..",
        "%2e%2e", "~", "c d", "\u00e9", ":", "e\\f", "C:", "\0");
    return segment.list().ofMinSize(1).ofMaxSize(6)
        .flatMap(s -> Arbitraries.of("", "/", "./").map(lead -> lead + String.join("/", s)));
  }

  @Property(tries = 2000)
  void anAcceptedPathResolvesInsideTheStoreWithoutDotSegments(@ForAll("paths") String text) {
    StorePath path;
    try {
      path = StorePath.of(text);
    } catch (UnsafePath refused) {
      return;
    }
    Path resolved = path.under(ROOT);
    assertThat(resolved.normalize()).isEqualTo(resolved);
    assertThat(resolved.startsWith(ROOT)).isTrue();
    assertThat(resolved).isNotEqualTo(ROOT);
    assertThat(List.of(path.text().split("/"))).doesNotContain("..", ".", "");
  }

  @Property(tries = 2000)
  void anyTextAtAllThatIsAcceptedStaysInside(@ForAll String text) {
    try {
      Path resolved = StorePath.of(text).under(ROOT);
      assertThat(resolved.normalize().startsWith(ROOT)).isTrue();
    } catch (UnsafePath refused) {
      // refused is safe
    }
  }

  @Property(tries = 2000)
  void aPathWithADotDotSegmentOrARootIsRefused(@ForAll("paths") String text) {
    boolean climbs = List.of(text.split("/", -1)).contains("..");
    boolean absolute = text.startsWith("/");
    if (climbs || absolute) {
      assertThatThrownBy(() -> StorePath.of(text)).isInstanceOf(UnsafePath.class);
    }
  }

  @Property
  void theSamePathWrittenTwoWaysIsOneFile(@ForAll("paths") String text) {
    StorePath path;
    try {
      path = StorePath.of(text);
    } catch (UnsafePath refused) {
      return;
    }
    assertThat(StorePath.of("./" + text.replace("/", "//"))).isEqualTo(path);
  }
}
