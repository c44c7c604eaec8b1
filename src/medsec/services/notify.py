"""Notifications of the team server: SMTP e-mail and a generic webhook, each sent once per key.

A :class:`Notification` has a stable ``key`` that says what it is about (``kev:<finding
id>@<repository>``, ``deadline:triage:<finding id>@<repository>:<date>``); table
``notifications`` keeps one row per key and channel with the outcome of the last attempt, so:

* a notification already ``sent`` on a channel is never sent there again (the monitor may
  produce it on every run);
* a failed attempt is recorded (``failed: <why>``) and sent again when the notification comes
  up on a later run (:func:`unsent` tells the monitor which keys those are): never lost
  silently;
* a row is marked ``sending`` before the attempt, so two server processes do not both send;
  a ``sending`` row older than :data:`SENDING_TIMEOUT` (a process died mid-send) counts as failed.

The webhook receives the notification as JSON (``key``, ``subject``, ``text``, ``data``) with
``X-Medsec-Signature: sha256=<hex HMAC-SHA256 of the body with the shared secret>`` when a
secret is configured; connection errors, 429 and 5xx are retried with a doubling pause.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import smtplib
import ssl
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol

import httpx
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.engine import Connection

from medsec.domain.errors import MedsecError
from medsec.project.server_settings import NotifySettings
from medsec.storage.engine import SQLITE_BEGIN
from medsec.storage.server_schema import notifications

SENT, SENDING = "sent", "sending"
SENDING_TIMEOUT = dt.timedelta(hours=1)
SIGNATURE_HEADER = "X-Medsec-Signature"
STATUS_MAX = 200  # notifications.status is String(200)
KEY_MAX = 600


class NotifyError(MedsecError):
    """A channel could not deliver a notification (the reason is recorded and retried later)."""


@dataclass(frozen=True)
class Notification:
    """Something the team should hear of: its stable key, a subject, plain text and data."""

    key: str
    subject: str
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def body(self) -> bytes:
        """The JSON the webhook receives (keys sorted: the signature is over these bytes)."""
        doc = {"key": self.key, "subject": self.subject, "text": self.text, "data": self.data}
        return json.dumps(doc, sort_keys=True, separators=(",", ":"), default=str).encode()


class Channel(Protocol):
    """A way to reach the team: ``send`` raises :class:`NotifyError` when it cannot."""

    @property
    def name(self) -> str:
        """The channel's name in table ``notifications``: ``email`` or ``webhook``."""

    def send(self, notification: Notification) -> None:
        """Deliver one notification, or raise :class:`NotifyError` saying why not."""


@dataclass(frozen=True)
class Delivery:
    """The outcome of one notification on one channel."""

    key: str
    channel: str
    status: str  # "sent", "already sent", "in progress elsewhere" or "failed: <why>"

    @property
    def failed(self) -> bool:
        """Whether this attempt failed (recorded; retried on a later run)."""
        return self.status.startswith("failed")


