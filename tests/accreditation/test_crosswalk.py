"""The crosswalk onto the EQF: data the secretariat keeps, read in one query."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accreditation.crosswalk import Crosswalk, level_of
from accreditation.models import LevelEquivalence, LevelFramework

pytestmark = pytest.mark.django_db


def test_migration_loads_a_row_for_every_level_of_every_framework():
    for framework in LevelFramework.objects.all():
        levels = set(framework.equivalences.values_list("level", flat=True))
        expected = {
            framework.min_level + i * framework.step
            for i in range(int((framework.max_level - framework.min_level) / framework.step) + 1)
        }
        assert levels == expected, framework.code


def test_jeqf_maps_one_to_one_and_ten_level_degrees_sit_with_the_eqf_degrees():
    crosswalk = Crosswalk.load()
    assert [crosswalk.eqf_level("JEQF", n) for n in range(1, 9)] == list(range(1, 9))
    # Bachelor (7), master (9), doctorate (10) on AQF/NZQF are EQF 6, 7, 8.
    assert [crosswalk.eqf_level("AQF", n) for n in (7, 9, 10)] == [6, 7, 8]
    assert crosswalk.eqf_level("NSQF", 4.5) == crosswalk.eqf_level("NSQF", 4) == 4
    assert crosswalk.eqf_level("JEQF", 9) is None
    assert crosswalk.eqf_level("XYZ", 3) is None


def test_levels_at_an_eqf_level_and_equivalents_of_a_level():
    crosswalk = Crosswalk.load()
    at_five = crosswalk.levels_at(5)
    assert ("JEQF", Decimal(5)) in at_five and ("AQF", Decimal(6)) in at_five
    assert ("AQF", Decimal(7)) not in at_five
    peers = dict(crosswalk.equivalents("JEQF", 5))
    assert "JEQF" not in peers and "EQF" not in peers
    assert peers["AQF"] == [Decimal(5), Decimal(6)]
    assert peers["MQF"] == [Decimal(5)]


def test_a_revised_row_changes_the_answer_at_once():
    row = LevelEquivalence.objects.get(framework__code="MQF", level=4)
    row.eqf_level = 5
    row.save()
    assert Crosswalk.load().eqf_level("MQF", 4) == 5


def test_a_level_the_framework_does_not_have_is_refused():
    jeqf = LevelFramework.objects.get(code="JEQF")
    with pytest.raises(ValidationError) as error:
        LevelEquivalence(framework=jeqf, level=Decimal("4.5"), eqf_level=4).full_clean()
    assert "level" in error.value.message_dict


def test_level_of_reads_the_dossier_content():
    assert level_of({"level": {"framework": "NSQF", "value": 4.5}}) == ("NSQF", Decimal("4.5"))
    assert level_of({}) == (None, None)
    assert level_of({"level": {"framework": "JEQF", "value": "x"}}) == ("JEQF", None)


def test_crosswalk_loads_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        Crosswalk.load()
