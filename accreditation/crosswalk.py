"""Levels across frameworks: a dossier's level, its EQF equivalent and its peers elsewhere.

Reads the crosswalk (`LevelEquivalence`, data the secretariat keeps) in one query, so that
pages can place every item on the EQF whatever the catalogue's size.
"""

from collections import defaultdict
from dataclasses import dataclass

from .content import decimal_or_none
from .models import LevelEquivalence


def _decimal(value):
    number = decimal_or_none(value)
    return None if number is None else number.normalize()


@dataclass(frozen=True)
class Crosswalk:
    """The whole table in memory: {(framework code, level): EQF level}."""

    table: dict

    @classmethod
    def load(cls):
        rows = LevelEquivalence.objects.values_list("framework__code", "level", "eqf_level")
        return cls({(code, level.normalize()): eqf for code, level, eqf in rows})

    def eqf_level(self, framework, level):
        """The EQF level a framework's level equals, or None when the table has no row."""
        return self.table.get((framework, _decimal(level)))

    def levels_at(self, eqf_level):
        """Every (framework, level) taken as equal to an EQF level: the filter's meaning."""
        return sorted(key for key, eqf in self.table.items() if eqf == eqf_level)

    def equivalents(self, framework, level):
        """Levels of the other frameworks at the same EQF level, as [(framework, [levels])]."""
        eqf = self.eqf_level(framework, level)
        if eqf is None:
            return []
        peers = defaultdict(list)
        for code, peer_level in self.levels_at(eqf):
            if code not in (framework, "EQF"):
                peers[code].append(peer_level)
        return sorted(peers.items())


def level_of(content):
    """(framework, level) of a dossier's content, or (None, None)."""
    level = content.get("level") or {}
    return level.get("framework"), _decimal(level.get("value"))