class EmailChannel:
    """E-mail through an SMTP server (STARTTLS and login when configured)."""

    name = "email"

    def __init__(self, settings: NotifySettings, timeout: float = 30.0) -> None:
        """Send with ``settings``' server, sender and recipients."""
        if not settings.email or not settings.mail_from:
            raise NotifyError("e-mail is not configured: set smtp_host, mail_from and mail_to")
        self.settings = settings
        self.timeout = timeout

    def send(self, notification: Notification) -> None:
        """One message to every recipient; an SMTP or connection failure is a NotifyError."""
        s = self.settings
        message = EmailMessage()
        message["Subject"] = notification.subject
        message["From"] = s.mail_from or ""
        message["To"] = ", ".join(s.mail_to)
        message["X-Medsec-Key"] = notification.key
        message.set_content(notification.text)
        try:
            with smtplib.SMTP(s.smtp_host or "", s.smtp_port, timeout=self.timeout) as smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if s.smtp_user:
                    smtp.login(s.smtp_user, s.smtp_password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise NotifyError(f"SMTP {s.smtp_host}:{s.smtp_port}: {error}") from error


class WebhookChannel:
    """A JSON POST to a URL, signed with HMAC-SHA256 when a secret is set, with retries."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        secret: str | None = None,
        *,
        attempts: int = 3,
        backoff: float = 1.0,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """POST to ``url``; ``attempts`` tries with ``backoff`` seconds doubling between them."""
        self.url = url
        self.secret = secret
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep

    def headers(self, body: bytes) -> dict[str, str]:
        """Content type, user agent and, with a secret, the signature of ``body``."""
        headers = {"Content-Type": "application/json", "User-Agent": "medsec-server"}
        if self.secret:
            digest = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            headers[SIGNATURE_HEADER] = f"sha256={digest}"
        return headers

    def send(self, notification: Notification) -> None:
        """POST until a 2xx answer; a 4xx other than 429 is not retried."""
        body = notification.body()
        headers = self.headers(body)
        why = ""
        with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
            for attempt in range(self.attempts):
                if attempt:
                    self.sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    answer = client.post(self.url, content=body, headers=headers)
                except httpx.HTTPError as error:
                    why = f"{type(error).__name__}: {error}"
                    continue
                if answer.is_success:
                    return
                why = f"HTTP {answer.status_code}"
                if answer.status_code < 500 and answer.status_code != 429:
                    break
        raise NotifyError(f"webhook {self.url}: {why}")


def channels(settings: NotifySettings) -> list[Channel]:
    """The channels ``settings`` configure (none, e-mail, webhook or both)."""
    found: list[Channel] = []
    if settings.email:
        found.append(EmailChannel(settings))
    if settings.webhook_url:
        found.append(WebhookChannel(settings.webhook_url, settings.webhook_secret))
    return found


def deliver(
    engine: Engine, targets: Sequence[Channel], items: Iterable[Notification]
) -> list[Delivery]:
    """Send each notification on each channel unless it was sent there already; every outcome
    is recorded in table ``notifications`` and returned."""
    outcomes: list[Delivery] = []
    for notification in items:
        if not notification.key or len(notification.key) > KEY_MAX:
            raise NotifyError(f"notification key must be 1 to {KEY_MAX} characters")
        for channel in targets:
            outcomes.append(_deliver_one(engine, channel, notification))
    return outcomes


def _deliver_one(engine: Engine, channel: Channel, notification: Notification) -> Delivery:
    """Claim (key, channel), send, record the outcome."""
    state = _claim(engine, notification.key, channel.name)
    if state is not None:
        return Delivery(notification.key, channel.name, state)
    try:
        channel.send(notification)
    except NotifyError as error:
        status = f"failed: {error}"[:STATUS_MAX]
    else:
        status = SENT
    _record(engine, notification.key, channel.name, status)
    return Delivery(notification.key, channel.name, status)


def _writing(engine: Engine) -> Connection:
    """A connection whose transaction takes SQLite's write lock up front."""
    return engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})


def _claim(engine: Engine, key: str, channel: str) -> str | None:
    """Mark (key, channel) as being sent now; or why not: already sent, or sending elsewhere."""
    now = dt.datetime.now(dt.UTC)
    where = (notifications.c.key == key) & (notifications.c.channel == channel)
    with _writing(engine) as conn, conn.begin():
        row = conn.execute(select(notifications).where(where).with_for_update()).first()
        if row is None:
            conn.execute(
                insert(notifications).values(key=key, channel=channel, sent_at=now, status=SENDING)
            )
            return None
        if row.status == SENT:
            return "already sent"
        sent_at = row.sent_at if row.sent_at.tzinfo else row.sent_at.replace(tzinfo=dt.UTC)
        if row.status == SENDING and now - sent_at < SENDING_TIMEOUT:
            return "in progress elsewhere"
        conn.execute(update(notifications).where(where).values(sent_at=now, status=SENDING))
    return None


def _record(engine: Engine, key: str, channel: str, status: str) -> None:
    """Store the outcome of an attempt."""
    where = (notifications.c.key == key) & (notifications.c.channel == channel)
    now = dt.datetime.now(dt.UTC)
    with _writing(engine) as conn, conn.begin():
        conn.execute(update(notifications).where(where).values(sent_at=now, status=status))


def unsent(engine: Engine, keys: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Keys with a channel whose last attempt failed (or never finished): key -> channels."""
    query = select(notifications.c.key, notifications.c.channel).where(
        notifications.c.status != SENT
    )
    wanted = None if keys is None else set(keys)
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query.order_by(notifications.c.key, notifications.c.channel)):
            if wanted is None or row.key in wanted:
                found.setdefault(row.key, []).append(row.channel)
    return found


def status(engine: Engine, key: str) -> dict[str, str]:
    """The recorded outcome per channel of one key (empty: never attempted)."""
    query = select(notifications.c.channel, notifications.c.status).where(
        notifications.c.key == key
    )
    with engine.connect() as conn:
        return {row.channel: row.status for row in conn.execute(query)}
