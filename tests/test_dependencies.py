"""Every third-party module src/ imports is a declared runtime dependency (not a dev-only one)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "medsec"
PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imports() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if path.name.startswith("test_"):  # rule tests live beside their rules; pytest is dev-only
            continue
        tree = ast.parse(path.read_text("utf-8"))
        fallbacks = {  # imports in 'except ImportError:' are optional fall-backs
            id(n) for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) for n in ast.walk(h)
        }
        for node in ast.walk(tree):
            if id(node) in fallbacks:
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(SRC)))
    return found


def test_third_party_imports_are_runtime_dependencies() -> None:
    deps = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    declared = {_norm(re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0]) for d in deps}
    dists = packages_distributions()
    missing = []
    for module, where in sorted(_imports().items()):
        if module in sys.stdlib_module_names or module in {"medsec", "__future__"}:
            continue
        owners = {_norm(d) for d in dists.get(module, [])}
        if not owners & declared:
            missing.append(
                f"{module} (imported in {where}; distributions: {sorted(owners) or '?'})"
            )
    assert not missing, "not declared in [project] dependencies: " + "; ".join(missing)
