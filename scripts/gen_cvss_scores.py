"""Write ``src/medsec/engines/threats/cvss_scores.json``: the ``cvss`` library's scores of the
base vectors threat generation scores.

    python scripts/gen_cvss_scores.py [--check]

Every default vector of a generated threat comes out of
:func:`medsec.engines.threats.vectors.agree`, whose input is a CVSS 3.1 base vector in canonical
order (2,592 of them). This runs ``agree`` on each, records every vector it scores (the 3.1
vector, its scope-changed twin, and the CVSS 4.0 candidates it weighs), scores them all with the
installed ``cvss`` library and writes the table with the library's version. medsec uses the table
only with that version installed; tests/engines/threats/test_cvss_scores.py checks it. Re-run
this after a change of the CVSS derivation or of the library, and review the diff.
``--check``: exit 1 when the file is not what this would write.
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from itertools import product
from unittest import mock

import orjson

from medsec.domain.threat import CvssScore
from medsec.engines.threats import scoring, vectors

V3_VALUES = ("NALP", "LH", "NLH", "NR", "UC", "NLH", "NLH", "NLH")  # AV AC PR UI S C I A


def scored_vectors() -> dict[str, CvssScore]:
    """Every vector ``agree`` scores over all canonical CVSS 3.1 base vectors, by the library."""
    seen: dict[str, CvssScore] = {}

    def record(vector: str) -> CvssScore:
        text = vector.strip()
        if text not in seen:
            seen[text] = scoring.by_library(text)
        return seen[text]

    vectors.agree.cache_clear()
    vectors.v4_from_v3.cache_clear()
    with mock.patch.object(vectors, "score", record):
        for values in product(*V3_VALUES):
            vectors.agree(vectors._V3_TEMPLATE % values)
    vectors.agree.cache_clear()
    vectors.v4_from_v3.cache_clear()
    return seen


def table() -> bytes:
    """The file's bytes: the library version and each vector's ``"score severity"``."""
    scores: dict[str, dict[str, str]] = {"3.1": {}, "4.0": {}}
    for vector, found in sorted(scored_vectors().items()):
        key = scoring.base_key(vector)
        if key is None or found.vector != vector:
            raise SystemExit(f"not a canonical base vector: {vector}")
        scores[key[0]][key[1]] = f"{found.score} {found.severity.value}"  # one string: fast to read
    # one vector a line: a change of the library or of the derivation reads as a short diff
    blocks = []
    for version, entries in scores.items():
        lines = [f'      "{k}": "{v}"' for k, v in sorted(entries.items())]
        blocks.append(f'    "{version}": {{\n' + ",\n".join(lines) + "\n    }")
    version = orjson.dumps(metadata.version("cvss")).decode()
    text = f'{{\n  "cvss": {version},\n  "scores": {{\n' + ",\n".join(blocks) + "\n  }\n}\n"
    if orjson.loads(text) != {"cvss": metadata.version("cvss"), "scores": scores}:
        raise SystemExit("the table does not read back as written")
    return text.encode()


def main() -> int:
    """Write the table, or with ``--check`` compare it with the file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    data = table()
    if args.check:
        same = scoring.SCORES_FILE.read_bytes() == data
        print("up to date" if same else f"{scoring.SCORES_FILE} is stale: re-run without --check")
        return 0 if same else 1
    scoring.SCORES_FILE.write_bytes(data)
    print(f"wrote {scoring.SCORES_FILE} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
