"""Downloads against a local server: retries, resume, conditional requests, checksums."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.sources.advisories.feed_server import FeedServer, Route, serve

from medsec.domain.errors import SourceUnavailableError
from medsec.sources.advisories.download import Downloader, HttpSettings, Validators


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serve() as server:
        yield server


BODY = bytes(range(256)) * 4096  # 1 MiB


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def downloader(waits: list[float]) -> Downloader:
    return Downloader(HttpSettings(retries=3, backoff=0.5, timeout=10), sleep=waits.append)


def test_plain_download_with_progress(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    feed_server.routes["/all.zip"] = Route(BODY)
    seen: list[tuple[int, int | None]] = []
    fetched = downloader.fetch(
        feed_server.url("/all.zip"), tmp_path / "all.zip", progress=lambda d, t: seen.append((d, t))
    )
    assert fetched.path is not None and fetched.path.read_bytes() == BODY
    assert fetched.validators.etag == '"v1"' and fetched.size == len(BODY)
    assert seen[-1] == (len(BODY), len(BODY))
    assert not (tmp_path / "all.zip.part").exists()


def test_server_errors_are_retried_with_backoff(
    feed_server: FeedServer, downloader: Downloader, waits: list[float], tmp_path: Path
) -> None:
    feed_server.routes["/kev.json"] = Route(BODY, fail_first=2)
    fetched = downloader.fetch(feed_server.url("/kev.json"), tmp_path / "kev.json")
    assert fetched.path is not None and fetched.path.read_bytes() == BODY
    assert waits == [0.5, 1.0]


def test_a_cut_transfer_resumes_with_range(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    feed_server.routes["/all.zip"] = Route(BODY, truncate_first=1)
    fetched = downloader.fetch(feed_server.url("/all.zip"), tmp_path / "all.zip")
    assert fetched.path is not None and fetched.path.read_bytes() == BODY
    first, second = feed_server.requests_to("/all.zip")
    assert "Range" not in first.headers
    assert second.headers["Range"] == f"bytes={len(BODY) // 2}-"
    assert second.headers["If-Range"] == '"v1"'


def test_a_server_ignoring_range_restarts_cleanly(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    feed_server.routes["/all.zip"] = Route(BODY, truncate_first=1, honour_range=False)
    fetched = downloader.fetch(feed_server.url("/all.zip"), tmp_path / "all.zip")
    assert fetched.path is not None and fetched.path.read_bytes() == BODY


def test_etag_means_nothing_to_download(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    feed_server.routes["/epss.csv.gz"] = Route(BODY, etag='"abc"')
    fetched = downloader.fetch(
        feed_server.url("/epss.csv.gz"), tmp_path / "e.gz", validators=Validators(etag='"abc"')
    )
    assert fetched.not_modified and not (tmp_path / "e.gz").exists()
    assert feed_server.seen[0].headers["If-None-Match"] == '"abc"'
    assert Validators.from_json(Validators('"abc"', "Mon").to_json()) == Validators('"abc"', "Mon")


def test_checksum_mismatch_is_retried_then_reported(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    feed_server.routes["/f.gz"] = Route(BODY, corrupt=True)
    good = hashlib.sha256(BODY).hexdigest()
    with pytest.raises(SourceUnavailableError, match="sha256"):
        downloader.fetch(feed_server.url("/f.gz"), tmp_path / "f.gz", sha256=good)
    assert len(feed_server.requests_to("/f.gz")) == 2
    assert not (tmp_path / "f.gz").exists()


def test_persistent_failure_names_the_url_and_the_offline_way(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    feed_server.routes["/down"] = Route(BODY, fail_first=99)
    url = feed_server.url("/down")
    with pytest.raises(SourceUnavailableError) as caught:
        downloader.fetch(url, tmp_path / "x")
    assert url in str(caught.value) and "medsec db import" in str(caught.value)
    assert len(feed_server.requests_to("/down")) == 4


def test_client_errors_are_not_retried(
    feed_server: FeedServer, downloader: Downloader, tmp_path: Path
) -> None:
    with pytest.raises(SourceUnavailableError, match="HTTP 404"):
        downloader.fetch(feed_server.url("/missing"), tmp_path / "x")
    assert len(feed_server.seen) == 1


def test_connection_refused(downloader: Downloader, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SourceUnavailableError, match=f"127.0.0.1:{port}"):
        downloader.fetch(f"http://127.0.0.1:{port}/all.zip", tmp_path / "x")


def test_get_retries_a_cut_response(feed_server: FeedServer, downloader: Downloader) -> None:
    feed_server.routes["/api"] = Route(b'{"vulnerabilities": []}', truncate_first=1)
    assert (
        downloader.get(feed_server.url("/api"), params={"startIndex": 0})
        == b'{"vulnerabilities": []}'
    )
    assert feed_server.seen[0].query == {"startIndex": "0"}
