"""Official files the tests read, shipped unchanged with their provenance (PROVENANCE.json).

The W3C examples context the eddsa-rdfc-2022 vectors use, the ELM SHACL shapes, the CTDL
schema and the W3C vectors themselves. What the product reads at run time ships in the
product instead (`registry_export/contexts/`, openbadgeslib). `../shared/standards` is only a
reference copy that tests/test_standards_files.py compares these with when it is there.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(relative):
    """The shipped file at `relative` (as in PROVENANCE.json); it must exist."""
    found = ROOT / relative
    if not found.is_file():
        raise FileNotFoundError(f"{relative} is not in tests/standards (see PROVENANCE.json)")
    return found


def read_text(relative):
    return path(relative).read_text(encoding="utf-8")
