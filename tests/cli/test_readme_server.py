"""The README's team-server block, run verbatim with bash: each line exits as documented.

The README's set-up line runs first (its medsec part, as ``test_readme_tour`` does), so the
database is the ``.medsec.toml`` one. ``medsec user add`` asks for the password on a terminal:
those lines run under a pseudo-terminal that answers each prompt. ``medsec serve`` runs in the
background on a free port (``MEDSEC_SERVER_PORT``; the line itself is as printed) until it
answers, a signed-out visit is sent to the sign-in page, and it is stopped; then the last line
verifies the audit trail the block wrote.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.cli.test_readme_tour import (
    BIN,
    ENVIRONMENT_STEPS,
    README,
    _environment,
    _run,
    expected_exit,
    setup_steps,
    sh_blocks,
)
from tests.conftest import EXAMPLE

PASSWORD = "a long demo password"


def server_lines() -> list[str]:
    """The commands of the team-server block, as printed."""
    text = README.read_text()
    block = sh_blocks(text[text.index("## The team server") :])[0]
    return [line for line in block.splitlines() if line.strip()]


def _run_on_terminal(line: str, folder: Path, env: dict[str, str]) -> int:
    """Run one line with bash on a pseudo-terminal, answering every password prompt."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: bash on the terminal
        os.chdir(folder)
        os.execvpe("bash", ["bash", "-c", line], env)
    seen, deadline = b"", time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if seen.rstrip().endswith((b"password for admin:", b"password for amy:", b"again:")):
            os.write(fd, PASSWORD.encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    if code != expected_exit(line):
        print(f"$ {line}\n{seen.decode(errors='replace')[-3000:]}")
    return code


def _free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(line: str, folder: Path, env: dict[str, str]) -> None:
    """Run the serve line until the server answers; a signed-out visit goes to sign-in."""
    port = _free_port()
    server = subprocess.Popen(
        ["bash", "-c", f"exec {line.split('#')[0].strip()}"],
        cwd=folder,
        env={**env, "MEDSEC_SERVER_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.communicate()[0].decode()[-3000:]
            try:
                first = httpx.get(f"{base}/", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert first.status_code == 303 and first.headers["location"] == "/login?next=/"
        assert "Sign in" in httpx.get(f"{base}/login", timeout=5).text
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


@pytest.mark.slow
def test_readme_team_server_block_runs_verbatim(tmp_path: Path) -> None:
    if not (BIN / "medsec").exists():
        pytest.skip(f"no medsec console script beside {sys.executable}: not an installed venv")
    lines = server_lines()
    assert lines[0].startswith("cp -r examples/infusion-pump acme-pump")
    assert [line.split()[1] for line in lines[1:]] == [
        "user", "user", "repo", "monitor", "serve", "audit",
    ]  # fmt: skip
    examples = tmp_path / "examples" / EXAMPLE.name
    # the example as a user's checkout holds it (no scan records or caches of this machine)
    shutil.copytree(EXAMPLE, examples, ignore=shutil.ignore_patterns("scans", ".*.cache.json"))
    env = _environment(tmp_path)
    for step in setup_steps()[len(ENVIRONMENT_STEPS) : -1]:  # all but the final 'check'
        assert _run(step, tmp_path, env) == 0, step
    failed = []
    for line in lines:
        if line.startswith("medsec serve"):
            _serve(line, tmp_path, env)
            continue
        runner = _run_on_terminal if line.startswith("medsec user add") else _run
        code = runner(line, tmp_path, env)
        if code != expected_exit(line):
            failed.append(f"{line.split('#')[0].strip()} -> exit {code}")
    assert failed == []
    log = subprocess.run(
        ["git", "-C", str(tmp_path / "acme-pump"), "log", "--format=%an|%s"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert log[0].startswith("medsec monitor|medsec monitor ")  # the scan records, committed
    assert log[-1] == "Release|ACME Infusion System 3.2.0"
