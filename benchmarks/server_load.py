"""Dashboard load: 200 devices x 5 released versions, 20 signed-in users, on SQLite and PostgreSQL.

    python benchmarks/server_load.py [--repos 200] [--tags 5] [--users 20] [--seconds 60]
                                     [--workers 1] [--think 0] [--backends sqlite postgresql]
                                     [--work DIR]

The portfolio is built as a team builds it: ``--repos`` git repositories of generated device
projects, each with ``--tags`` release tags (monitor_bench's generator: a CycloneDX SBOM of real
package names from ../shared/fixtures plus generated ones, patched between releases), registered
(``services.repositories.add_repository``), then ``medsec monitor --offline --no-notify`` against
a vulnerability database of ``--records`` generated OSV records and 10,000 NVD records: every
version materialised from git, scanned, its scan record committed, and its dashboard summary
computed by the server's own refresh (``portfolio.refresh``) into ``release_summaries``. The
repositories and the database are kept in ``--work`` and reused by later runs.

PostgreSQL (``MEDSEC_TEST_PG_URL``, else the first word of /tmp/pg.env): a fresh schema,
migrated by ``AdvisoryStore.open``, into which the rows the monitor wrote on SQLite
(repositories, release_scans, release_summaries) are copied unchanged: the same summaries
the server would store, without a second monitoring run. The schema is dropped at the end.

For each database: ``--users`` accounts (``accounts.create_account``), ``medsec serve
--no-scheduler --workers N`` as a subprocess on 127.0.0.1, each user signed in through the
sign-in form (its own httpx client, cookies and all), then every user requests the dashboard
``/`` again and again (``--think`` seconds between requests; 0 = back to back, the worst case)
for ``--seconds`` after a warm-up. A response counts only when it is 200, states every device
version as selected and lists the first page of them (100 rows: the dashboard pages its table).
Reported: requests, throughput, p50/p95/p99/max latency in ms (full body read), and
the verdict against the target p95 < 300 ms. The load generator runs on the same machine as
the server (asyncio, one thread), so its own CPU competes with the server's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

import monitor_bench
import scan_speed

TARGET_P95_MS = 300.0
PASSWORD = "load test password 1"
PG_ENV_FILE = Path("/tmp/pg.env")
COPIED = ("repositories", "release_scans", "release_summaries")
_LOGIN_CSRF = re.compile(r'name="login_csrf" value="([^"]+)"')
_COUNT = re.compile(r"(\d+) device versions")  # the number the filters selected: all of them
_ROW = re.compile(r'<td><a href="/devices/[^"/]+/[^"]+">')  # one per version row of the page
PAGE_ROWS = 100  # the dashboard's page size (medsec.web.pages_table.PAGE_SIZE)


def pg_url() -> str | None:
    """The PostgreSQL server to use: MEDSEC_TEST_PG_URL, else the first word of /tmp/pg.env."""
    url = os.environ.get("MEDSEC_TEST_PG_URL")
    if not url and PG_ENV_FILE.is_file():
        url = PG_ENV_FILE.read_text().split()[0]
    return url or None


def populate_sqlite(work: Path, args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """Repositories, advisories, registration and a monitoring run (skipped when done before)."""
    from sqlalchemy import func, select

    from medsec.storage.server_schema import release_summaries
    from medsec.storage.store import AdvisoryStore

    db = work / "load.sqlite"
    t0 = time.perf_counter()
    scan_speed.build_database(db, args.records, None, work)
    repos = monitor_bench.build_repos(work, args.repos, args.tags, args.components, args.records)
    monitor_bench.register(db, repos)
    with AdvisoryStore.open(str(db)) as store, store.engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(release_summaries)).scalar_one()
    expected = args.repos * (args.tags + 1)  # every tag and the branch head ("current")
    info: dict[str, Any] = {"setup_s": round(time.perf_counter() - t0, 1)}
    if have < expected:
        info["monitor"] = monitor_bench.monitor(db, work)
    return db, info


@contextlib.contextmanager
def pg_copy(source: Path, base_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema, migrated, holding the portfolio rows of ``source``."""
    from sqlalchemy import create_engine, make_url, text

    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        copy_rows(source, rendered)
        yield rendered
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def copy_rows(source: Path, url: str) -> None:
    """The rows of :data:`COPIED` from the SQLite ``source`` into the database at ``url``
    (migrated on open), unchanged; the id sequences moved past the copied ids."""
    from sqlalchemy import insert, select, text

    from medsec.storage import server_schema
    from medsec.storage.store import AdvisoryStore

    with (
        AdvisoryStore.open(str(source)) as src,
        AdvisoryStore.open(url) as dst,
        src.engine.connect() as read,
        dst.engine.begin() as write,
    ):
        for name in COPIED:
            table = getattr(server_schema, name)
            rows = [dict(r._mapping) for r in read.execute(select(table))]
            if rows:
                write.execute(insert(table), rows)
            write.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
                )
            )


