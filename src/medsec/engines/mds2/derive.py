"""Derive MDS2 answers from the model: one function per group of sections, merged in form order.

Pure: it reads the :class:`CheckContext` ``medsec check`` built (the model, the SBOM facts,
the scans) and returns, per question id, an answer with the facts it rests on. A question the
model cannot answer is absent: it stays open, it is never guessed.
"""

from __future__ import annotations

from collections.abc import Callable

from medsec.engines.compliance.context import CheckContext
from medsec.engines.mds2.derive_access import derive_audt, derive_auth, derive_paut
from medsec.engines.mds2.derive_audit import derive_audit_events
from medsec.engines.mds2.derive_backup import derive_dtbk
from medsec.engines.mds2.derive_conn import derive_conn, derive_naut, derive_rmot
from medsec.engines.mds2.derive_data import derive_didt, derive_mpii, derive_stcf
from medsec.engines.mds2.derive_doc import derive_doc
from medsec.engines.mds2.derive_lifecycle import derive_csup, derive_rdmp, derive_sahd, derive_sbom
from medsec.engines.mds2.derive_malware import derive_mldp
from medsec.engines.mds2.derive_platform import derive_csup_os, derive_samd
from medsec.engines.mds2.derive_session import derive_alof, derive_emrg
from medsec.engines.mds2.derive_transmission import derive_txcf, derive_txig
from medsec.engines.mds2.facts import View
from medsec.engines.mds2.model import Derived
from medsec.engines.mds2.questions import by_id

DERIVATIONS: tuple[Callable[[View], dict[str, Derived]], ...] = (
    derive_doc,
    derive_samd,
    derive_mpii,
    derive_alof,
    derive_audt,
    derive_audit_events,
    derive_auth,
    derive_csup,
    derive_csup_os,
    derive_didt,
    derive_dtbk,
    derive_emrg,
    derive_mldp,
    derive_naut,
    derive_conn,
    derive_paut,
    derive_rdmp,
    derive_sbom,
    derive_sahd,
    derive_stcf,
    derive_txcf,
    derive_txig,
    derive_rmot,
)


def derive(ctx: CheckContext) -> dict[str, Derived]:
    """Every answer the model supports, by question id (ids outside the catalogue are a bug)."""
    view = View.of(ctx)
    out: dict[str, Derived] = {}
    for derivation in DERIVATIONS:
        for qid, derived in derivation(view).items():
            if qid not in by_id():
                raise KeyError(f"{derivation.__name__} answers {qid}, which the form does not have")
            out.setdefault(qid, derived)
    return out
