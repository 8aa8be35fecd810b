package dev.ferry;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package tree's one direction: each package may use the packages below it and never one
 * above it, and the packages of one level (peers) never use each other. This list is the one
 * place the layers are written down; docs/architecture.md draws the same picture. And no file in
 * src/main grows past {@link #MAX_LINES} lines.
 */
class ArchitectureTest {

  /** Top to bottom. Packages named together are peers. Subpackages belong to their parent. */
  static final List<List<String>> LAYERS = List.of(
      List.of("cli"),                       // the command line: parses, prints, exits
      List.of("facade", "demo"),            // dev.ferry.Ferry wires the engines; the demo data
      List.of("consolidate", "sync"),       // many tenants into one; jobs that copy on a schedule
      List.of("copy", "verify", "script", "schema"),  // the capabilities, each on its own
      List.of("identity"),                  // users matched across environments, the user map
      List.of("jdbc"),                      // reading live databases (and opening any source)
      List.of("bundle"),                    // bundle directories: written, read, proven
      List.of("rows"),                      // the seams: readers, writers, chunks, row values
      List.of("files"),                     // files rows point to: stores, safe paths, hashing
      List.of("endpoint", "report"),        // where to connect; the human-readable report
      List.of("api"),                       // what callers give and get: requests, results
      List.of("dialect"),                   // each engine's SQL, types and catalog reading
      List.of("catalog"),                   // tables, keys, the load order and its proof
      List.of("json"),                      // deterministic artifacts
      List.of("error"));                    // the one exception, exit codes, secret masking

  /** The most lines a file in src/main may have. */
  static final int MAX_LINES = 400;

  private static JavaClasses classes;

  @BeforeAll
  static void importMain() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.ferry");
  }

  @Test
  void everyPackageBelongsToALayer() {
    List<String> stray = new ArrayList<>();
    for (JavaClass c : classes) {
      if (layerOf(c.getPackageName()) == null) {
        stray.add(c.getName());
      }
    }
    assertThat(stray)
        .as("classes in packages that ArchitectureTest.LAYERS does not place").isEmpty();
  }

  @Test
  void dependenciesOnlyPointDown() {
    layers().check(classes);
  }

  @Test
  void noTwoPackagesUseEachOther() {
    slices().matching("dev.ferry.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noMainFileIsOverTheLimit() throws IOException {
    // small files keep one job each; 400 lines is the limit the layers were cut to
    List<String> tooLong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        long lines = Files.readAllLines(f).size();
        if (lines > MAX_LINES) {
          tooLong.add(f + " (" + lines + " lines)");
        }
      }
    }
    assertThat(tooLong).as("files in src/main over " + MAX_LINES + " lines: split them by"
        + " responsibility").isEmpty();
  }

  /** Each layer may be used only by the layers above it, so peers and lower layers cannot. */
  static ArchRule layers() {
    LayeredArchitecture arch = Architectures.layeredArchitecture()
        .consideringOnlyDependenciesInLayers();
    List<String> names = LAYERS.stream().flatMap(List::stream).toList();
    for (String name : names) {
      arch = arch.layer(name).definedBy(name.equals("facade") ? "dev.ferry"
          : "dev.ferry." + name + "..");
    }
    for (int level = 0; level < LAYERS.size(); level++) {
      List<String> above = LAYERS.subList(0, level).stream().flatMap(List::stream).toList();
      for (String name : LAYERS.get(level)) {
        arch = above.isEmpty() ? arch.whereLayer(name).mayNotBeAccessedByAnyLayer()
            : arch.whereLayer(name).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
      }
    }
    return arch;
  }

  private static String layerOf(String pkg) {
    if (pkg.equals("dev.ferry")) {
      return "facade";
    }
    for (List<String> level : LAYERS) {
      for (String name : level) {
        String p = "dev.ferry." + name;
        if (pkg.equals(p) || pkg.startsWith(p + ".")) {
          return name;
        }
      }
    }
    return null;
  }
}
