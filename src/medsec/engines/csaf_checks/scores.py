"""CSAF 2.0 mandatory tests on CVSS scores: 6.1.7-6.1.10 (scores by the ``cvss`` library)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from cvss import CVSS2, CVSS3
from cvss.exceptions import CVSSError

from medsec.engines.csaf_checks.model import Failure, items, obj, vulnerabilities

_V3_METRIC = (
    r"AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]"
    r"|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH]"
)
_V2_METRIC = (
    r"AV:[NAL]|AC:[LMH]|Au:[MSN]|[CIA]:[NPC]|E:(U|POC|F|H|ND)|RL:(OF|TF|W|U|ND)"
    r"|RC:(UC|UR|C|ND)|CDP:(N|L|LM|MH|H|ND)|TD:(N|L|M|H|ND)|[CIA]R:(L|M|H|ND)"
)
VECTOR = {
    "3.0": re.compile(rf"^CVSS:3[.]0/(({_V3_METRIC})/)*({_V3_METRIC})$"),
    "3.1": re.compile(rf"^CVSS:3[.]1/(({_V3_METRIC})/)*({_V3_METRIC})$"),
    "2.0": re.compile(rf"^(({_V2_METRIC})/)*({_V2_METRIC})$"),
}
_X = "NOT_DEFINED"
_CIA3 = {"N": "NONE", "L": "LOW", "H": "HIGH"}
_REQ = {"X": _X, "ND": _X, "L": "LOW", "M": "MEDIUM", "H": "HIGH"}
_AV = {"N": "NETWORK", "A": "ADJACENT_NETWORK", "L": "LOCAL", "P": "PHYSICAL"}
# property -> (metric, value names); absent optional metrics mean X / ND (NOT_DEFINED)
V3_PROPERTIES: Mapping[str, tuple[str, Mapping[str, str]]] = {
    "attackVector": ("AV", _AV),
    "attackComplexity": ("AC", {"L": "LOW", "H": "HIGH"}),
    "privilegesRequired": ("PR", _CIA3),
    "userInteraction": ("UI", {"N": "NONE", "R": "REQUIRED"}),
    "scope": ("S", {"U": "UNCHANGED", "C": "CHANGED"}),
    "confidentialityImpact": ("C", _CIA3),
    "integrityImpact": ("I", _CIA3),
    "availabilityImpact": ("A", _CIA3),
    "exploitCodeMaturity": (
        "E",
        {"X": _X, "U": "UNPROVEN", "P": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH"},
    ),
    "remediationLevel": (
        "RL",
        {"X": _X, "O": "OFFICIAL_FIX", "T": "TEMPORARY_FIX", "W": "WORKAROUND", "U": "UNAVAILABLE"},
    ),
    "reportConfidence": ("RC", {"X": _X, "U": "UNKNOWN", "R": "REASONABLE", "C": "CONFIRMED"}),
    "confidentialityRequirement": ("CR", _REQ),
    "integrityRequirement": ("IR", _REQ),
    "availabilityRequirement": ("AR", _REQ),
    "modifiedAttackVector": ("MAV", {"X": _X, **_AV}),
    "modifiedAttackComplexity": ("MAC", {"X": _X, "L": "LOW", "H": "HIGH"}),
    "modifiedPrivilegesRequired": ("MPR", {"X": _X, **_CIA3}),
    "modifiedUserInteraction": ("MUI", {"X": _X, "N": "NONE", "R": "REQUIRED"}),
    "modifiedScope": ("MS", {"X": _X, "U": "UNCHANGED", "C": "CHANGED"}),
    "modifiedConfidentialityImpact": ("MC", {"X": _X, **_CIA3}),
    "modifiedIntegrityImpact": ("MI", {"X": _X, **_CIA3}),
    "modifiedAvailabilityImpact": ("MA", {"X": _X, **_CIA3}),
}
_CIA2 = {"N": "NONE", "P": "PARTIAL", "C": "COMPLETE"}
_LMH = {"L": "LOW", "M": "MEDIUM", "H": "HIGH"}
V2_PROPERTIES: Mapping[str, tuple[str, Mapping[str, str]]] = {
    "accessVector": ("AV", {"L": "LOCAL", "A": "ADJACENT_NETWORK", "N": "NETWORK"}),
    "accessComplexity": ("AC", _LMH),
    "authentication": ("Au", {"M": "MULTIPLE", "S": "SINGLE", "N": "NONE"}),
    "confidentialityImpact": ("C", _CIA2),
    "integrityImpact": ("I", _CIA2),
    "availabilityImpact": ("A", _CIA2),
    "exploitability": (
        "E",
        {"U": "UNPROVEN", "POC": "PROOF_OF_CONCEPT", "F": "FUNCTIONAL", "H": "HIGH", "ND": _X},
    ),
    "remediationLevel": (
        "RL",
        {
            "OF": "OFFICIAL_FIX",
            "TF": "TEMPORARY_FIX",
            "W": "WORKAROUND",
            "U": "UNAVAILABLE",
            "ND": _X,
        },
    ),
    "reportConfidence": (
        "RC",
        {"UC": "UNCONFIRMED", "UR": "UNCORROBORATED", "C": "CONFIRMED", "ND": _X},
    ),
    "collateralDamagePotential": (
        "CDP",
        {"N": "NONE", "L": "LOW", "LM": "LOW_MEDIUM", "MH": "MEDIUM_HIGH", "H": "HIGH", "ND": _X},
    ),
    "targetDistribution": ("TD", {"N": "NONE", "ND": _X, **_LMH}),
    "confidentialityRequirement": ("CR", _REQ),
    "integrityRequirement": ("IR", _REQ),
    "availabilityRequirement": ("AR", _REQ),
}
_SEVERITY = ("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL")
_REQUIRED = {
    "cvss_v3": ("version", "vectorString", "baseScore", "baseSeverity"),
    "cvss_v2": ("version", "vectorString", "baseScore"),
}


def _scores(doc: Any) -> Iterator[tuple[str, str, dict[str, Any], list[Any]]]:
    """Every CVSS v2/v3 object of every score: path, key, the object and its products."""
    for path, v in vulnerabilities(doc):
        for i, s in enumerate(items(v.get("scores"))):
            s = obj(s)
            for key in ("cvss_v2", "cvss_v3"):
                if isinstance(s.get(key), dict):
                    yield f"{path}/scores/{i}/{key}", key, s[key], items(s.get("products"))


def multiple_scores(doc: Any) -> Iterator[Failure]:
    """6.1.7 Multiple Scores with same Version per Product."""
    for path, v in vulnerabilities(doc):
        seen: set[tuple[str, str]] = set()
        for i, s in enumerate(items(v.get("scores"))):
            s = obj(s)
            for key in ("cvss_v2", "cvss_v3"):
                if not isinstance(s.get(key), dict):
                    continue
                version = str(s[key].get("version", key))
                for pid in items(s.get("products")):
                    if (pid, version) in seen:
                        yield Failure(
                            "6.1.7",
                            f"{path}/scores/{i}",
                            f"product {pid!r} has more than one CVSS {version} score",
                        )
                    seen.add((pid, version))


def _schema_problems(key: str, cvss: dict[str, Any]) -> list[str]:
    """Where a CVSS object breaks the FIRST JSON schema of its version."""
    problems = [f"'{name}' is missing" for name in _REQUIRED[key] if name not in cvss]
    version = str(cvss.get("version", ""))
    allowed = ("2.0",) if key == "cvss_v2" else ("3.0", "3.1")
    if "version" in cvss and version not in allowed:
        problems.append(f"version {version!r} is not one of {', '.join(allowed)}")
    vector = cvss.get("vectorString")
    pattern = VECTOR.get(version)
    if isinstance(vector, str) and pattern is not None and not pattern.match(vector):
        problems.append(f"vectorString {vector!r} is not a CVSS {version} vector")
    for name in ("baseScore", "temporalScore", "environmentalScore"):
        value = cvss.get(name)
        if name in cvss and (not isinstance(value, int | float) or not 0 <= value <= 10):
            problems.append(f"{name} {value!r} is not a number from 0 to 10")
    for name in ("baseSeverity", "temporalSeverity", "environmentalSeverity"):
        if name in cvss and cvss[name] not in _SEVERITY:
            problems.append(f"{name} {cvss[name]!r} is not one of {', '.join(_SEVERITY)}")
    table = V2_PROPERTIES if key == "cvss_v2" else V3_PROPERTIES
    for name, (_, values) in table.items():
        if name in cvss and cvss[name] not in set(values.values()):
            problems.append(f"{name} {cvss[name]!r} is not a valid value")
    return problems


def invalid_cvss(doc: Any) -> Iterator[Failure]:
    """6.1.8 Invalid CVSS (the referenced FIRST schemas, as rules)."""
    for path, key, cvss, _ in _scores(doc):
        for problem in _schema_problems(key, cvss):
            yield Failure("6.1.8", path, problem)


def _computed(key: str, vector: str) -> dict[str, Any] | None:
    """Scores (and v3 severities) the ``cvss`` library computes for a vector, or ``None``."""
    try:
        if key == "cvss_v3":
            c3 = CVSS3(vector)
            scores, sev = c3.scores(), c3.severities()
            return {
                "baseScore": scores[0],
                "temporalScore": scores[1],
                "environmentalScore": scores[2],
                "baseSeverity": sev[0].upper(),
                "temporalSeverity": sev[1].upper(),
                "environmentalSeverity": sev[2].upper(),
            }
        c2 = CVSS2(vector)
        s2 = c2.scores()
        return {"baseScore": s2[0], "temporalScore": s2[1], "environmentalScore": s2[2]}
    except (CVSSError, ValueError, KeyError, IndexError):
        return None


def invalid_computation(doc: Any) -> Iterator[Failure]:
    """6.1.9 Invalid CVSS computation."""
    for path, key, cvss, _ in _scores(doc):
        vector = cvss.get("vectorString")
        if not isinstance(vector, str):
            continue
        expected = _computed(key, vector)
        if expected is None:
            yield Failure("6.1.9", f"{path}/vectorString", f"vector {vector!r} cannot be scored")
            continue
        for name, want in expected.items():
            if name not in cvss or want is None:
                continue
            got = cvss[name]
            same = (
                isinstance(got, int | float) and abs(float(got) - float(want)) < 0.05
                if isinstance(want, float)
                else got == want
            )
            if not same:
                yield Failure("6.1.9", f"{path}/{name}", f"{name} is {got!r}, computed {want!r}")


def _metrics(vector: str) -> dict[str, str]:
    """A vector's metrics as a dict (``AV`` -> ``N``), without the version prefix."""
    parts = vector.split("/")
    if parts and parts[0].startswith("CVSS:"):
        parts = parts[1:]
    return dict(p.split(":", 1) for p in parts if ":" in p)


def inconsistent_cvss(doc: Any) -> Iterator[Failure]:
    """6.1.10 Inconsistent CVSS: the properties must say what the vector says."""
    for path, key, cvss, _ in _scores(doc):
        vector = cvss.get("vectorString")
        if not isinstance(vector, str):
            continue
        if (
            key == "cvss_v3"
            and "version" in cvss
            and not vector.startswith(f"CVSS:{cvss['version']}/")
        ):
            yield Failure("6.1.10", f"{path}/version", "version differs from the vector's")
        metrics = _metrics(vector)
        table = V2_PROPERTIES if key == "cvss_v2" else V3_PROPERTIES
        default = "ND" if key == "cvss_v2" else "X"
        for name, (metric, values) in table.items():
            if name not in cvss:
                continue
            expected = values.get(metrics.get(metric, default))
            if expected is not None and cvss[name] != expected:
                yield Failure(
                    "6.1.10",
                    f"{path}/{name}",
                    f"{name} is {cvss[name]!r} but the vector says {expected!r}",
                )
