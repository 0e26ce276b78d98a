"""The demo's simulated clock: each step at its moment, all stories in the order of moments."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo.clock import SimulatedClock, StoryInTheFuture


def test_steps_of_several_stories_run_in_the_order_of_their_moments_at_those_moments():
    now = timezone.now()
    days = [now - timedelta(days=n) for n in (30, 20, 10, 5)]
    seen = []

    def story(name, *moments):
        for moment in moments:
            yield moment
            seen.append((name, timezone.now()))

    clock = SimulatedClock(until=now)
    clock.start(days[0], story("a", days[0], days[2]))
    clock.start(days[1], story("b", days[1], days[3]))
    clock.run()

    assert [name for name, _when in seen] == ["a", "b", "a", "b"]
    for (_name, when), day in zip(seen, days, strict=True):
        assert day <= when < day + timedelta(seconds=5)
    assert timezone.now() >= now  # the real clock again


def test_a_step_whose_moment_has_passed_runs_straight_away_and_time_never_goes_back():
    now = timezone.now()
    two_days_ago = now - timedelta(days=2)
    seen = []

    def late():
        yield now - timedelta(days=9)  # passed by the time the story starts
        seen.append(("late", timezone.now()))

    def early():
        yield now - timedelta(days=3)
        seen.append(("early", timezone.now()))
        yield two_days_ago
        seen.append(("early", timezone.now()))
        clock.start(now - timedelta(days=9), late())

    clock = SimulatedClock(until=now)
    clock.start(now - timedelta(days=3), early())
    clock.run()

    assert [name for name, _when in seen] == ["early", "early", "late"]
    moments = [when for _name, when in seen]
    assert moments == sorted(moments)
    assert two_days_ago <= moments[-1] < two_days_ago + timedelta(seconds=5)


def test_a_story_may_not_reach_into_the_future():
    now = timezone.now()

    def too_far():
        yield now + timedelta(days=1)

    clock = SimulatedClock(until=now)
    clock.start(now - timedelta(days=1), too_far())
    with pytest.raises(StoryInTheFuture):
        clock.run()


def test_run_before_a_moment_leaves_the_later_steps_for_later():
    now = timezone.now()
    seen = []
    clock = SimulatedClock(until=now)
    clock.at(now - timedelta(days=5), lambda: seen.append("first"))
    clock.at(now - timedelta(days=1), lambda: seen.append("second"))
    clock.run(before=now - timedelta(days=3))
    assert seen == ["first"]
    clock.run()
    assert seen == ["first", "second"]
