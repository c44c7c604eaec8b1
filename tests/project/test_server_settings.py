"""``[server]`` in .medsec.toml: defaults, environment overrides, every problem located."""

from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.domain.identity import Role
from medsec.project.server_settings import ServerSettings, load, parse
from medsec.project.settings import parse as parse_settings

FULL = b"""
database = "vulns.sqlite"
[server]
host = "0.0.0.0"
port = 8443
base_url = "https://medsec.example.com/"
state_dir = "state"
[server.oidc]
issuer = "https://login.example.com/realms/med"
client_id = "medsec"
role_claim = "groups"
role_map = { "qa" = "approver", "dev" = "engineer" }
[server.notify]
smtp_host = "mail.example.com"
smtp_starttls = true
smtp_user = "medsec"
mail_from = "medsec@example.com"
mail_to = ["security@example.com"]
webhook_url = "https://chat.example.com/hooks/abc"
deadline_days = 7
[server.monitor]
interval_hours = 12
update_feeds = true
"""


def test_no_file_gives_defaults(tmp_path: Path) -> None:
    found = load(tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert found == ServerSettings(state_dir=tmp_path / "data" / "medsec" / "server", secure=False)
    assert (found.host, found.port, found.oidc) == ("127.0.0.1", 8000, None)
    assert (found.notify.email, found.notify.webhook, found.notify.deadline_days) == (
        False,
        False,
        14,
    )
    assert (found.monitor.interval_hours, found.monitor.update_feeds) == (24.0, False)


def test_full_file_and_secrets_from_the_environment(tmp_path: Path) -> None:
    env = {
        "MEDSEC_OIDC_CLIENT_SECRET": "oidc-s",
        "MEDSEC_SMTP_PASSWORD": "smtp-s",
        "MEDSEC_WEBHOOK_SECRET": "hook-s",
        "MEDSEC_SERVER_PORT": "9000",
    }
    (tmp_path / ".medsec.toml").write_bytes(FULL)
    inner = tmp_path / "device"
    inner.mkdir()
    s = load(inner, env=env)
    assert s.path == tmp_path / ".medsec.toml"
    assert (s.host, s.port, s.base_url, s.secure) == (
        "0.0.0.0",
        9000,
        "https://medsec.example.com",
        True,
    )
    assert s.state_dir == tmp_path / "state"
    assert s.oidc is not None
    assert s.oidc.client_secret == "oidc-s"
    assert dict(s.oidc.role_map) == {"qa": Role.APPROVER, "dev": Role.ENGINEER}
    assert (s.notify.smtp_port, s.notify.smtp_password, s.notify.webhook_secret) == (
        587,
        "smtp-s",
        "hook-s",
    )
    assert s.notify.mail_to == ("security@example.com",)
    assert (s.notify.email, s.notify.webhook, s.notify.deadline_days) == (True, True, 7)
    assert (s.monitor.interval_hours, s.monitor.update_feeds) == (12.0, True)
    # the project settings reader accepts the [server] table beside `database`
    assert parse_settings(FULL, source="x", base=tmp_path).database == str(
        tmp_path / "vulns.sqlite"
    )


def test_secure_false_only_on_loopback(tmp_path: Path) -> None:
    local = parse(
        b'[server]\nbase_url = "http://127.0.0.1:8000"\n', source="x", base=tmp_path, env={}
    )
    assert local.secure is False
    proxied = parse(
        b'[server]\nbase_url = "https://m.example"\n', source="x", base=tmp_path, env={}
    )
    assert proxied.secure is True
    with pytest.raises(InputError) as caught:
        parse(
            b'[server]\nhost = "0.0.0.0"\nsecure = false\n', source="x.toml", base=tmp_path, env={}
        )
    assert "x.toml: server.secure: may be false only for a server on http://127.0.0.1" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        (
            b"[server]\nprot = 1\n",
            {},
            "x.toml: server.prot: unknown key 'prot' (did you mean 'port'?)",
        ),
        (
            b"[server]\nport = 70000\n",
            {},
            "x.toml: server.port: must be a whole number from 1 to 65535",
        ),
        (
            b"",
            {"MEDSEC_SERVER_PORT": "http"},
            "environment MEDSEC_SERVER_PORT: must be a whole number",
        ),
        (
            b'[server]\nbase_url = "medsec.local"\n',
            {},
            "server.base_url: 'medsec.local' is not an http(s) URL",
        ),
        (b'[server.oidc]\nclient_id = "c"\n', {}, "x.toml: server.oidc.issuer: is missing"),
        (
            b'[server.oidc]\nissuer = "http://idp.example"\nclient_id = "c"\n',
            {},
            "server.oidc.issuer: must be an https:// URL",
        ),
        (
            b'[server.oidc]\nissuer = "https://i"\nclient_id = "c"\nrole_map = {a = "god"}\n',
            {},
            "server.oidc.role_map.a: unknown role 'god' (expected one of: admin, approver, engineer, viewer)",
        ),
        (
            b'[server.notify]\nsmtp_host = "m"\n',
            {},
            "server.notify.smtp_host: e-mail needs mail_from and mail_to too",
        ),
        (
            b'[server.notify]\nsmtp_host = "m"\nsmtp_user = "u"\nmail_from = "a@b"\nmail_to = "c@d"\n',
            {},
            "server.notify.smtp_user: would send the SMTP password in clear (set smtp_starttls = true)",
        ),
        (b"[server.notify]\nmail_to = [1]\n", {}, "server.notify.mail_to: must be a list of texts"),
        (
            b"[server.monitor]\ninterval_hours = 0\n",
            {},
            "server.monitor.interval_hours: must be a positive number",
        ),
        (
            b'[server.monitor]\nupdate_feeds = "yes"\n',
            {},
            "server.monitor.update_feeds: must be true or false",
        ),
        (b'server = "x"\n', {}, "x.toml: server: must be a table"),
    ],
)
def test_problems_name_the_file_and_key(
    tmp_path: Path, text: bytes, env: dict[str, str], expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse(text, source="x.toml", base=tmp_path, env=env)
    assert expected in caught.value.diagnostics()


def test_every_problem_at_once(tmp_path: Path) -> None:
    text = b"[server]\nport = 0\n[server.monitor]\ninterval_hours = -1\n"
    with pytest.raises(InputError) as caught:
        parse(text, source="x.toml", base=tmp_path, env={})
    assert len(caught.value.problems) == 2
