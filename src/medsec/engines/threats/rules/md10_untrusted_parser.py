"""MD-10: Parser of untrusted input (DICOM files, HL7, images, USB media) without fuzzing.

Parsing untrusted input is a design fact, not a weakness; the rule fires when the project
records no fuzzing activity as evidence that the parser was hardened.
"""

from __future__ import annotations

from collections.abc import Iterator

from medsec.domain.model import Project
from medsec.domain.threat import Match, RuleMeta, Stride, Trigger
from medsec.domain.vocabulary import Activity, ElementType
from medsec.engines.threats.rule import Outcome, element_target, element_trig, unknown_element


class Md10UntrustedParser:
    """Malformed input exploits a parser bug that fuzzing would have found."""

    meta = RuleMeta(
        id="MD-10",
        title="Untrusted input parsed without fuzzing evidence",
        stride=(Stride.TAMPERING, Stride.ELEVATION_OF_PRIVILEGE, Stride.DENIAL_OF_SERVICE),
        cwe=("CWE-20", "CWE-119"),
        capec=("CAPEC-153", "CAPEC-28"),
        cvss_v3_1="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        # a listener needs nobody's action; input only a person brings (a file import) does
        cvss_from_model=("AV", "UI", "C", "I", "A"),
        mitigation=(
            "Fuzz every parser of external input (coverage-guided, with malformed DICOM/HL7 "
            "corpora) in CI and record it as a fuzzing activity; parse in a memory-safe "
            "language or a sandboxed process with least privilege, and enforce size limits."
        ),
        description=(
            "A crafted file or message (malformed DICOM tags, polyglot preamble, oversized "
            "HL7 segment) can crash the parser or run code in it, and no fuzzing is recorded "
            "to show the parser withstands such input."
        ),
    )

    def check(self, project: Project) -> Iterator[Outcome]:
        """Elements parsing untrusted input while the project records no fuzzing activity."""
        fuzzed = any(a.activity is Activity.FUZZING for a in project.activities)
        for e in project.elements:
            if e.parses_untrusted_input is True and not fuzzed:
                triggers = (
                    element_trig(e, "parses_untrusted_input", True),
                    Trigger("activities", "no fuzzing recorded"),
                )
                yield Match(element_target(e), triggers)
            elif (
                e.parses_untrusted_input is None and e.type is ElementType.PROCESS and e.is_software
            ):
                yield unknown_element(e, "parses_untrusted_input")


RULE = Md10UntrustedParser()
