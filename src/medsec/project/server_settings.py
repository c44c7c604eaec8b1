"""The team server's settings: the ``[server]`` table of the nearest ``.medsec.toml`` + environment.

``medsec serve`` and ``medsec monitor`` read them; secrets may stay out of the file (and out of
git) in environment variables, which win over the file::

    # .medsec.toml
    [server]
    host = "127.0.0.1"
    port = 8000
    base_url = "https://medsec.example.com"   # what browsers see (behind a TLS proxy)
    state_dir = "/srv/medsec/state"            # caches; default: <user data dir>/medsec/server
    # secure = true                            # Secure cookies; false only for http://127.0.0.1

    [server.oidc]
    issuer = "https://login.example.com/realms/med"
    client_id = "medsec"
    role_claim = "groups"                      # client_secret: env MEDSEC_OIDC_CLIENT_SECRET
    role_map = { "qa-approvers" = "approver", "dev" = "engineer" }

    [server.notify]
    smtp_host = "mail.example.com"             # smtp_password: env MEDSEC_SMTP_PASSWORD
    smtp_port = 587
    smtp_starttls = true
    smtp_user = "medsec"
    mail_from = "medsec@example.com"
    mail_to = ["security@example.com"]
    webhook_url = "https://chat.example.com/hooks/abc"  # webhook_secret: env MEDSEC_WEBHOOK_SECRET
    deadline_days = 14

    [server.monitor]
    interval_hours = 24
    update_feeds = true

Every problem names the file, the key and what to do, and all of them are reported at once.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from medsec.domain.errors import Diagnostic, InputError
from medsec.domain.identity import Role
from medsec.project import settings as project_settings
from medsec.project.suggest import did_you_mean, one_of
from medsec.untrusted.files import read_input

ENV_HOST = "MEDSEC_SERVER_HOST"
ENV_PORT = "MEDSEC_SERVER_PORT"
ENV_STATE_DIR = "MEDSEC_SERVER_STATE_DIR"
ENV_BASE_URL = "MEDSEC_SERVER_BASE_URL"
ENV_OIDC_SECRET = "MEDSEC_OIDC_CLIENT_SECRET"  # noqa: S105 - the variable's name, not a secret
ENV_SMTP_PASSWORD = "MEDSEC_SMTP_PASSWORD"  # noqa: S105 - the variable's name
ENV_WEBHOOK_SECRET = "MEDSEC_WEBHOOK_SECRET"  # noqa: S105 - the variable's name

SERVER_KEYS = ("host", "port", "state_dir", "base_url", "secure", "oidc", "notify", "monitor")
OIDC_KEYS = ("issuer", "client_id", "client_secret", "role_claim", "role_map", "default_role")
NOTIFY_KEYS = (
    "smtp_host",
    "smtp_port",
    "smtp_starttls",
    "smtp_user",
    "smtp_password",
    "mail_from",
    "mail_to",
    "webhook_url",
    "webhook_secret",
    "deadline_days",
)
MONITOR_KEYS = ("interval_hours", "update_feeds")
LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class OidcSettings:
    """Single sign-on: the issuer (discovery at ``/.well-known/openid-configuration``), the
    client, and how a claim's values map to roles (unmapped: ``default_role``)."""

    issuer: str
    client_id: str
    client_secret: str | None = None
    role_claim: str | None = None
    role_map: Mapping[str, Role] = field(default_factory=dict)
    default_role: Role = Role.VIEWER


@dataclass(frozen=True)
class NotifySettings:
    """Where notifications go: SMTP e-mail and/or a generic webhook; none of them by default."""

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str | None = None
    mail_to: tuple[str, ...] = ()
    webhook_url: str | None = None
    webhook_secret: str | None = None
    deadline_days: int = 14

    @property
    def email(self) -> bool:
        """Whether e-mail notifications are configured."""
        return bool(self.smtp_host and self.mail_to)

    @property
    def webhook(self) -> bool:
        """Whether webhook notifications are configured."""
        return bool(self.webhook_url)


