"""Gate: no function or method in src/ longer than the limit (default 60 lines).

Tests and Alembic migrations (declarations of a schema) are not counted.
Counted from the ``def`` line to the function's last line, decorators and docstring included,
nested functions counted within their parent. Prints every offender with file:line and length
and exits 1 when there is one; prints the longest function otherwise.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LIMIT = 60


def functions(path: Path) -> list[tuple[int, int, str]]:
    """(first line, length, qualified name) of every function in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                end = child.end_lineno or child.lineno
                found.append((child.lineno, end - child.lineno + 1, prefix + child.name))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def main(argv: list[str]) -> int:
    """Check every Python file under the given folders (default: src)."""
    roots = [Path(a) for a in argv] or [Path("src")]
    offenders, longest = [], (0, "")
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if path.name.startswith("test_") or "migrations/versions" in path.as_posix():
                continue  # tests; Alembic migrations are schema declarations, not logic
            for line, length, name in functions(path):
                longest = max(longest, (length, f"{path}:{line} {name}"))
                if length > LIMIT:
                    offenders.append(f"{path}:{line}: {name} is {length} lines (limit {LIMIT})")
    for o in offenders:
        print(o)
    if offenders:
        return 1
    print(f"function size: ok, longest {longest[0]} lines ({longest[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
