"""Browser tests: Playwright driving Debian's chromium against a real ``medsec serve``.

One server per module, started as users start it: a throwaway git copy of the example device
tagged v3.2.0, its advisories imported, accounts made with ``medsec user add``, the repository
registered with ``medsec repo add`` and monitored once (``medsec monitor --offline``) so the
dashboard has its summary; then ``medsec serve --no-scheduler`` (uvicorn) on 127.0.0.1 with a
free port, SQLite in the temporary folder. Every page visited must log no console error (a CSP
violation, a script error, a missing static file). Skipped, with the reason, when chromium or
playwright is missing (``.ci/run`` installs both).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from tests.services.server_repo import example_repo, git

CHROMIUM = Path(os.environ.get("MEDSEC_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests skipped: no chromium at {CHROMIUM} (apt-get install chromium, "
        "or set MEDSEC_CHROMIUM)",
        allow_module_level=True,
    )
try:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    pytest.skip(
        "browser tests skipped: playwright is not installed (pip install -e '.[dev]')",
        allow_module_level=True,
    )

pytestmark = pytest.mark.slow
PASSWORD = "browser test password 1"
THREAT = "MD-11@drug-lib-server"  # the example's one risk acceptance without an approver
REPO = "pump"
VERSION = "v3.2.0"
USERS = {  # name: (role, display name)
    "ada": ("admin", "Ada Admin"),
    "amy": ("approver", "Amy Approver"),
    "vic": ("viewer", "Vic Viewer"),
}
# base.html declares no icon, so chromium asks for /favicon.ico and logs its 404 as a console
# error on every page: tolerated here (only that URL) until the layout links an icon
TOLERATED = ("/favicon.ico",)
_CSRF = re.compile(r'"X-CSRF-Token": "([^"]+)"')


def _free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Live:
    """A running ``medsec serve`` and what it was set up with."""

    base: str
    db: Path
    repo: Path
    env: dict[str, str]
    folder: Path

    def medsec(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run the ``medsec`` command as a user would, on the test's database."""
        command = [sys.executable, "-m", "medsec", *args, "--db", str(self.db)]
        return subprocess.run(
            command,
            cwd=self.folder,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def _setup(live: Live) -> None:
    """Advisories, accounts, the registered repository and its first monitoring run."""
    steps: list[tuple[tuple[str, ...], str | None, tuple[int, ...]]] = [
        (("db", "import", str(live.repo / "advisories")), None, (0,)),
        (("repo", "add", str(live.repo), "--name", REPO), None, (0,)),
        # exit 1: the example's release has a new critical finding, as expected
        (("monitor", "--offline", "--no-notify"), None, (0, 1)),
    ]
    for name, (role, display) in USERS.items():
        add = ("user", "add", name, "--role", role, "--display-name", display)
        add += ("--email", f"{name}@example.org", "--password-stdin")
        steps.insert(0, (add, PASSWORD + "\n", (0,)))
    for args, stdin, codes in steps:
        done = live.medsec(*args, stdin=stdin)
        assert done.returncode in codes, f"medsec {' '.join(args)}: {done.stderr}"


def _wait(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    """Until ``/healthz`` answers; fails with the server's output when it died."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            out = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"medsec serve exited with {process.returncode}:\n{out}")
        assert time.monotonic() < deadline, f"medsec serve did not answer in {seconds} s"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The example registered, monitored and served by a real ``medsec serve`` subprocess."""
    folder = tmp_path_factory.mktemp("browser")
    repo = example_repo(folder / REPO, tags=[VERSION])
    (folder / ".medsec.toml").write_text('[server]\nstate_dir = "state"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDSEC_")}
    env |= {"XDG_DATA_HOME": str(folder / "xdg"), "PYTHONUNBUFFERED": "1"}
    port = _free_port()
    state = Live(f"http://127.0.0.1:{port}", folder / "db.sqlite", repo, env, folder)
    _setup(state)
    command = [sys.executable, "-m", "medsec", "serve", "--db", str(state.db), "--port", str(port)]
    command += ["--host", "127.0.0.1", "--no-scheduler"]
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        _wait(state.base, process)
        yield state
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, driven by Playwright (no browser download)."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Tab:
    """A page of a fresh browser context that records console errors of every page shown."""

    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self) -> None:
        """Record console errors (CSP violations are reported there) and uncaught exceptions."""

        def on_console(message: ConsoleMessage) -> None:
            source = message.location.get("url", "")
            if message.type == "error" and not source.endswith(TOLERATED):
                self.errors.append(f"{self.page.url}: {message.text} ({source})")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                self.failed.append(f"{response.status} {response.url}")

        self.page.on("console", on_console)
        self.page.on("response", on_response)
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))

    def go(self, path: str) -> Any:
        """Open ``path`` of the server; the response."""
        return self.page.goto(self.base + path, wait_until="load")

    def clean(self) -> None:
        """Assert that no page shown so far logged an error."""
        self.page.wait_for_timeout(200)  # late console messages of the last page
        assert self.errors == [], "\n".join(self.errors + self.failed)

    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        """Sign in through the form; lands on the portfolio."""
        self.go("/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base + "/")
        assert self.page.locator(".who-name").inner_text() == USERS[username][1]

    def sign_out(self) -> None:
        """Sign out with the header's button; the portfolio then asks for a sign-in again."""
        self.page.click(".who form button")
        self.page.wait_for_load_state("load")
        self.go("/")
        assert self.page.url.startswith(self.base + "/login"), self.page.url
        assert self.page.locator("input[name=username]").count() == 1

    def csrf(self) -> str:
        """The session's CSRF token, as the page's ``<body hx-headers>`` carries it."""
        match = _CSRF.search(self.page.locator("body").get_attribute("hx-headers") or "")
        assert match, "the page carries no X-CSRF-Token"
        return match[1]


@pytest.fixture
def tab(browser: Browser, live: Live) -> Iterator[Tab]:
    """A fresh browser context (no cookies) watching for console errors."""
    context = browser.new_context()
    tab = Tab(context.new_page(), live.base)
    tab.watch()
    try:
        yield tab
    finally:
        context.close()


def _head(repo: Path) -> str:
    """The commit of the repository's branch head."""
    return git(repo, "rev-parse", "HEAD")


def _threat(repo: Path, commit: str) -> dict[str, Any]:
    """The entry of :data:`THREAT` in threats.yaml at ``commit``."""
    data = yaml.safe_load(git(repo, "show", f"{commit}:threats.yaml"))
    found = [t for t in data["threats"] if t["id"] == THREAT]
    assert len(found) == 1, f"{THREAT} not once in threats.yaml at {commit}"
    return dict(found[0])


def test_admin_sees_the_portfolio_and_signs_out(tab: Tab) -> None:
    tab.sign_in("ada")
    rows = tab.page.locator("table.portfolio tbody tr")
    released = rows.filter(has_text=VERSION)
    assert released.count() == 1, tab.page.locator("#portfolio").inner_text()
    assert REPO in released.inner_text()
    badges = released.locator("td.item .badge")
    statuses = {b.inner_text() for b in badges.all()}
    assert badges.count() >= 5, "a checklist status per item"
    assert statuses <= {"pass", "gap", "fail"}, statuses
    assert "fail" in statuses or "gap" in statuses  # the example has open work
    for path in (f"/devices/{REPO}", f"/devices/{REPO}/{VERSION}", "/admin", "/audit"):
        response = tab.go(path)
        assert response is not None and response.status == 200, path
    assert tab.page.locator(".verify-ok").count() == 1, "the audit trail verifies"
    tab.clean()
    tab.sign_out()
    tab.clean()


def test_viewer_cannot_approve(tab: Tab, live: Live) -> None:
    before = _head(live.repo)
    tab.sign_in("vic")
    tab.go(f"/devices/{REPO}/approvals")
    section = tab.page.locator(f'section.approval[data-threat="{THREAT}"]')
    assert section.count() == 1, "the pending risk acceptance is shown to a viewer"
    assert section.locator("button, form").count() == 0
    assert "Only an approver may approve" in section.inner_text()
    form = {
        "csrf_token": tab.csrf(),
        "threat_id": THREAT,
        "meaning": "I approve",
        "password": PASSWORD,
        "expected_head": before,
    }
    forced = tab.page.request.post(f"{live.base}/devices/{REPO}/approvals", form=form)
    assert forced.status == 403, forced.text()
    assert _head(live.repo) == before, "a refused approval must not commit"
    assert "approver" not in _threat(live.repo, before)
    tab.clean()
    tab.sign_out()


def test_approver_approves_with_reauthentication(tab: Tab, live: Live) -> None:
    before = _head(live.repo)
    tab.sign_in("amy")
    tab.go(f"/devices/{REPO}/approvals")
    section = tab.page.locator(f'section.approval[data-threat="{THREAT}"]')
    meaning = "Approved as QA: residual risk acceptable per CAPA-2026-7"
    section.locator("input[name=meaning]").fill(meaning)
    section.locator("input[name=password]").fill(PASSWORD)
    section.locator("button[type=submit]").click()
    tab.page.wait_for_load_state("load")
    commit = tab.page.locator("code.commit").inner_text().strip()
    seq = int(tab.page.locator("a.audit-seq").inner_text().lstrip("#"))
    assert commit == _head(live.repo) != before
    author = git(live.repo, "log", "-1", "--format=%an <%ae>|%cn", commit)
    assert author == "Amy Approver <amy@example.org>|medsec server"
    entry = _threat(live.repo, commit)
    assert "Amy Approver" in str(entry["approver"]), entry
    assert "approver" not in _threat(live.repo, before)
    tab.go("/audit")
    cells = [c.strip() for c in tab.page.locator(f"tr#audit-{seq} td").all_inner_texts()]
    assert cells[0] == str(seq)
    assert cells[2:4] == ["amy", "risk.approve"], cells
    assert THREAT in cells[4]
    assert f"commit: {commit}" in cells[6] and f"meaning: {meaning}" in cells[6], cells[6]
    reauth = tab.page.locator(f"tr#audit-{seq - 1} td").all_inner_texts()
    assert [c.strip() for c in reauth[2:4]] == ["amy", "reauth"], "the signature re-authenticated"
    assert tab.page.locator(".verify-ok").count() == 1
    tab.go(f"/devices/{REPO}/approvals")
    assert tab.page.locator(f'section.approval[data-threat="{THREAT}"]').count() == 0
    tab.clean()
    tab.sign_out()
    verified = live.medsec("audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
