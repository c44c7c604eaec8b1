"""``medsec serve``: refuses to start without an admin; serves the app with uvicorn."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from medsec.cli.main import main
from medsec.domain.identity import Role
from medsec.services import accounts
from medsec.storage.store import AdvisoryStore
from medsec.web.security import CSP


@pytest.fixture
def serve_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder with a .medsec.toml naming only the state dir; no MEDSEC_DB."""
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    (tmp_path / ".medsec.toml").write_text('[server]\nstate_dir = "state"\n', encoding="utf-8")
    return tmp_path


def test_refuses_to_start_without_an_admin(
    serve_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = serve_env / "db.sqlite"
    with AdvisoryStore.open(str(db)) as store:
        accounts.create_account(store.engine, "vic", "Vic", Role.VIEWER, "a long password")
    code = main(["serve", "--db", str(db), "--project", str(serve_env), "--no-scheduler"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no admin account" in err
    assert "medsec user add NAME --role admin" in err


def test_bad_server_settings_exit_3(serve_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (serve_env / ".medsec.toml").write_text("[server]\nport = 99999\n", encoding="utf-8")
    code = main(["serve", "--db", str(serve_env / "db.sqlite"), "--project", str(serve_env)])
    assert code == 3
    assert "server.port" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serves_the_app_over_http(serve_env: Path) -> None:
    db = serve_env / "db.sqlite"
    with AdvisoryStore.open(str(db)) as store:
        accounts.create_account(store.engine, "ada", "Ada", Role.ADMIN, "a long password")
    port = _free_port()
    command = [sys.executable, "-m", "medsec", "serve", "--db", str(db), "--port", str(port)]
    command += ["--project", str(serve_env), "--no-scheduler"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, cwd=serve_env, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.2)
        assert health.json() == {"status": "ok"}
        login = httpx.get(f"{base}/login")
        assert login.status_code == 200
        assert login.headers["content-security-policy"] == CSP
        assert "strict-transport-security" not in login.headers  # plain http on 127.0.0.1
        assert httpx.get(f"{base}/reauth").status_code == 303
        assert (serve_env / "state" / "flow-secret").stat().st_mode & 0o077 == 0
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


def test_scheduler_queues_and_runs_a_monitoring_job(tmp_path: Path) -> None:
    from sqlalchemy import select
    from tests.web.conftest import make_server

    from medsec.cli.serve_cmds import Scheduler
    from medsec.storage.server_schema import jobs

    server = make_server(tmp_path, str(tmp_path / "db.sqlite"))
    scheduler = Scheduler(server.context, seconds=0.05)
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while True:
            with server.engine.connect() as conn:
                rows = conn.execute(select(jobs.c.kind, jobs.c.state, jobs.c.error)).all()
            if rows and rows[0].state not in ("queued", "running"):
                break
            assert time.monotonic() < deadline, f"no monitoring job ran: {rows}"
            time.sleep(0.1)
    finally:
        scheduler.stop()
        scheduler.join(timeout=30)
    assert [(r.kind, r.state, r.error) for r in rows] == [("monitor", "done", None)]
    assert not scheduler.is_alive()
    server.store.close()
