"""What the test of every workflow table (accreditation.transitions) checks the same way: the
table and its model's state machine name the same steps, the timeline reads the table's
labels, and every text of a row reads in Japanese."""

from django.utils import translation

from accreditation.models import AuditEvent


def state_machine(model):
    """{transition name: ({sources}, target)}, from the model's @transition methods."""
    machine = {}
    for transition in model._meta.get_field("state").get_all_transitions(model):
        machine.setdefault(transition.name, (set(), transition.target))[0].add(transition.source)
    return machine


def assert_describes(table, model):
    """A row for every transition of `model`, no transition without a row, one row a name;
    a row that changes no state is no method of the model either."""
    assert {s.name for s in table.steps if s.changes_state} == set(state_machine(model))
    assert len(table.by_name) == len(table.steps)
    for step in table.steps:
        if not step.changes_state:
            assert not hasattr(model, step.name), step.name


def assert_timeline_reads(table):
    """Every row's audit action reads, in a timeline, as the row's label."""
    for step in table.steps:
        shown = AuditEvent(action=table.action(step.name)).get_action_display()
        assert shown == step.label, step.name


def untranslated(texts):
    """The texts that read the same in Japanese as in English."""
    english = [str(text) for text in texts]
    with translation.override("ja"):
        japanese = [str(text) for text in texts]
    return [en for en, ja in zip(english, japanese, strict=True) if ja == en]


def texts(table, step):
    """What a row says to people: its label, its missing note, the table's state refusal."""
    return [step.label, table.not_possible] + ([step.missing_note] if step.missing_note else [])
