#!/usr/bin/env python3
"""bench/lib/report.py MEASURES --title T --machine M — the table of bench/run.sh.

MEASURES has one line per timed command: `case tool wall_seconds max_rss_kb heap_mib` (heap `-`
for tools that are not ferry). Prints a Markdown table of medians and ratios (ferry / peer), the
single runs, and one `ratio <name> <value>` line per comparison.
"""
import argparse
import statistics
from collections import defaultdict

# (ratio name, case, ferry's tool, peer's tool, target or None, what the target says)
COMPARISONS = [
    ("mariadb-to-pg-vs-pgloader", "mariadb-to-pg", "ferry", "pgloader", 0.6, "<= 0.6"),
    ("mariadb-to-pg-vs-pgloader-data-only", "mariadb-to-pg", "ferry", "pgloader-data-only", None, ""),
    ("pg-to-pg-vs-pg_dump", "pg-to-pg", "ferry", "pg_dump", 1.0, "<= 1.0"),
    ("pg-to-pg-vs-pgcopydb", "pg-to-pg", "ferry", "pgcopydb", 1.0, "<= 1.0"),
    ("pg-to-pg-ranges-vs-whole", "pg-to-pg", "ferry", "ferry-whole", None, ""),
    ("pg-to-pg-ranges-100k-vs-default", "pg-to-pg", "ferry-r100k", "ferry", None, ""),
    ("pg-to-pg-batch-2k-vs-10k", "pg-to-pg", "ferry-b2k", "ferry", None, ""),
    ("pg-to-pg-batch-50k-vs-10k", "pg-to-pg", "ferry-b50k", "ferry", None, ""),
    ("pg-to-pg-vs-raw-copy", "pg-to-pg", "ferry", "raw-copy", None, ""),
    ("pg-to-pg-create-vs-pgcopydb", "pg-to-pg", "ferry-create", "pgcopydb", 1.0, "<= 1.0"),
    ("pg-to-pg-spark-vs-local", "pg-to-pg", "ferry-spark", "ferry", 1.3, "<= 1.3"),
    ("user-map-overhead", "user-map", "ferry-map", "ferry-no-map", 1.10, "<= 1.10"),
    ("user-map-vs-exclude", "user-map", "ferry-map", "ferry-exclude", None, ""),
    ("verify-vs-scan", "verify", "ferry", "scan", 1.5, "<= 1.5"),
    ("verify-mariadb-vs-scan", "verify-mariadb", "ferry", "scan", 1.5, "<= 1.5"),
    ("merge-vs-copy", "merge", "ferry-merge", "ferry-copy", 1.5, "<= 1.5"),
    ("merge-rerun-vs-copy", "merge", "ferry-rerun", "ferry-copy", 0.5, "<= 0.5"),
    ("merge-owner-vs-copy", "merge-owner", "ferry-merge", "ferry-copy", 1.5, "<= 1.5"),
    ("merge-owner-rerun-vs-copy", "merge-owner", "ferry-rerun", "ferry-copy", 0.5, "<= 0.5"),
    ("migrate-vs-pgloader", "migrate", "ferry", "pgloader", 0.6, "<= 0.6"),
    ("remap-vs-copy", "remap", "ferry-remap", "ferry-copy", 1.3, "<= 1.3"),
    ("consolidate-vs-copy", "consolidate", "ferry-consolidate", "ferry-copy", 1.2, "<= 1.2"),
    ("rollback-tenant-vs-its-run", "consolidate", "ferry-rollback-run", "tenant-run", 1.0, "<= 1.0"),
    ("rollback-tenant-wall-vs-its-run", "consolidate", "ferry-rollback", "tenant-run", None, ""),
    ("sync-cycle-1pct-watermarks-vs-copy", "sync", "ferry-cycle-wm", "ferry-copy", 0.2, "<= 0.2"),
    ("sync-cycle-1pct-watermarks-vs-copy-in-process", "sync", "ferry-cycle-wm-run", "ferry-copy-run", 0.2, "<= 0.2"),
    ("sync-cycle-1pct-full-vs-copy-in-process", "sync", "ferry-cycle-full-run", "ferry-copy-run", None, ""),
    ("sync-cycle-1pct-deletes-vs-copy-in-process", "sync", "ferry-cycle-deletes-run", "ferry-copy-run", None, ""),
    ("sync-cycle-1pct-full-vs-copy", "sync", "ferry-cycle-full", "ferry-copy", None, ""),
    ("sync-cycle-1pct-deletes-vs-copy", "sync", "ferry-cycle-deletes", "ferry-copy", None, ""),
]
PEER_LABEL = {
    "pgloader": "pgloader (defaults, empty db)",
    "pgloader-data-only": "pgloader data only, same schema",
    "pg_dump": "pg_dump --data-only \\| psql",
    "pgcopydb": "pgcopydb clone (empty db)",
    "raw-copy": "raw COPY out \\| COPY in",
    "ferry-no-map": "ferry copy without map",
    "ferry-exclude": "ferry copy without map, --exclude app_user",
    "scan": "raw full scan of both sides",
    "ferry-copy": "ferry copy into an empty schema",
    "ferry-copy-run": "ferry copy into an empty schema, its run report's seconds",
    "ferry-whole": "ferry copy --split-rows 0 (every table one unit)",
    "ferry": "ferry copy (defaults)",
    "tenant-run": "that tenant's own run (its run-report's seconds; the first tenant loads alone)",
}
CASE_LABEL = {"migrate": ("ferry copy --create-schema (empty db)", "pgloader (defaults, empty db)")}
FERRY_LABEL = {"ferry-map": "ferry copy with user map",
               "ferry-b2k": "ferry copy --batch-size 2000",
               "ferry-create": "ferry copy --create-schema (empty db)",
               "ferry-spark": "ferry-spark: the copy's steps as Spark tasks, local[2]",
               "ferry-b50k": "ferry copy --batch-size 50000",
               "ferry-r100k": "ferry copy --split-rows 100000 (key ranges from 100,000 rows)",
               "ferry-merge": "ferry copy --merge update, 10% changed, 5% new",
               "ferry-rerun": "ferry copy --merge update, nothing changed",
               "ferry-remap": "ferry copy --keys remap, every key new, every FK rewritten",
               "ferry-consolidate": "ferry consolidate, 20 tenants, --parallel-tenants 4",
               "ferry-rollback": "ferry rollback of the first tenant's run, wall (JVM start included)",
               "ferry-rollback-run": "ferry rollback of the first tenant's run, its own seconds",
               "ferry-cycle-wm": "ferry sync --once, watermarks, 1% changed",
               "ferry-cycle-full": "ferry sync --once, no watermark, 1% changed",
               "ferry-cycle-deletes": "ferry sync --once, watermarks + deletes on 4 tables",
               "ferry-cycle-wm-run": "the watermark cycle's own seconds (sync_cycles)",
               "ferry-cycle-full-run": "the cycle without watermark, its own seconds",
               "ferry-cycle-deletes-run": "the cycle with deletes, its own seconds"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("measures")
    ap.add_argument("--title", default="")
    ap.add_argument("--machine", default="")
    args = ap.parse_args()
    walls, rss, heap = defaultdict(list), defaultdict(list), defaultdict(list)
    with open(args.measures) as f:
        for line in f:
            case, tool, wall, kb, hp = line.split()
            walls[case, tool].append(float(wall))
            rss[case, tool].append(int(kb) / 1024)
            if hp != "-":
                heap[case, tool].append(int(hp))

    def med(key):
        return statistics.median(walls[key])

    print(f"# {args.title}")
    print(f"# {args.machine}")
    print()
    print("| case | ferry | peer | ferry median s | peer median s | ratio | target |"
          " ferry peak RSS MiB | ferry max heap after GC MiB | peer peak RSS MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    ratios = []
    for name, case, ft, pt, target, says in COMPARISONS:
        if (case, ft) not in walls or (case, pt) not in walls:
            continue
        ratio = med((case, ft)) / med((case, pt))
        ratios.append((name, ratio))
        verdict = "" if target is None else f"{says}: {'met' if ratio <= target else 'MISSED'}"
        fl, pl = CASE_LABEL.get(case, (FERRY_LABEL.get(ft, 'ferry'), PEER_LABEL.get(pt, pt)))
        print(f"| {case} | {fl} | {pl} "
              f"| {med((case, ft)):.2f} | {med((case, pt)):.2f} | {ratio:.2f} | {verdict} "
              f"| {max(rss[case, ft]):.0f} | {max(heap[case, ft], default=0):.0f} "
              f"| {max(rss[case, pt]):.0f} |".replace("| 0 |", "| - |"))
    if ("mariadb-to-pg", "ferry") in rss and ("mariadb-to-pg", "pgloader") in rss:
        r = max(rss["mariadb-to-pg", "ferry"]) / max(rss["mariadb-to-pg", "pgloader"])
        ratios.append(("rss-vs-pgloader", r))
        print(f"\nPeak RSS, ferry / pgloader (MariaDB -> PostgreSQL): {r:.2f} "
              f"(target <= 0.5: {'met' if r <= 0.5 else 'MISSED'})")
    if ("migrate", "ferry") in rss and ("migrate", "pgloader") in rss:
        r = statistics.median(rss["migrate", "ferry"]) / statistics.median(rss["migrate", "pgloader"])
        ratios.append(("migrate-rss-vs-pgloader", r))
        print(f"\nPeak RSS medians, ferry / pgloader (migrate): {r:.2f} "
              f"({statistics.median(rss['migrate', 'ferry']):.0f} against "
              f"{statistics.median(rss['migrate', 'pgloader']):.0f} MiB; "
              f"target <= 0.5: {'met' if r <= 0.5 else 'MISSED'})")
    print("\nSingle runs (wall s / peak RSS MiB), in the order they ran:")
    for (case, tool), ws in walls.items():
        runs = ", ".join(f"{w:.2f}/{m:.0f}" for w, m in zip(ws, rss[case, tool]))
        print(f"  {case:15} {tool:20} {runs}")
    print()
    for name, ratio in ratios:
        print(f"ratio {name} {ratio:.2f}")


if __name__ == "__main__":
    main()
