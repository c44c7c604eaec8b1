"""Schema upgrades: HEAD names the newest migration; an up-to-date database opens without
loading Alembic (a tenth of a second every scan would pay)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from medsec.storage import migrate
from medsec.storage.store import AdvisoryStore


def test_head_is_the_newest_migration_script() -> None:
    assert migrate.head() == migrate.HEAD


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    url = str(tmp_path / "v.sqlite")
    with AdvisoryStore.open(url) as store:  # created here: Alembic runs the migrations
        assert store.revision == migrate.HEAD
    code = (
        "import sys\n"
        "from medsec.storage.store import AdvisoryStore\n"
        f"store = AdvisoryStore.open({url!r})\n"
        "assert store.revision == %r, store.revision\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    ) % migrate.HEAD
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