@dataclass(frozen=True)
class MonitorSettings:
    """Continuous monitoring: how often ``serve``'s scheduler runs it, and whether it first
    updates the vulnerability database from the feeds (``monitor --offline`` never does)."""

    interval_hours: float = 24.0
    update_feeds: bool = False


@dataclass(frozen=True)
class ServerSettings:
    """Everything ``medsec serve`` / ``medsec monitor`` need to know about this installation."""

    state_dir: Path
    path: Path | None = None  # the .medsec.toml read, None when there is none
    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str | None = None
    secure: bool = True  # session cookie Secure flag and HSTS
    oidc: OidcSettings | None = None
    notify: NotifySettings = field(default_factory=NotifySettings)
    monitor: MonitorSettings = field(default_factory=MonitorSettings)


def default_state_dir(env: Mapping[str, str] | None = None) -> Path:
    """``<user data dir>/medsec/server`` (``XDG_DATA_HOME`` honoured, like the database)."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path(platformdirs.user_data_dir(appauthor=False))
    return base / "medsec" / "server"


def load(start: Path, env: Mapping[str, str] | None = None) -> ServerSettings:
    """The settings for the folder ``start``: the nearest ``.medsec.toml``, then environment."""
    path = project_settings.find(start)
    if path is None:
        return parse(b"", source="(no .medsec.toml)", base=start.absolute(), env=env, path=None)
    shown = str(path)
    data = read_input(
        path, max_bytes=project_settings.MAX_BYTES, display=shown, what="settings files"
    )
    return parse(data, source=shown, base=path.parent, env=env, path=path)


def parse(
    data: bytes,
    *,
    source: str,
    base: Path,
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> ServerSettings:
    """Read the ``[server]`` table of ``.medsec.toml`` text; every problem reported at once."""
    env = os.environ if env is None else env
    project_settings.parse(data, source=source, base=base)  # top-level keys, TOML, UTF-8
    top = tomllib.loads(data.decode("utf-8")) if data else {}
    reader = _Reader(source, env)
    server = reader.table(top, "server", SERVER_KEYS)
    state = reader.text(server, "server.state_dir", env_name=ENV_STATE_DIR)
    host = reader.text(server, "server.host", env_name=ENV_HOST) or "127.0.0.1"
    port = reader.integer(server, "server.port", 1, 65535, env_name=ENV_PORT, example=8000)
    base_url = reader.url(server, "server.base_url", env_name=ENV_BASE_URL)
    secure = _secure(reader, server, host, base_url)
    settings = ServerSettings(
        state_dir=_state_dir(state, base, env),
        path=path,
        host=host,
        port=8000 if port is None else port,
        base_url=base_url,
        secure=secure,
        oidc=_oidc(reader, server),
        notify=_notify(reader, server),
        monitor=_monitor(reader, server),
    )
    if reader.problems:
        raise InputError(reader.problems)
    return settings


def _state_dir(value: str | None, base: Path, env: Mapping[str, str]) -> Path:
    """The state folder: given (relative to the settings file's folder) or the default."""
    if not value:
        return default_state_dir(env)
    given = Path(value).expanduser()
    return given if given.is_absolute() else (base / given).absolute()


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _secure(reader: _Reader, server: Mapping[str, Any], host: str, base_url: str | None) -> bool:
    """Secure cookies: true unless the server is plain http on the loopback address only."""
    plain_local = (
        urlsplit(base_url).scheme == "http" and is_loopback(urlsplit(base_url).hostname or "")
        if base_url
        else is_loopback(host)
    )
    given = reader.boolean(server, "server.secure")
    if given is None:
        return not plain_local
    if not given and not plain_local:
        reader.problem(
            "server.secure",
            "may be false only for a server on http://127.0.0.1 (cookies would travel in clear)",
            'serve over https (a TLS reverse proxy) and set base_url = "https://…", '
            "or remove 'secure = false'",
        )
    return given


def _oidc(reader: _Reader, server: Mapping[str, Any]) -> OidcSettings | None:
    """``[server.oidc]``, or None when single sign-on is not configured."""
    if "oidc" not in server:
        return None
    table = reader.table(server, "server.oidc", OIDC_KEYS)
    issuer = reader.url(table, "server.oidc.issuer")
    client_id = reader.text(table, "server.oidc.client_id")
    for key, value in (("issuer", issuer), ("client_id", client_id)):
        if value is None and key not in table:
            reader.problem(f"server.oidc.{key}", "is missing", f'add {key} = "…" to [server.oidc]')
    if (
        issuer
        and urlsplit(issuer).scheme != "https"
        and not is_loopback(urlsplit(issuer).hostname or "")
    ):
        reader.problem(
            "server.oidc.issuer", "must be an https:// URL", "use the issuer's https URL"
        )
    role_map = reader.role_map(table, "server.oidc.role_map")
    default = reader.role(table, "server.oidc.default_role") or Role.VIEWER
    return OidcSettings(
        issuer=issuer or "",
        client_id=client_id or "",
        client_secret=reader.text(table, "server.oidc.client_secret", env_name=ENV_OIDC_SECRET),
        role_claim=reader.text(table, "server.oidc.role_claim"),
        role_map=role_map,
        default_role=default,
    )


def _notify(reader: _Reader, server: Mapping[str, Any]) -> NotifySettings:
    """``[server.notify]``: e-mail and webhook; an incomplete e-mail set-up is an error."""
    table = reader.table(server, "server.notify", NOTIFY_KEYS)
    host = reader.text(table, "server.notify.smtp_host")
    starttls = bool(reader.boolean(table, "server.notify.smtp_starttls"))
    port = reader.integer(table, "server.notify.smtp_port", 1, 65535, example=587)
    user = reader.text(table, "server.notify.smtp_user")
    password = reader.text(table, "server.notify.smtp_password", env_name=ENV_SMTP_PASSWORD)
    mail_from = reader.text(table, "server.notify.mail_from")
    mail_to = reader.texts(table, "server.notify.mail_to")
    if host and not (mail_from and mail_to):
        reader.problem(
            "server.notify.smtp_host",
            "e-mail needs mail_from and mail_to too",
            'add mail_from = "medsec@…" and mail_to = ["team@…"] to [server.notify]',
        )
    if host and user and not starttls and not is_loopback(host):
        reader.problem(
            "server.notify.smtp_user",
            "would send the SMTP password in clear",
            "set smtp_starttls = true",
        )
    days = reader.integer(table, "server.notify.deadline_days", 0, 3650)
    return NotifySettings(
        smtp_host=host,
        smtp_port=port if port is not None else (587 if starttls else 25),
        smtp_starttls=starttls,
        smtp_user=user,
        smtp_password=password,
        mail_from=mail_from,
        mail_to=mail_to,
        webhook_url=reader.url(table, "server.notify.webhook_url"),
        webhook_secret=reader.text(
            table, "server.notify.webhook_secret", env_name=ENV_WEBHOOK_SECRET
        ),
        deadline_days=14 if days is None else days,
    )


def _monitor(reader: _Reader, server: Mapping[str, Any]) -> MonitorSettings:
    """``[server.monitor]``: the interval of the scheduler and whether feeds are updated."""
    table = reader.table(server, "server.monitor", MONITOR_KEYS)
    hours = reader.number(table, "server.monitor.interval_hours")
    update = reader.boolean(table, "server.monitor.update_feeds")
    return MonitorSettings(
        interval_hours=24.0 if hours is None else hours, update_feeds=bool(update)
    )


class _Reader:
    """Typed values out of TOML tables, collecting a located problem for each bad one."""

    def __init__(self, source: str, env: Mapping[str, str]) -> None:
        """Read from the file ``source``; environment variables from ``env``."""
        self.source = source
        self.env = env
        self.problems: list[Diagnostic] = []

    def problem(self, key: str, message: str, hint: str) -> None:
        """Record a problem with ``key`` (a dotted name such as ``server.notify.smtp_port``)."""
        self.problems.append(Diagnostic(self.source, message, field=key, hint=hint))

    def table(
        self, parent: Mapping[str, Any], dotted: str, keys: tuple[str, ...]
    ) -> dict[str, Any]:
        """The sub-table ``dotted`` (its last part in ``parent``); unknown keys are problems."""
        name = dotted.rsplit(".", 1)[-1]
        value = parent.get(name, {})
        if not isinstance(value, dict):
            self.problem(dotted, "must be a table", f"write it as a [{dotted}] section")
            return {}
        for key in value:
            if key not in keys:
                hint = did_you_mean(key, keys) or one_of(keys)
                self.problem(f"{dotted}.{key}", f"unknown key '{key}'", hint)
        return value

    def _raw(self, table: Mapping[str, Any], dotted: str, env_name: str | None) -> tuple[Any, str]:
        """The value (environment first) and where it came from, for messages."""
        if env_name and self.env.get(env_name):
            return self.env[env_name], env_name
        return table.get(dotted.rsplit(".", 1)[-1]), dotted

    def _env_problem(self, where: str, message: str, hint: str) -> None:
        """A bad value from the environment or the file, named as the user wrote it."""
        if where.isupper():
            self.problems.append(Diagnostic(f"environment {where}", message, hint=hint))
        else:
            self.problem(where, message, hint)

    def text(
        self, table: Mapping[str, Any], dotted: str, env_name: str | None = None
    ) -> str | None:
        """A non-empty text, or None when absent."""
        value, where = self._raw(table, dotted, env_name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self._env_problem(where, "must be a non-empty text", 'write key = "value"')
            return None
        return value.strip()

    def texts(self, table: Mapping[str, Any], dotted: str) -> tuple[str, ...]:
        """A list of non-empty texts (a single text is taken as a list of one)."""
        value = table.get(dotted.rsplit(".", 1)[-1])
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            self.problem(dotted, "must be a list of texts", 'write key = ["a@example.com"]')
            return ()
        return tuple(i.strip() for i in items)

    def integer(
        self,
        table: Mapping[str, Any],
        dotted: str,
        low: int,
        high: int,
        env_name: str | None = None,
        example: int = 14,
    ) -> int | None:
        """A whole number in ``low..high``, or None when absent."""
        value, where = self._raw(table, dotted, env_name)
        if value is None:
            return None
        if isinstance(value, str) and where.isupper() and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self._env_problem(
                where, f"must be a whole number from {low} to {high}", f"e.g. {example}"
            )
            return None
        return value

    def number(self, table: Mapping[str, Any], dotted: str) -> float | None:
        """A positive number, or None when absent."""
        value = table.get(dotted.rsplit(".", 1)[-1])
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            self.problem(dotted, "must be a positive number", "e.g. 24")
            return None
        return float(value)

    def boolean(self, table: Mapping[str, Any], dotted: str) -> bool | None:
        """``true``/``false``, or None when absent."""
        value = table.get(dotted.rsplit(".", 1)[-1])
        if value is None or isinstance(value, bool):
            return value
        self.problem(dotted, "must be true or false", "write key = true (no quotes)")
        return None

    def url(self, table: Mapping[str, Any], dotted: str, env_name: str | None = None) -> str | None:
        """An http(s) URL with a host, or None when absent."""
        value = self.text(table, dotted, env_name)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            where = env_name if env_name and self.env.get(env_name) else dotted
            self._env_problem(where, f"'{value}' is not an http(s) URL", 'e.g. "https://host/path"')
            return None
        return value.rstrip("/") if dotted.endswith("base_url") else value

    def role(self, table: Mapping[str, Any], dotted: str) -> Role | None:
        """A role name, or None when absent."""
        value = self.text(table, dotted)
        if value is None:
            return None
        try:
            return Role(value)
        except ValueError:
            self.problem(dotted, f"unknown role '{value}'", one_of(r.value for r in Role))
            return None

    def role_map(self, table: Mapping[str, Any], dotted: str) -> dict[str, Role]:
        """A table of claim value -> role name."""
        value = table.get("role_map", {})
        if not isinstance(value, dict):
            self.problem(dotted, "must be a table", 'e.g. role_map = { "qa" = "approver" }')
            return {}
        found: dict[str, Role] = {}
        for claim, name in value.items():
            try:
                found[claim] = Role(name)
            except ValueError:
                hint = one_of(r.value for r in Role)
                self.problem(f"{dotted}.{claim}", f"unknown role '{name}'", hint)
        return found
