"""The lesson data's descriptor (lesson_data/datapackage.json), read once for the tests."""

from __future__ import annotations

import json
from pathlib import Path

DESCRIPTOR = Path(__file__).resolve().parent.parent / "lesson_data" / "datapackage.json"
RESOURCES = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))["resources"]
# Every table's key column (each primary key is a single column).
PRIMARY_KEYS: dict[str, str] = {r["name"]: r["schema"]["primaryKey"][0] for r in RESOURCES}
