"""Issue 12, the readers' half: each numbered defect found by attacking medsec's inputs, as a
regression test through the command line (exit 3 and a located message, never a traceback,
a hang, or memory growing without bound).

1, 2: recursion bombs in OSV YAML records; 3: unbounded reads (/dev/zero, symbolic links to
it, FIFOs); 4: a gzip bomb; 5: an encrypted zip. Defects 6, 7, 10, 13 and 14 are tested
beside their readers and exporters (test_sbom_readers, test_sbom_export, ...).
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import sys
import tracemalloc
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.conftest import EXAMPLE
from tests.storage.builders import osv_json, osv_zip

from medsec.cli.main import main

INPUT_ERROR = 3
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@contextmanager
def finishes_within(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: the old readers blocked forever on a FIFO."""
    if sys.platform == "win32":  # pragma: no cover - no SIGALRM
        yield
        return

    def hung(*_: object) -> None:
        raise AssertionError(f"still reading after {seconds} s: the reader hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def medsec(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run medsec in-process within 10 s and under 200 MB of Python allocations."""
    tracemalloc.start()
    try:
        with finishes_within(10):
            code = main(list(args))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024, f"{peak:,} bytes allocated: the read is not bounded"
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


@pytest.fixture
def db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty database of the test's own."""
    path = tmp_path / "vulns.sqlite"
    monkeypatch.setenv("MEDSEC_DB", str(path))
    monkeypatch.setenv("MEDSEC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CI", "true")
    return path


@pytest.fixture
def zero_link(tmp_path: Path) -> Path:
    """A file name ending like an SBOM that is a symbolic link to /dev/zero."""
    link = tmp_path / "bom.cdx.json"
    link.symlink_to("/dev/zero")
    return link


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A FIFO nobody writes to: opening it for reading blocks until a writer comes."""
    path = tmp_path / "bom.cdx.json"
    os.mkfifo(path)
    return path


# --- 3. unbounded reads and hangs ------------------------------------------------------------


@needs_dev_zero
@pytest.mark.parametrize(
    "command",
    [
        ("sbom", "ls", "{input}"),
        ("sbom", "diff", "{input}", str(EXAMPLE / "sbom" / "clinician-app.cdx.json")),
        ("sbom", "diff", str(EXAMPLE / "sbom" / "clinician-app.cdx.json"), "{input}"),
        ("scan", "--sbom", "{input}", "--offline"),
        ("vex", "import", "{input}", str(EXAMPLE)),
        ("db", "import", "{input}"),
    ],
    ids=["sbom-ls", "sbom-diff-old", "sbom-diff-new", "scan-sbom", "vex-import", "db-import"],
)
@pytest.mark.parametrize("kind", ["dev-zero", "symlink-to-dev-zero"])
def test_a_device_is_refused_not_read_forever(
    command: tuple[str, ...],
    kind: str,
    zero_link: Path,
    db_env: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = "/dev/zero" if kind == "dev-zero" else str(zero_link)
    code, err = medsec(capsys, *(part.format(input=target) for part in command))
    assert code == INPUT_ERROR, err
    assert "not a regular file" in err and target in err


@needs_fifo
@pytest.mark.parametrize(
    "command",
    [
        ("sbom", "ls", "{input}"),
        ("vex", "import", "{input}", str(EXAMPLE)),
        ("db", "import", "{input}"),
    ],
    ids=["sbom-ls", "vex-import", "db-import"],
)
def test_a_fifo_is_refused_not_waited_on(
    command: tuple[str, ...], fifo: Path, db_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = medsec(capsys, *(part.format(input=fifo) for part in command))
    assert code == INPUT_ERROR and "FIFO" in err, err


@needs_fifo
def test_a_fifo_inside_an_imported_folder_does_not_hang(
    tmp_path: Path, db_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "osv"
    folder.mkdir()
    (folder / "GHSA-1.json").write_bytes(osv_json("GHSA-1", "PyPI", "django"))
    os.mkfifo(folder / "GHSA-2.json")
    code, err = medsec(capsys, "db", "import", str(folder))
    assert code == INPUT_ERROR and "GHSA-2.json: is a FIFO" in err, err


# --- 4. a gzip bomb ------------------------------------------------------------------------


def test_gzip_bomb_stops_after_a_few_megabytes(
    tmp_path: Path, db_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "nvdcve-2.0-2024.json.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:  # 256 MiB of spaces in 250 KB
        out.write(b'{"format": "NVD_CVE", "vulnerabilities": [')
        block = b" " * (16 * 1024 * 1024)
        for _ in range(16):
            out.write(block)
    assert bomb.stat().st_size < 1024 * 1024
    code, err = medsec(capsys, "db", "import", str(bomb))
    assert code == INPUT_ERROR, err
    assert str(bomb) in err and "compression ratio over 200:1" in err


# --- 5. an encrypted zip -------------------------------------------------------------------


def _encrypted(path: Path) -> Path:
    """An OSV zip whose entries say they are encrypted (flag bit 0, in both headers)."""
    data = bytearray(osv_zip({"GHSA-1.json": osv_json("GHSA-1", "PyPI", "django")}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x01
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:  # the fixture is what it claims to be
        assert archive.infolist()[0].flag_bits & 0x1
    return path


def test_encrypted_zip_is_an_input_error(
    tmp_path: Path, db_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = medsec(capsys, "db", "import", str(_encrypted(tmp_path / "all.zip")))
    assert code == INPUT_ERROR, err
    assert "GHSA-1.json: entry is encrypted" in err


# --- 1 and 2. recursion bombs in OSV YAML records ------------------------------------------


def _record_folder(tmp_path: Path, bomb: bytes) -> Path:
    folder = tmp_path / "pypa"
    folder.mkdir()
    (folder / "PYSEC-1.yaml").write_bytes(
        b"id: PYSEC-1\nmodified: '2024-01-01T00:00:00Z'\naffected:\n"
        b"- package: {ecosystem: PyPI, name: django}\n"
        b"  ranges: [{type: ECOSYSTEM, events: [{introduced: '0'}, {fixed: '4.2'}]}]\n"
    )
    (folder / "PYSEC-2.yaml").write_bytes(bomb)
    return folder


BOMBS = {
    "segfault-30000-open": b"id: PYSEC-2\nx: " + b"[" * 30_000,  # defect 1: libyaml overflows
    "recursion-628-bytes": b"id: PYSEC-2\nx: " + b"[" * 306 + b"]" * 306,  # defect 2
    "block-sequences": b"id: PYSEC-2\nx:\n" + b"- " * 30_000 + b"x\n",
}


@pytest.mark.parametrize("bomb", BOMBS.values(), ids=BOMBS.keys())
def test_osv_yaml_recursion_bomb_is_one_invalid_record(
    bomb: bytes, tmp_path: Path, db_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _record_folder(tmp_path, bomb)
    code, err = medsec(capsys, "db", "import", str(folder))
    assert code == INPUT_ERROR, err
    assert re.search(r"PYSEC-2\.yaml:\d: nested deeper than 64 levels", err), err
    assert "nothing was imported" in err
    code, err = medsec(capsys, "db", "import", str(folder), "--skip-invalid")
    assert code == 0, err
    assert re.search(r"PYSEC-2\.yaml:\d: nested deeper than 64 levels", err), err  # named
    assert "imported 1 records" in err


def test_osv_json_nested_past_orjson_limit_is_a_located_error(
    tmp_path: Path, db_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "GHSA-2.json"
    record.write_bytes(b'{"id": "GHSA-2", "x": ' + b"[" * 2000 + b"]" * 2000 + b"}")
    code, err = medsec(capsys, "db", "import", str(record))
    assert code == INPUT_ERROR and "depth limit exceeded" in err, err
