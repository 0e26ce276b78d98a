"""What a workflow table is: one row per step of one kind of object, and the labels of them all.

A kind of object with a state machine (a dossier, a condition, an assignment, a reviewer
application) has a table of `Step` rows, kept with the domain that owns the kind: the core's
in `accreditation.workflow`, the reviewers' in `reviewers.workflow`. The state machine itself
(sources, targets) stays on the model's django_fsm `@transition` methods; a test per table
holds the two together. One mechanism takes any row,
`accreditation.services.transitions.apply_transition`.

The timeline (`AuditEvent.get_action_display`) reads every table's labels, but the core may
not import the reviewers (tests/test_import_rules.py). So each app hands its tables to
`register` in its `AppConfig.ready()`, the one hook Django runs for every app before a page
or a task is served, and `label` looks an audit action up in what was registered. The core
knows the tables' shape, never another domain's rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property


def _itself(obj):
    return obj


def _no_dossier(obj):
    return None


@dataclass(frozen=True)
class Step:
    """One row: what the timeline, the permission check and the note rule say of a step."""

    name: str  # the model's @transition method; the audit action is "<table's prefix>.<name>"
    label: str  # how the step reads in a timeline
    permission: str = ""  # what a person needs to take it; "" for the system's own steps
    missing_note: str = ""  # the error when the note is left out; "" if a note is optional
    model_level: bool = False  # a staff role's permission, held for every object, not one
    note_field: str = ""  # the field that keeps the note for the pages (a refusal's reason)
    changes_state: bool = True  # False: recorded under this name, but no transition


@dataclass(frozen=True, eq=False)
class Table:
    """The steps of one kind of object, and what is said the same way for each of them. One
    table is one kind: tables compare by identity."""

    prefix: str  # the first half of every audit action of the table ("assignment")
    steps: tuple
    #: The refusal from a state the step does not start from ("%(state)s": the state's name).
    not_possible: str
    #: The object a step's permission is granted on (the dossier, for its conditions).
    granted_on: Callable = _itself
    #: The dossier whose timeline shows the step, or None when it belongs to none.
    dossier_of: Callable = _no_dossier

    @cached_property
    def by_name(self):
        return {step.name: step for step in self.steps}

    def step(self, name):
        return self.by_name[name]

    def action(self, name):
        """The audit action of step `name`, as stored: "<prefix>.<name>"."""
        return f"{self.prefix}.{self.step(name).name}"

    def label(self, action):
        """How `action` reads, or None if it is not one of this table's."""
        prefix, _dot, name = action.partition(".")
        found = self.by_name.get(name) if prefix == self.prefix else None
        return found.label if found else None

    def permission_object(self, obj, step):
        """What `step`'s permission is checked on: nothing for a model-level one."""
        return None if step.model_level else self.granted_on(obj)


_REGISTERED = {}


def register(*tables):
    """Make the tables' labels known to the timeline; called from an app's `ready()`."""
    for table in tables:
        _REGISTERED[table.prefix] = table


def label(action):
    """How an audit action reads, from the registered table of its kind, or None."""
    table = _REGISTERED.get(action.partition(".")[0])
    return table.label(action) if table else None
