"""The REST API ``/api/v1/...``: everything the pages do, with pydantic models (OpenAPI at
``/api/openapi.json``). One router made of the API's parts:

* ``api_devices`` — portfolio, devices, versions, checklist and exit status, findings, scans,
  pending approvals (read; a token needs its ``read`` scope);
* ``api_changes`` — approvals and signatures (approver, re-authenticated), assessments and
  pentest finding states (engineer);
* ``api_uploads`` — an SBOM or a pentest report from CI (a token with the ``upload`` scope),
  read by the hardened readers before anything is committed;
* ``api_admin`` — the audit trail (with its verification) and administration.
"""

from __future__ import annotations

from fastapi import APIRouter

from medsec.web import api_admin, api_changes, api_devices, api_uploads

router = APIRouter()
for part in (api_devices, api_changes, api_uploads, api_admin):
    router.include_router(part.router)