def make_accounts(url: str, users: int) -> list[str]:
    """An admin (``medsec serve`` needs one) and ``users`` viewers; their names."""
    from medsec.domain.identity import Role
    from medsec.services import accounts
    from medsec.storage.store import AdvisoryStore

    names = [f"user{i:02d}" for i in range(users)]
    with AdvisoryStore.open(url) as store:
        known = {a.username for a in accounts.list_accounts(store.engine)}
        for name, role in [("admin", Role.ADMIN)] + [(n, Role.VIEWER) for n in names]:
            if name not in known:
                accounts.create_account(store.engine, name, name.title(), role, PASSWORD)
    return names


def _free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(url: str, work: Path, workers: int) -> Iterator[str]:
    """``medsec serve --no-scheduler`` on a free port; its base URL while it runs."""
    port = _free_port()
    command = [monitor_bench.MEDSEC, "serve", "--db", url, "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--no-scheduler"]
    log = (work / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(command, cwd=work, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"medsec serve did not start: see {log.name}")
            time.sleep(0.3)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


async def sign_in(client: httpx.AsyncClient, name: str) -> None:
    """The sign-in form, as a browser posts it."""
    page = await client.get("/login")
    match = _LOGIN_CSRF.search(page.text)
    assert match, "no login_csrf on /login"
    form = {"username": name, "password": PASSWORD, "next": "/", "login_csrf": match[1]}
    done = await client.post("/login", data=form)
    if done.status_code != 303:
        raise SystemExit(f"sign-in of {name} failed: {done.status_code} {done.text[:300]}")


async def user(
    base: str, name: str, expected: int, start: float, stop: float, think: float
) -> tuple[list[float], int]:
    """One signed-in user requesting the dashboard until ``stop``; latencies after ``start``."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await sign_in(client, name)
        while (now := time.perf_counter()) < stop:
            response = await client.get("/")
            elapsed = time.perf_counter() - now
            count = _COUNT.search(response.text)
            rows = len(_ROW.findall(response.text))
            ok = response.status_code == 200 and count is not None and int(count[1]) == expected
            ok = ok and rows == min(expected, PAGE_ROWS)
            if not ok:
                errors += 1
            elif now >= start:
                latencies.append(elapsed * 1000)
            if think:
                await asyncio.sleep(think)
    return latencies, errors


async def load(base: str, names: list[str], expected: int, args: argparse.Namespace) -> Any:
    """All users at once: ``--warmup`` seconds not counted, then ``--seconds`` measured."""
    t0 = time.perf_counter()
    start, stop = t0 + args.warmup, t0 + args.warmup + args.seconds
    tasks = [user(base, n, expected, start, stop, args.think) for n in names]
    return await asyncio.gather(*tasks)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def measure(backend: str, url: str, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Serve ``url`` and load its dashboard; the figures."""
    names = make_accounts(url, args.users)
    expected = args.repos * (args.tags + 1)
    with serving(url, work, args.workers) as base:
        results = asyncio.run(load(base, names, expected, args))
    latencies = [x for lat, _ in results for x in lat]
    errors = sum(e for _, e in results)
    if not latencies:
        raise SystemExit(f"{backend}: no successful request ({errors} failed)")
    p95 = percentile(latencies, 95)
    return {
        "backend": backend,
        "rows": expected,
        "users": args.users,
        "workers": args.workers,
        "think_s": args.think,
        "seconds": args.seconds,
        "requests": len(latencies),
        "failed": errors,
        "per_s": round(len(latencies) / args.seconds, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "target_p95_ms": TARGET_P95_MS,
        "verdict": "within" if p95 < TARGET_P95_MS else "OVER",
    }


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the portfolio, then load each backend's dashboard; JSON lines out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--tags", type=int, default=5)
    parser.add_argument("--components", type=int, default=80)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--backends", nargs="*", default=["sqlite", "postgresql"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/medsec-load-bench"))
    args = parser.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    (work / ".medsec.toml").write_text('[server]\nstate_dir = "state"\n')
    db, info = populate_sqlite(work, args)
    print(json.dumps({"populate": info}), flush=True)
    for backend in args.backends:
        if backend == "sqlite":
            print(json.dumps(measure(backend, str(db), work, args)), flush=True)
        elif (base := pg_url()) is None:
            print(json.dumps({"backend": backend, "skipped": "no MEDSEC_TEST_PG_URL"}))
        else:
            with pg_copy(db, base) as url:
                print(json.dumps(measure(backend, url, work, args)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
