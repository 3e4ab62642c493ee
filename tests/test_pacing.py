"""course.pacing: a change from a browser that waited for the processor rests eight times as long (at most 0.8 s)."""

import time

import pytest

import helpers
from course.pacing import MOST, Pacer, from_a_browser, rest_after


def test_the_rest_is_the_wait_and_never_more_than_the_most():
    assert rest_after(0.030, 0.010) == pytest.approx(0.160)  # waited 20 ms: rests 160 ms
    assert rest_after(0.010, 0.010) == 0.0  # alone on the machine: no rest
    assert rest_after(0.010, 0.012) == 0.0  # the clock's and the processor's counts differ a little: still none
    assert rest_after(2.0, 0.01) == MOST == 0.8
    assert rest_after(0.05, 0.01, per_wait=2.0) == pytest.approx(0.08)
    for bad in (-1.0, float("nan"), "0.1", None):
        with pytest.raises(ValueError, match="wall"):
            rest_after(bad, 0.0)


def waits(seconds):
    """A callback that waits on the clock, off the processor (as a kernel does when the cores are taken)."""
    return lambda: time.sleep(seconds)


def test_only_the_outermost_change_from_a_browser_rests():
    slept = []
    pacer = Pacer(sleep=slept.append, browser=lambda: True)
    with pacer.change():
        with pacer.change():  # a callback run by a callback: part of the same change
            waits(0.03)()
        assert slept == []
    assert len(slept) == 1 and 0.02 < slept[0] <= MOST

    quiet = Pacer(sleep=slept.append, browser=lambda: False)  # a cell's code, or plain Python
    with quiet.change():
        waits(0.03)()
    assert len(slept) == 1

    with pacer.without_rest():  # the explorer's own replay
        with pacer.change():
            waits(0.03)()
    assert len(slept) == 1
    with pacer.change():  # and after it, a browser's change rests again
        waits(0.03)()
    assert len(slept) == 2


def test_outside_a_kernel_nothing_is_from_a_browser_and_explorers_never_rest(monkeypatch):
    assert from_a_browser() is False
    data = helpers.make_data()
    explorer = helpers.TrainingExplorer(data.X, data.Y)
    monkeypatch.setattr(explorer.pacer, "_sleep", lambda s: pytest.fail("an explorer rested outside a kernel"))
    for lr in (0.05, 0.1, 0.13):
        explorer.lr.value = lr
    assert not explorer.pacer.rested


def test_an_explorer_rests_after_a_browser_change_that_waited(monkeypatch):
    """The explorer's callbacks run inside the pacer: a slider change that waited rests once, after drawing."""
    data = helpers.make_data()
    explorer = helpers.TrainingExplorer(data.X, data.Y)
    slept = []
    monkeypatch.setattr(explorer.pacer, "_browser", lambda: True)
    monkeypatch.setattr(explorer.pacer, "_sleep", slept.append)
    draw = explorer._draw_run
    monkeypatch.setattr(explorer, "_draw_run", lambda: (time.sleep(0.02), draw()))
    explorer.lr.value = 0.05
    assert len(slept) == 1 and 0.015 < slept[0] <= MOST, slept
    assert "0.05" in explorer.summary()  # drawn before the rest
