"""Matching accuracy against the OSV records in shared/fixtures/advisories.

    python benchmarks/matching_accuracy.py [--shared PATH] [--verbose]

For every OSV record (JSON, or YAML from the PyPA database) and every affected package whose
ecosystem has a version order in medsec:

* every version in its ``versions`` list must be inside its ranges (ranges only: the list
  itself is not consulted, so this checks our version order against the one osv.dev used to
  enumerate the list);
* every ``fixed`` event version must NOT match (ranges and list);
* every ``introduced`` (other than "0") and ``last_affected`` event version must match: the
  check used for Go, whose records carry SEMVER events and no lists.

Prints agreement per ecosystem and every disagreement with its reason. Exit status 1 when any
check disagrees. Deliberately invalid records (osv-schema-linter ``no*`` cases) are listed as
refused, with the parser's message.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from medsec.domain.advisory import AffectedPackage, EventKind, RangeType
from medsec.domain.ecosystem import base_ecosystem
from medsec.domain.errors import InputError
from medsec.engines.matching.ranges import match_affected, range_order
from medsec.engines.matching.versions import order_for
from medsec.sources.advisories import osv

NOT_OSV = ("cisa-kev", "cve5", "epss", "nvd-cve-2.0")

# Disagreements traced to the data, not to a version order: (advisory id, version) -> why.
EXPLAINED = {
    ("PYSEC-2023-61", v): (
        "stale list: the ranges start at 3.2 / 4.2 and PEP 440 puts pre-releases first "
        "(3.2a1 < 3.2, as pip orders them); the list still names them (but not 4.0a1, whose "
        "range also starts at the final release). A component at that version still matches "
        "through the list."
    )
    for v in ("3.2a1", "3.2b1", "3.2rc1", "4.2a1", "4.2b1", "4.2rc1")
}


@dataclass
class Tally:
    records: set[str] = field(default_factory=set)
    checks: int = 0
    agree: int = 0
    disagreements: list[str] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def shared_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("MEDSEC_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def osv_files(root: Path) -> list[Path]:
    files = [p for p in root.rglob("*") if p.suffix in {".json", ".yaml"}]
    return sorted(
        p for p in files if not any(part in NOT_OSV for part in p.relative_to(root).parts)
    )


def check_package(advisory_id: str, affected: AffectedPackage, tally: Tally) -> None:
    tally.records.add(advisory_id)
    label = f"{advisory_id} {affected.name}"
    evaluable = [r for r in affected.ranges if range_order(r, affected.ecosystem) is not None]
    if not evaluable:
        kinds = ",".join(sorted({r.type.value for r in affected.ranges})) or "no ranges"
        tally.skipped.append(f"{label}: nothing to evaluate ({kinds})")
        return
    ranges_only = replace(affected, versions=())
    git_versions = any(r.type is RangeType.GIT for r in affected.ranges)

    def expect(version: str, affected_expected: bool, why: str, package: AffectedPackage) -> None:
        problems: list[str] = []
        hit = match_affected(package, version, problems)
        tally.checks += 1
        if (hit is not None) == affected_expected:
            tally.agree += 1
            return
        verdict = "not matched" if affected_expected else "matched"
        reason = "; ".join(problems) or (hit.matched if hit else "outside every range")
        note = " (record also has GIT ranges: its list includes tags)" if git_versions else ""
        line = f"{label}: {why} {version!r} {verdict}: {reason}{note}"
        explanation = EXPLAINED.get((advisory_id, version))
        if explanation:
            tally.explained.append(f"{line}\t{explanation}")
        else:
            tally.disagreements.append(line)

    for version in affected.versions:
        expect(version, True, "listed version", ranges_only)
    for rng in evaluable:
        for event in rng.events:
            if event.kind is EventKind.FIXED:
                expect(event.version, False, "fixed", affected)
            elif event.kind is EventKind.LAST_AFFECTED:
                expect(event.version, True, "last_affected", ranges_only)
            elif event.kind is EventKind.INTRODUCED and event.version != "0":
                expect(event.version, True, "introduced", ranges_only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", help="the shared/ folder (default: ../shared or MEDSEC_SHARED)")
    parser.add_argument("--verbose", action="store_true", help="also list skipped packages")
    args = parser.parse_args(argv)
    root = shared_dir(args.shared) / "fixtures" / "advisories"
    if not root.is_dir():
        print(f"no fixtures at {root}", file=sys.stderr)
        return 2
    tallies: dict[str, Tally] = defaultdict(Tally)
    refused: list[str] = []
    files = osv_files(root)
    for path in files:
        try:
            advisory = osv.parse(path.read_bytes(), source=str(path.relative_to(root)))
        except InputError as exc:
            refused.append(exc.diagnostics())
            continue
        for affected in advisory.affected:
            ecosystem = base_ecosystem(affected.ecosystem) if affected.ecosystem else "(none: GIT)"
            if (
                affected.ecosystem
                and order_for(affected.ecosystem) is None
                and not any(r.type is RangeType.SEMVER for r in affected.ranges)
            ):
                tallies[ecosystem].skipped.append(
                    f"{advisory.id}: no version order for {affected.ecosystem}"
                )
                tallies[ecosystem].records.add(advisory.id)
                continue
            check_package(advisory.id, affected, tallies[ecosystem])
    print(f"OSV files: {len(files)}, refused as invalid: {len(refused)}\n")
    print(f"{'ecosystem':<14} {'records':>7} {'checks':>7} {'agree':>7} {'agreement':>9}  skipped")
    total_checks = total_agree = 0
    for name in sorted(tallies):
        t = tallies[name]
        total_checks += t.checks
        total_agree += t.agree
        share = f"{100 * t.agree / t.checks:.1f}%" if t.checks else "-"
        print(
            f"{name:<14} {len(t.records):>7} {t.checks:>7} {t.agree:>7} {share:>9}  {len(t.skipped)}"
        )
    share = f"{100 * total_agree / total_checks:.2f}%" if total_checks else "-"
    print(f"{'total':<14} {'':>7} {total_checks:>7} {total_agree:>7} {share:>9}")
    disagreements = [d for t in tallies.values() for d in t.disagreements]
    explained = sorted({d for t in tallies.values() for d in t.explained})
    print(f"\nUnexplained disagreements: {len(disagreements)}")
    for line in sorted(disagreements):
        print(f"  {line}")
    print(f"\nDisagreements explained by the data ({len(explained)} distinct):")
    reasons: dict[str, list[str]] = defaultdict(list)
    for line in explained:
        text, reason = line.split("\t", 1)
        reasons[reason].append(text)
    for reason, lines in reasons.items():
        for text in lines:
            print(f"  {text}")
        print(f"    why: {reason}")
    print("\nRefused records (deliberately invalid inputs):")
    for line in refused:
        print(f"  {line}")
    if args.verbose:
        print("\nSkipped:")
        for name in sorted(tallies):
            for line in tallies[name].skipped:
                print(f"  [{name}] {line}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    raise SystemExit(main())
