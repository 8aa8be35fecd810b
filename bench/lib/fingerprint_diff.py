#!/usr/bin/env python3
"""bench/lib/fingerprint_diff.py A.json B.json — do two `ferry fingerprint` files hold the same data?

Compares, per table (by its name without schema: MariaDB's `src.app_user` is PostgreSQL's
`public.app_user`), the row count and the table checksum, and per column the NULL count and the
checksum: ferry's canonical figures, the same for the same data on any engine. Prints a line per
table and exits 1 on the first difference listed, so the benchmark never times unequal sources.
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    tables = {}
    for t in doc["tables"]:
        name = t["table"].split(".")[-1].lower()
        cols = {c["name"].lower(): (c["nulls"], c["checksum"]) for c in t["columns"]}
        tables[name] = (t["rows"], t["checksum"], cols)
    return doc.get("engine", "?"), tables


def main():
    engine_a, a = load(sys.argv[1])
    engine_b, b = load(sys.argv[2])
    problems = []
    if sorted(a) != sorted(b):
        problems.append(f"tables differ: {sorted(a)} vs {sorted(b)}")
    for name in sorted(set(a) & set(b)):
        rows_a, sum_a, cols_a = a[name]
        rows_b, sum_b, cols_b = b[name]
        if rows_a != rows_b:
            problems.append(f"{name}: {rows_a} rows in {engine_a}, {rows_b} in {engine_b}")
        for col in sorted(set(cols_a) | set(cols_b)):
            if cols_a.get(col) != cols_b.get(col):
                problems.append(f"{name}.{col}: (nulls, checksum) {cols_a.get(col)} in {engine_a},"
                                f" {cols_b.get(col)} in {engine_b}")
        if sum_a != sum_b:
            problems.append(f"{name}: table checksum {sum_a} in {engine_a}, {sum_b} in {engine_b}")
    if problems:
        print("the two sources differ:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    total = sum(t[0] for t in a.values())
    print(f"   same data: {len(a)} tables, {total} rows, every row count, NULL count and "
          f"checksum equal ({engine_a} and {engine_b})")


if __name__ == "__main__":
    main()
