package dev.ferry.verify;

import dev.ferry.error.ErrorCode;
import dev.ferry.error.FerryException;
import java.util.BitSet;
import java.util.List;

/**
 * A side whose digest was computed elsewhere (the key ranges of {@link VerifyUnits}, digested by
 * another runner and added up); its differing rows are read back here, in one pass.
 */
final class GivenSide implements TableSide {

  private final TableDigest digest;
  private final TableSide reader;

  /**
   * @throws FerryException {@code USAGE} when the digest has another number of columns than the
   *     side compares (the table changed since its units were planned)
   */
  GivenSide(TableDigest digest, Side side, TableSide reader) {
    if (digest.columns.length != side.columns().size()) {
      throw new FerryException(ErrorCode.USAGE, "the digest given for " + side.table() + " has "
          + digest.columns.length + " columns where " + side.columns().size() + " are compared:"
          + " plan the units again and digest every one of them");
    }
    this.digest = digest;
    this.reader = reader;
  }

  @Override
  public String method() {
    return reader.method();
  }

  @Override
  public TableDigest digest() {
    return digest;
  }

  @Override
  public List<LeafRow> rows(BitSet ranges) {
    return reader.rows(ranges);
  }

  @Override
  public void close() {
    reader.close();
  }
}
