package dev.ferry.verify;

import dev.ferry.api.Fingerprint;
import dev.ferry.api.Fingerprint.ColumnFingerprint;
import dev.ferry.api.Fingerprint.Distinct;
import dev.ferry.api.Fingerprint.TableFingerprint;
import dev.ferry.api.FingerprintRequest;
import dev.ferry.catalog.Catalog;
import dev.ferry.catalog.Column;
import dev.ferry.catalog.Table;
import dev.ferry.catalog.TableMatch;
import dev.ferry.jdbc.Sources;
import dev.ferry.json.Json;
import dev.ferry.rows.CanonicalValue;
import dev.ferry.rows.SourceReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code ferry fingerprint}: streams every table of an endpoint once and records, per table, its
 * row count and checksum, and per column its NULLs, distinct values, min, max and checksum, all
 * over the canonical encoding, so that fingerprints of the same data on different engines are
 * equal.
 */
public final class Fingerprinter {

  private Fingerprinter() {}

  /** Fingerprints the request's endpoint; writes the JSON when an out file is set. */
  public static Fingerprint fingerprint(FingerprintRequest request) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<TableFingerprint> tables = new ArrayList<>();
    long rows = 0;
    String engine;
    try (SourceReader reader = Sources.open(request.endpoint(), request.schemas(),
        request.filter())) {
      Catalog catalog = reader.catalog();
      engine = catalog.engine();
      for (Table table : catalog.tables()) {
        if (!table.holdsOwnRows()) {
          continue;
        }
        TableFingerprint t = table(reader, table, engine, request);
        rows += t.rows();
        tables.add(t);
      }
    }
    Instant ended = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    double seconds = (ended.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    Fingerprint fingerprint = new Fingerprint(Fingerprint.FORMAT_VERSION,
        request.endpoint().describe(), engine, CanonicalValue.VERSION, tables,
        new Fingerprint.Timing(started.toString(), ended.toString(), Verifier.round(seconds),
            rows, Verifier.rate(rows, seconds)));
    if (request.outFile() != null) {
      Json.write(request.outFile(), fingerprint);
    }
    return fingerprint;
  }

  private static TableFingerprint table(SourceReader reader, Table table, String engine,
      FingerprintRequest request) {
    // computed columns are not data ferry moves (a bundle does not carry them)
    List<Column> columns = new ArrayList<>(table.columns().stream()
        .filter(c -> !ComparedTable.isComputed(c)).toList());
    columns.sort(Comparator.comparing((Column c) -> c.name().toLowerCase(Locale.ROOT))
        .thenComparing(Column::name));
    List<CanonicalValue> encodings = columns.stream().map(c -> CanonicalValue.of(c, engine))
        .toList();
    List<String> keyNames = TableMatch.keyOf(table);
    List<String> names = columns.stream().map(Column::name).toList();
    int[] key = keyNames.stream().mapToInt(names::indexOf).toArray();
    if (key.length == 0 || java.util.Arrays.stream(key).anyMatch(i -> i < 0)) {
      key = IntStream.range(0, names.size()).toArray();
    }
    Side side = new Side(engine, table.name(), table.hasChildren(), columns, encodings, key,
        null);
    TableDigest digest = new StreamingSide(reader, side, request.batchSize(),
        request.exactDistinctLimit(), true).digest();
    List<ColumnFingerprint> result = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      ColumnDigest d = digest.columns[i];
      CanonicalValue e = encodings.get(i);
      DistinctCounter distinct = d.distinct();
      result.add(new ColumnFingerprint(columns.get(i).name(), e.kind().name(), d.nulls,
          new Distinct(distinct.count(), !distinct.estimated(),
              distinct.estimated() ? distinct.standardError() : null),
          e.display(e.encode(d.min()), LeafRow.DISPLAY),
          e.display(e.encode(d.max()), LeafRow.DISPLAY),
          Hashing.hex(d.checksum)));
    }
    return new TableFingerprint(table.name().qualified(), digest.rows,
        Hashing.hex(digest.checksum), result);
  }
}
