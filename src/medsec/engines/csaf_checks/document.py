"""CSAF 2.0 mandatory tests on the document and vulnerability items: 6.1.11, 6.1.12, 6.1.15,
6.1.23, 6.1.24, 6.1.26, 6.1.28, 6.1.29, 6.1.32, 6.1.33."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from medsec.engines.csaf_checks.cwe_names import CWE_NAMES
from medsec.engines.csaf_checks.model import (
    Failure,
    groups,
    items,
    obj,
    products_of,
    vulnerabilities,
)
from medsec.engines.vex_codes import LABELS

# ISO 639-1: the two-letter primary language subtags of BCP 47 (three-letter ones are accepted
# unchecked: the full IANA registry is not bundled)
# fmt: off
ISO_639_1 = frozenset(
    {
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg",
        "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv",
        "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi",
        "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr",
        "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja",
        "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw",
        "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml",
        "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv",
        "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro",
        "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr",
        "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr",
        "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi",
        "yo", "za", "zh", "zu",
    }
)
# fmt: on
_LANG = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3}|[A-Za-z]{5,8})(-[A-Za-z]{3}){0,3}(-[A-Za-z]{4})?"
    r"(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(-[0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+)*(-[xX](-[A-Za-z0-9]{1,8})+)?$"
    r"|^[xX](-[A-Za-z0-9]{1,8})+$|^i-[A-Za-z]{2,8}$"
)
CWE_ID = re.compile(r"^CWE-[1-9]\d{0,5}$")
PROFILES = (
    "csaf_base",
    "csaf_security_incident_response",
    "csaf_informational_advisory",
    "csaf_security_advisory",
    "csaf_vex",
)
_PROHIBITED = frozenset(
    {
        "securityincidentresponse",
        "informationaladvisory",
        "securityadvisory",
        "vex",
        "csafsecurityincidentresponse",
        "csafinformationaladvisory",
        "csafsecurityadvisory",
        "csafvex",
    }
)


def _doc(doc: Any) -> dict[str, Any]:
    """The ``/document`` object, or ``{}``."""
    return obj(obj(doc).get("document"))


def cwe(doc: Any, names: Mapping[str, str] = CWE_NAMES) -> Iterator[Failure]:
    """6.1.11 CWE: a valid id, and the catalogue's name where medsec knows it."""
    for path, v in vulnerabilities(doc):
        if "cwe" not in v:
            continue
        item = obj(v["cwe"])
        cid, name = str(item.get("id", "")), item.get("name")
        if not CWE_ID.match(cid):
            yield Failure("6.1.11", f"{path}/cwe/id", f"{cid!r} is not a CWE id")
        elif cid in names and name != names[cid]:
            yield Failure("6.1.11", f"{path}/cwe/name", f"{cid} is named {names[cid]!r}")


def valid_language(tag: str) -> bool:
    """A BCP 47 tag, and a two-letter primary language known to ISO 639-1."""
    m = _LANG.match(tag)
    if m is None:
        return False
    primary = m.group("lang")
    return primary is None or len(primary) != 2 or primary.lower() in ISO_639_1


def language(doc: Any) -> Iterator[Failure]:
    """6.1.12 Language."""
    for key in ("lang", "source_lang"):
        value = _doc(doc).get(key)
        if value is not None and not valid_language(str(value)):
            yield Failure("6.1.12", f"/document/{key}", f"{value!r} is not a language")


def translator(doc: Any) -> Iterator[Failure]:
    """6.1.15 Translator."""
    d = _doc(doc)
    if obj(d.get("publisher")).get("category") == "translator" and not d.get("source_lang"):
        yield Failure("6.1.15", "/document/source_lang", "a translation needs source_lang")


def same_cve(doc: Any) -> Iterator[Failure]:
    """6.1.23 Multiple Use of Same CVE."""
    seen: set[str] = set()
    for path, v in vulnerabilities(doc):
        cve = v.get("cve")
        if cve in seen:
            yield Failure("6.1.23", f"{path}/cve", f"{cve} is used in two vulnerability items")
        if isinstance(cve, str):
            seen.add(cve)


def involvements(doc: Any) -> Iterator[Failure]:
    """6.1.24 Multiple Definition in Involvements."""
    for path, v in vulnerabilities(doc):
        seen: set[tuple[Any, Any]] = set()
        for i, inv in enumerate(items(v.get("involvements"))):
            key = (obj(inv).get("party"), obj(inv).get("date"))
            if key in seen:
                yield Failure(
                    "6.1.24", f"{path}/involvements/{i}", f"party {key[0]!r} twice at {key[1]}"
                )
            seen.add(key)


def category_name(doc: Any) -> Iterator[Failure]:
    """6.1.26 Prohibited Document Category Name (profile CSAF Base only)."""
    category = str(_doc(doc).get("category", ""))
    if category in PROFILES:
        return
    plain = re.sub(r"[-\s_]", "", category).lower()
    if plain in _PROHIBITED or category.lower().startswith("csaf_"):
        yield Failure("6.1.26", "/document/category", f"{category!r} is reserved for a profile")


def translation(doc: Any) -> Iterator[Failure]:
    """6.1.28 Translation."""
    d = _doc(doc)
    if d.get("lang") is not None and d.get("lang") == d.get("source_lang"):
        yield Failure("6.1.28", "/document/source_lang", "source_lang equals lang")


def _without_products(doc: Any, key: str, test: str) -> Iterator[Failure]:
    """Items of a vulnerability list (``key``) that name neither products nor groups."""
    for path, v in vulnerabilities(doc):
        for i, item in enumerate(items(v.get(key))):
            if not obj(item).get("product_ids") and not obj(item).get("group_ids"):
                yield Failure(test, f"{path}/{key}/{i}", f"the {key[:-1]} names no product")


def remediation_products(doc: Any) -> Iterator[Failure]:
    """6.1.29 Remediation without Product Reference."""
    yield from _without_products(doc, "remediations", "6.1.29")


def flag_products(doc: Any) -> Iterator[Failure]:
    """6.1.32 Flag without Product Reference."""
    yield from _without_products(doc, "flags", "6.1.32")


def multiple_flags(doc: Any) -> Iterator[Failure]:
    """6.1.33 Multiple Flags with VEX Justification Codes per Product."""
    group_map = groups(doc)
    for path, v in vulnerabilities(doc):
        flagged: dict[str, str] = {}
        for i, flag in enumerate(items(v.get("flags"))):
            label = obj(flag).get("label")
            if label not in LABELS:
                continue
            for pid in sorted(products_of(obj(flag), group_map)):
                if pid in flagged:
                    yield Failure(
                        "6.1.33",
                        f"{path}/flags/{i}",
                        f"product {pid!r} has two justification flags ({flagged[pid]}, {label})",
                    )
                flagged[pid] = str(label)
