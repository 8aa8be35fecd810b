package dev.ferry.verify;

import dev.ferry.api.VerificationReport;
import dev.ferry.api.VerificationReport.BundleProblem;
import dev.ferry.api.VerificationReport.BundleResult;
import dev.ferry.bundle.BundleVerifier;
import dev.ferry.json.Json;
import dev.ferry.report.HtmlFiles;
import dev.ferry.report.HtmlReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry verify --bundle}: checks a bundle on its own with {@link BundleVerifier} and reports
 * its findings as rules, in the same {@code verification.json} shape as a parity check.
 */
public final class BundleCheck {

  private BundleCheck() {}

  /**
   * Verifies the bundle in {@code dir}.
   *
   * @param outDir where {@code verification.json} goes; null writes nothing
   * @throws dev.ferry.error.FerryException {@code INPUT} when {@code dir} is not a directory
   */
  public static VerificationReport verify(Path dir, Path outDir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new dev.ferry.error.FerryException(dev.ferry.error.ErrorCode.INPUT, "bundle " + dir
          + " is not a directory. Give the directory an export wrote.");
    }
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    BundleVerifier.Result result = BundleVerifier.verify(dir);
    RuleBook book = new RuleBook(List.of(RuleBook.BUNDLE_MANIFEST, RuleBook.BUNDLE_TABLES,
        RuleBook.BUNDLE_FILES, RuleBook.BUNDLE_ROWS));
    book.checked(RuleBook.BUNDLE_MANIFEST);
    for (int i = 0; i < result.tablesChecked(); i++) {
      book.checked(RuleBook.BUNDLE_TABLES);
      book.checked(RuleBook.BUNDLE_FILES);
      book.checked(RuleBook.BUNDLE_ROWS);
    }
    for (BundleVerifier.Problem p : result.problems()) {
      String rule = switch (p.check()) {
        case BundleVerifier.MISSING_TABLE -> RuleBook.BUNDLE_TABLES;
        case BundleVerifier.MISSING_FILE, BundleVerifier.SIZE, BundleVerifier.SHA256 ->
            RuleBook.BUNDLE_FILES;
        case BundleVerifier.CONTENT, BundleVerifier.ROWS -> RuleBook.BUNDLE_ROWS;
        default -> RuleBook.BUNDLE_MANIFEST;
      };
      book.fail(rule, p.table(), p.file(), p.check() + ": " + p.message());
    }
    List<BundleProblem> problems = result.problems().stream()
        .map(p -> new BundleProblem(p.check(), p.table(), p.file(), p.message())).toList();
    Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    double seconds = (ended.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    VerificationReport report = new VerificationReport(VerificationReport.FORMAT_VERSION,
        "bundle", "bundle " + dir, null, null, Map.of(), book.passed(), book.rules(), List.of(),
        List.of(), new BundleResult(dir.toString(), result.tablesChecked(), result.rowsChecked(),
            problems), List.of(), new VerificationReport.Timing(started.toString(),
            ended.toString(), Verifier.round(seconds), result.rowsChecked(),
            Verifier.rate(result.rowsChecked(), seconds), Map.of()));
    if (outDir != null) {
      Json.write(outDir.resolve(Verifier.REPORT_FILE), report);
      HtmlFiles.write(outDir.resolve(Verifier.HTML_FILE), HtmlReport.render(report));
    }
    return report;
  }
}
