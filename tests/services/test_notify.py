"""Notifications: e-mail to a local aiosmtpd server, a signed webhook on 127.0.0.1, sent once
per key and channel, failures recorded and retried; SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from tests.services.notify_servers import smtp_server, webhook_server
from tests.storage.conftest import db_url  # noqa: F401 - the parametrised database fixture

from medsec.project.server_settings import NotifySettings
from medsec.services import notify
from medsec.services.notify import Notification, NotifyError, WebhookChannel
from medsec.storage.store import AdvisoryStore

KEV = Notification(
    key="kev:GHSA-xxxx@pkg:pypi/jinja2@2.0@pump",
    subject="New KEV finding in pump v1",
    text="jinja2 2.0: CVE-2024-0001 is on CISA's KEV list",
    data={"repository": "pump", "versions": ["v1"], "finding": "GHSA-xxxx@pkg:pypi/jinja2@2.0"},
)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:  # noqa: F811 - the fixture imported above
    with AdvisoryStore.open(db_url) as store:
        yield store.engine


def test_email_via_local_smtp_server(engine: Engine) -> None:
    with smtp_server() as (port, inbox):
        settings = NotifySettings(
            smtp_host="127.0.0.1",
            smtp_port=port,
            mail_from="medsec@example.com",
            mail_to=("qa@example.com", "psirt@example.com"),
        )
        outcomes = notify.deliver(engine, notify.channels(settings), [KEV])
        again = notify.deliver(engine, notify.channels(settings), [KEV])
    assert [o.status for o in outcomes] == ["sent"]
    assert [o.status for o in again] == ["already sent"]
    assert len(inbox) == 1
    recipients, message = inbox[0]
    assert recipients == ["qa@example.com", "psirt@example.com"]
    assert message["Subject"] == KEV.subject
    assert message["X-Medsec-Key"] == KEV.key
    assert "CISA's KEV list" in message.get_payload()
    assert notify.status(engine, KEV.key) == {"email": "sent"}


def test_unreachable_smtp_server_is_recorded(engine: Engine) -> None:
    with smtp_server() as (port, _inbox):
        pass  # stopped: nothing listens on the port any more
    settings = NotifySettings(
        smtp_host="127.0.0.1", smtp_port=port, mail_from="m@example.com", mail_to=("q@example.com",)
    )
    [outcome] = notify.deliver(engine, notify.channels(settings), [KEV])
    assert outcome.failed
    assert f"SMTP 127.0.0.1:{port}" in outcome.status
    assert notify.unsent(engine) == {KEV.key: ["email"]}


def test_signed_webhook_exactly_once(engine: Engine) -> None:
    with webhook_server() as hook:
        channel = WebhookChannel(hook.url, "s3cret", backoff=0.01)
        first = notify.deliver(engine, [channel], [KEV])
        second = notify.deliver(engine, [channel], [KEV])
    assert [d.status for d in first + second] == ["sent", "already sent"]
    assert len(hook.requests) == 1
    headers, body = hook.requests[0]
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["x-medsec-signature"] == f"sha256={expected}"
    assert headers["content-type"] == "application/json"
    doc = json.loads(body)
    assert doc == {
        "key": KEV.key,
        "subject": KEV.subject,
        "text": KEV.text,
        "data": {"repository": "pump", "versions": ["v1"], "finding": KEV.data["finding"]},
    }


def test_webhook_retries_within_a_send(engine: Engine) -> None:
    waits: list[float] = []
    with webhook_server() as hook:
        hook.fail_next = 2
        channel = WebhookChannel(hook.url, attempts=3, backoff=0.5, sleep=waits.append)
        [outcome] = notify.deliver(engine, [channel], [KEV])
    assert outcome.status == "sent"
    assert [h["x-test-status"] for h, _ in hook.requests] == ["500", "500", "200"]
    assert waits == [0.5, 1.0]
    assert "x-medsec-signature" not in hook.requests[0][0]  # no secret, no signature


def test_failing_webhook_is_recorded_and_retried_next_run(engine: Engine) -> None:
    with webhook_server() as hook:
        hook.fail_next = 3
        channel = WebhookChannel(hook.url, attempts=3, sleep=lambda _s: None)
        [failed] = notify.deliver(engine, [channel], [KEV])
        assert failed.failed
        assert failed.status == f"failed: webhook {hook.url}: HTTP 500"
        assert notify.status(engine, KEV.key) == {"webhook": failed.status}
        assert notify.unsent(engine, [KEV.key, "other"]) == {KEV.key: ["webhook"]}
        [retried] = notify.deliver(engine, [channel], [KEV])
    assert retried.status == "sent"
    assert len(hook.bodies) == 1
    assert notify.unsent(engine) == {}


def test_client_error_is_not_retried() -> None:
    calls: list[float] = []
    channel = WebhookChannel("http://127.0.0.1:9/none", attempts=3, sleep=calls.append)
    with pytest.raises(NotifyError, match=r"webhook http://127\.0\.0\.1:9/none: ConnectError"):
        channel.send(KEV)
    assert calls == [1.0, 2.0]  # connection refused: retried


def test_channels_from_settings() -> None:
    assert notify.channels(NotifySettings()) == []
    both = notify.channels(
        NotifySettings(
            smtp_host="127.0.0.1",
            mail_from="m@example.com",
            mail_to=("q@example.com",),
            webhook_url="http://127.0.0.1:1/x",
        )
    )
    assert [c.name for c in both] == ["email", "webhook"]
    with pytest.raises(NotifyError, match="e-mail is not configured"):
        notify.EmailChannel(NotifySettings(smtp_host="x"))


def test_bad_key_is_refused(engine: Engine) -> None:
    with pytest.raises(NotifyError, match="key must be 1 to 600"):
        notify.deliver(
            engine, [WebhookChannel("http://127.0.0.1:9/")], [Notification("", "s", "t")]
        )
