"""The one bounded reader: regular files only unless streams are asked for; the limit holds
while reading, whatever ``st_size`` says."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.untrusted.files import open_input, read_input


def refusal(path: Path, **options: object) -> str:
    with pytest.raises(InputError) as caught:
        read_input(path, max_bytes=options.pop("max_bytes", 1000), **options)  # type: ignore[arg-type]
    return caught.value.diagnostics()


def test_reads_a_regular_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 5000)
    assert read_input(path, max_bytes=5000) == b"x" * 5000
    (tmp_path / "empty").write_bytes(b"")
    assert read_input(tmp_path / "empty", max_bytes=10) == b""


def test_size_limit_names_the_file_the_limit_and_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 1001)
    message = refusal(path, what="SBOM files", hint="raise it")
    assert message == (
        f"{path}: file is 1,001 bytes, over the 1,000-byte limit for SBOM files (raise it)"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_and_with_streams_read_only_to_the_limit() -> None:
    assert "is a character device, not a regular file" in refusal(Path("/dev/zero"))
    message = refusal(Path("/dev/zero"), streams=True, max_bytes=3 * 1024 * 1024)
    assert "more than 3,145,728 bytes" in message


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_a_file_whose_size_lies_is_read_by_its_content() -> None:
    path = Path("/proc/self/status")
    assert path.stat().st_size == 0
    assert b"Name:" in read_input(path, max_bytes=1024 * 1024)
    assert "more than 10 bytes" in refusal(path, max_bytes=10)


def test_a_symbolic_link_is_judged_by_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(target)
    assert read_input(tmp_path / "link.json", max_bytes=10) == b"{}"
    (tmp_path / "folder-link").symlink_to(tmp_path)
    assert "is a folder, not a file" in refusal(tmp_path / "folder-link")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    assert "file not found" in refusal(tmp_path / "dangling")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "is a FIFO (named pipe), not a regular file" in refusal(fifo)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_is_read_when_streams_are_asked_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("wb") as out:
            out.write(b"streamed")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_input(fifo, max_bytes=100, streams=True) == b"streamed"
    finally:
        writer.join(5)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_whose_writer_already_finished_is_read(tmp_path: Path) -> None:
    # the writer connected, wrote and closed before medsec waits for it (another reader kept
    # the bytes in the pipe): reopening the FIFO to wait used to hang for a writer to come
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    keeper = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with fifo.open("wb") as out:
            out.write(b"streamed")
        result: list[bytes] = []
        reader = threading.Thread(
            target=lambda: result.append(read_input(fifo, max_bytes=100, streams=True))
        )
        reader.start()
        reader.join(10)
        if reader.is_alive():  # release it before failing: a writer comes and goes
            with fifo.open("wb"):
                pass
            reader.join(10)
            pytest.fail("read_input waited for a writer that had already finished")
        assert result == [b"streamed"]
    finally:
        os.close(keeper)


def test_os_errors_are_located_input_errors(tmp_path: Path) -> None:
    assert "file not found" in refusal(tmp_path / "missing")
    assert "is a folder" in refusal(tmp_path)
    assert "cannot read" in refusal(Path("bad\x00name"))
    locked = tmp_path / "locked"
    locked.write_bytes(b"x")
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads anything
        return
    assert "permission denied" in refusal(locked)


def test_open_input_streams_a_regular_file_and_refuses_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    path.write_bytes(b"PK\x03\x04")
    with open_input(path) as handle:
        assert handle.read(2) == b"PK"
    with pytest.raises(InputError, match="is a folder"), open_input(tmp_path):
        pass
