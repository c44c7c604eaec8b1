"""The server's pages: one router made of the page modules.

* ``pages_changes`` — approvals, assessments, pentest finding states, document signatures;
* ``pages_portfolio`` — the dashboard, a device with its trend charts, a version's drill-down
  into the existing report sections;
* ``pages_admin`` — the audit trail and administration.

``pages_changes`` comes first: its fixed paths (``/devices/{repo}/approvals``, ``.../changes``)
must win over a version named by ``/devices/{repo}/{version}``.
"""

from __future__ import annotations

from fastapi import APIRouter

from medsec.web import pages_admin, pages_changes, pages_portfolio

router = APIRouter()
for part in (pages_changes, pages_portfolio, pages_admin):
    router.include_router(part.router)
