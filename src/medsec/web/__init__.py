"""The team server (``medsec serve``): FastAPI with server-rendered Jinja2 pages and htmx.

It reads registered project repositories (the single source of truth) and writes every change
made in the browser back to the project's files as a git commit authored by the signed-in user.
It knows HTTP; what it shows and changes comes from ``medsec.services``.
"""
