"""Rewrite the README's action table from the action declarations.

Run: .venv/bin/python scripts/update_readme_actions.py
tests/planning/test_catalog.py fails while the README's table differs from the declarations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jira_chat.planning.catalog import README_BEGIN, README_END, readme_action_table

README = Path(__file__).resolve().parent.parent / "README.md"


def updated(text: str) -> str:
    start = text.index(README_BEGIN)
    end = text.index(README_END, start) + len(README_END)
    return text[:start] + readme_action_table() + text[end:]


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"updated {README.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
