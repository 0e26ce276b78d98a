"""A simulated clock for the demo's histories: every step happens at its own past moment.

The services date what they do with `timezone.now()` (audit events, versions, decisions and
their validity, reviews, signatures, catalogue pages). To give the demo a real past, each step
runs with the clock moved to its moment (time-machine), and the steps of all histories run in
the order of their moments, so the database is written in the order real work would have
written it: audit ids, the registry's change feed and the signing key's history all agree with
their dates. Between two steps the clock ticks as usual.
"""

import heapq
import itertools

import time_machine
from django.utils import timezone


class StoryInTheFuture(Exception):
    """A history asked for a moment after the end of the simulated past."""


class SimulatedClock:
    """Runs stories (see demo.workflow) side by side, each step at the moment it yields."""

    def __init__(self, *, until):
        #: The end of the simulated past: no step may happen after it.
        self.until = until
        self.now = None
        self._queue = []
        self._order = itertools.count()

    def at(self, moment, action):
        """Run `action()` at `moment` (a one-step story)."""

        def one_step():
            yield None
            action()

        self.start(moment, one_step())

    def start(self, moment, story):
        """Begin `story` at `moment`: the code before its first yield runs then."""
        heapq.heappush(self._queue, (moment, next(self._order), story))

    def run(self, *, before=None):
        """Run every step of every story, earliest first (those before `before` only, if
        given); a story's step asking for a moment already passed runs straight away."""
        while self._queue and (before is None or self._queue[0][0] < before):
            moment, _order, story = heapq.heappop(self._queue)
            if self.now is not None and moment < self.now:
                moment = self.now
            self._check(moment)
            with time_machine.travel(moment, tick=True):
                upcoming = self._run_until_a_later_moment(story)
                self.now = timezone.now()
            if upcoming is not None:
                heapq.heappush(self._queue, (upcoming, next(self._order), story))

    def _run_until_a_later_moment(self, story):
        """Take the story's steps until one asks for a later moment (returned), or the end."""
        for moment in story:
            if moment is not None and moment > timezone.now():
                return moment
        return None

    def _check(self, moment):
        if moment > self.until:
            raise StoryInTheFuture(f"A demo history reaches {moment:%Y-%m-%d %H:%M}.")
