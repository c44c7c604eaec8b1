"""Size limits for untrusted SBOM files, checked before anything is parsed."""

from __future__ import annotations

from medsec.domain.errors import InputError

DEFAULT_MAX_BYTES = 256 * 1024 * 1024  # the largest real SBOMs seen are tens of MB
MAX_NESTING = 64  # nested CycloneDX components deeper than this are refused
SIZE_HINT = "split the SBOM, or raise the limit with MEDSEC_SBOM_MAX_BYTES=BYTES"


def check_size(size: int, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a file over the limit before any parsing, saying how to raise the limit."""
    if size > max_bytes:
        raise InputError.single(
            source,
            f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for SBOM files",
            hint=SIZE_HINT,
        )
