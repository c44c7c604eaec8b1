"""Comparing a release's attack surface with the record of the previous release (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from medsec.domain.surface import Surface, SurfaceChange, SurfaceComparison, SurfaceRecord

_PART = re.compile(r"\d+|[A-Za-z]+")
ATTRIBUTES = ("kind", "exposure", "authentication", "encryption", "production", "needed")


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """``3.10.0`` > ``3.9.1``; a pre-release tag sorts after the plain number's parts."""
    return tuple(
        (0, int(p)) if p.isascii() and p.isdigit() else (1, p.lower())
        for p in _PART.findall(version)
    )


def entry_attributes(values: Mapping[str, object]) -> str:
    """``kind=network exposure=network ...``: what explains a change of an interface's weight.

    ``values`` holds the interface's fields as the JSON record has them.
    """
    parts = []
    for k in ATTRIBUTES:
        v = values.get("needed_by" if k == "needed" else k)
        if k == "needed":
            v = ",".join(str(x) for x in v) if isinstance(v, list | tuple) and v else "-"
        parts.append(f"{k}={v if v not in (None, '') else '?'}")
    return " ".join(parts)


def service_attributes(name: object, status: str) -> str:
    """``service=ssh status=undeclared``: what a record keeps of an observed service."""
    return f"service={name or '?'} status={status}"


def attributes(surface: Surface) -> dict[str, str]:
    """Interface id (or service key) -> attribute text, as a record keeps it."""
    out = {
        e.interface: entry_attributes(
            {
                "kind": e.kind,
                "exposure": e.exposure,
                "authentication": e.authentication,
                "encryption": e.encryption,
                "production": e.production,
                "needed_by": e.needed_by,
            }
        )
        for e in surface.entries
    }
    for o in surface.observed:
        if o.weight:
            out[service_key(o.host, o.port, o.protocol)] = service_attributes(o.name, o.status)
    return out


def service_key(host: str, port: int, protocol: str) -> str:
    """``host:port/protocol``: how a record names an observed service."""
    return f"{host}:{port}/{protocol}"


def weights(surface: Surface) -> dict[str, float]:
    """Interface id (or service key) -> weight, as a record keeps it."""
    out = {e.interface: e.weight for e in surface.entries}
    for o in surface.observed:
        if o.weight:
            out[service_key(o.host, o.port, o.protocol)] = o.weight
    return out


def current_record(records: Iterable[SurfaceRecord], version: str) -> SurfaceRecord | None:
    """The record stored for exactly this version, if any."""
    return next((r for r in records if r.version == version), None)


def previous_record(records: Iterable[SurfaceRecord], version: str) -> SurfaceRecord | None:
    """The record of the highest version below ``version``."""
    older = [r for r in records if version_key(r.version) < version_key(version)]
    return max(older, key=lambda r: version_key(r.version)) if older else None


def _why(before: str | None, after: str | None) -> str:
    """The attributes that differ between two attribute texts: ``exposure local → network``."""
    if before is None or after is None:
        return ""
    old = dict(p.split("=", 1) for p in before.split(" ") if "=" in p)
    new = dict(p.split("=", 1) for p in after.split(" ") if "=" in p)
    diffs = [f"{k} {old.get(k, '?')} → {v}" for k, v in new.items() if old.get(k) != v]
    return "; ".join(diffs)


def compare(
    surface: Surface, previous: SurfaceRecord, rationale: str | None = None
) -> SurfaceComparison:
    """What grew or shrank since ``previous``, and why (the attribute that changed)."""
    now_w, now_a = weights(surface), attributes(surface)
    old_w, old_a = dict(previous.weights), dict(previous.attributes)
    changes = []
    for key in sorted(set(now_w) | set(old_w)):
        before, after = old_w.get(key), now_w.get(key)
        if before is None and after is not None:
            if after == 0:
                continue
            what = now_a.get(key, "")
            changes.append(SurfaceChange(key, "added", 0.0, after, f"new: {what}".strip()))
        elif after is None and before is not None:
            if before == 0:
                continue
            changes.append(SurfaceChange(key, "removed", before, 0.0, "no longer present"))
        elif before is not None and after is not None and before != after:
            kind = "grew" if after > before else "shrank"
            changes.append(
                SurfaceChange(key, kind, before, after, _why(old_a.get(key), now_a.get(key)))
            )
    return SurfaceComparison(
        previous_version=previous.version,
        previous_score=previous.score,
        score=surface.score,
        changes=tuple(changes),
        rationale=rationale,
    )
