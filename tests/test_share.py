"""Settings to share: ``explorer.share()``'s line, run on a fresh explorer of the same notebook, gives the same run.

Two layers. The logic without widgets (``course.share``, ``TrainingRun.start``) over 1,000 random settings of
each explorer: the line is written, run as code on a stand-in that records what ``set`` gets, resolved over a
fresh explorer's settings as ``set`` resolves them, and trained or drawn: the same losses, path and final values,
or the same inputs of the picture. Then the real explorers, fewer times (each fresh explorer builds its figures):
controls moved as the browser moves them, ``share()`` run on a new explorer, the same run, readout and drawing.
"""

import contextlib
import math
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from course import ranges
from course.explorer_base import setting
from course.share import literal, resolve_training, share_line, tidy, training_settings
from course.training_run import TrainingRun

DATA = helpers.make_data()
# each notebook's explorer as the notebook makes it (notebooks/0*.ipynb)
NOTEBOOK = {
    "data": lambda: helpers.DataExplorer(slope=-5.0, noise=0.4, seed=0),
    "loss": lambda: helpers.LossExplorer(DATA.X, DATA.Y, w=-10.0),
    "train-w": lambda: helpers.TrainingExplorer(DATA.X, DATA.Y, lr=0.1, iterations=20, w0=-10.0),
    "train-wb": lambda: helpers.TrainingExplorer(DATA.X, DATA.Y, with_bias=True, lr=0.1, iterations=20, w0=-10.0,
                                                 b0=-20.0),
}
FRESH = {name: make().settings() for name, make in NOTEBOOK.items()}  # a fresh explorer's settings
MANY = settings(max_examples=1000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
# real fresh explorers build their figures (0.05-0.2 s each): 25 in `make test`; SHARE_EXAMPLES=1000 runs the full count
SOME = settings(max_examples=int(os.environ.get("SHARE_EXAMPLES", "25")), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def slider_value(rng):
    """A value a slider with range ``rng`` can hold: on its grid (maybe with the browser's last-digit noise,
    -9.700000000000001), or any number inside it (as a constructor or ``set`` takes it)."""
    low, high, _ = rng
    grid = st.sampled_from(ranges.values(rng))
    noisy = grid.map(lambda v: min(max(float(np.nextafter(v, math.inf)), low), high))  # the next float up
    return st.one_of(grid, noisy, st.floats(low, high, allow_nan=False))


# a learning rate from the log slider (as the explorer rounds it), typed into the box, or set from code
LEARNING_RATES = st.one_of(st.sampled_from([round(10 ** v, 6) for v in ranges.values(ranges.LR_LOG10)]),
                           st.floats(*ranges.LR_EXACT[:2]), st.sampled_from([0.115, 0.119, 0.125, 0.13, 0.49]))


@st.composite
def training(draw, with_bias):
    """An explorer's full settings, as ``TrainingExplorer.settings()`` returns them (shown as a fraction of the run)."""
    s = {"lr": draw(LEARNING_RATES), "iterations": draw(st.integers(0, ranges.MAX_ITERATIONS)),
         "w0": tidy(draw(slider_value(ranges.W0))), "b0": tidy(draw(slider_value(ranges.B0))),
         "method": "gradient descent", "beta": 0.5, "batch": 10, "standardise": False}
    if with_bias:
        s.update(method=draw(st.sampled_from(ranges.METHODS)), beta=tidy(draw(slider_value(ranges.BETA))),
                 batch=draw(st.integers(*ranges.BATCH[:2])), standardise=draw(st.booleans()))
    return s, draw(st.floats(0, 1))


class Recorder:
    """Stands in for the fresh explorer: records what its ``set`` gets."""

    def set(self, **kwargs):
        self.kwargs = kwargs


def run_line(line):
    """Run a share line as code, as a learner runs it in a cell; return the keyword arguments ``set`` got."""
    recorder = Recorder()
    assert "\n" not in line and line.startswith("explorer.set(")
    exec(line, {"explorer": recorder})  # noqa: S102 (the line is the explorer's own)
    return recorder.kwargs


def same_history(a, b):
    assert a.loss == b.loss and a.w == b.w and a.b == b.b, "a different run"
    assert a.diverged_at == b.diverged_at and a.lr == b.lr and a.momentum == b.momentum


@pytest.mark.parametrize("with_bias", [False, True], ids=["train-w", "train-wb"])
@MANY
@given(data=st.data())
def test_the_share_line_of_a_training_run_gives_the_same_run(with_bias, data):
    s, where = data.draw(training(with_bias))
    run = TrainingRun(DATA.X, DATA.Y, with_bias=with_bias)
    run.start(s)
    steps = run.steps(s["iterations"])
    s["shown"] = round(where * steps)
    line = share_line(training_settings(s, with_bias, steps))
    fresh = FRESH["train-wb" if with_bias else "train-w"]
    new = resolve_training(fresh, with_bias, **run_line(line))
    again = TrainingRun(DATA.X, DATA.Y, with_bias=with_bias)
    again.start(new)
    same_history(run.history, again.history)
    assert again.steps(new["iterations"]) == steps
    shown = steps if new["shown"] is None else new["shown"]  # None: the end (a fresh explorer is not predicting)
    assert shown == s["shown"] and again.state(shown) == run.state(s["shown"])
    assert again.losses(steps) == run.losses(steps) or not all(map(math.isfinite, run.losses(steps)))
    assert again.readout(new["iterations"], shown) == run.readout(s["iterations"], s["shown"])


@MANY
@given(slope=slider_value(ranges.SLOPE), noise=slider_value(ranges.NOISE), seed=st.integers(*ranges.SEED[:2]))
def test_the_share_line_of_the_data_explorer_gives_the_same_data(slope, noise, seed):
    shown = {"slope": tidy(slope), "noise": tidy(noise), "seed": seed}
    got = run_line(share_line(shown))
    # what a fresh explorer's set() accepts, over what it has
    new = {**FRESH["data"], **{name: setting(name, value, rng, whole=name == "seed")
                               for (name, value), rng in zip(got.items(), (ranges.SLOPE, ranges.NOISE, ranges.SEED))}}
    assert new == shown and type(new["seed"]) is int
    a, b = helpers.make_data(**shown), helpers.make_data(**new)
    assert all(torch_equal(x, y) for x, y in zip(a, b))


@MANY
@given(w=slider_value(ranges.W))
def test_the_share_line_of_the_loss_explorer_gives_the_same_w(w):
    shown = {"w": tidy(w)}
    got = run_line(share_line(shown))
    assert {**FRESH["loss"], "w": setting("w", got["w"], ranges.W)} == shown


def torch_equal(a, b):
    import torch

    return torch.equal(a, b)


def test_a_literal_reads_back_as_the_same_value():
    for value in (True, False, 0, 200, -10.0, 0.1, 0.115, 1e-4, -9.7, 0.1 + 0.2, 10 ** -2.99, "momentum",
                  "gradient descent"):
        assert eval(literal(value)) == value and type(eval(literal(value))) is type(value)  # noqa: S307
    assert literal(-9.7) == "-9.7" and literal("mini-batch") == '"mini-batch"'
    with pytest.raises(TypeError, match="value"):
        literal(None)


def test_tidy_removes_the_browsers_last_digit_noise_only():
    assert tidy(-9.700000000000001) == -9.7 and tidy(0.45000000000000007) == 0.45
    assert tidy(-9.73) == -9.73 and tidy(-12.25) == -12.25


# ---------------------------------------------------------------- the real explorers

@contextlib.contextmanager
def closing_new_widgets():
    """Close every widget made inside: ipywidgets keeps each one (and its explorer, with its figures) alive until
    closed, and a thousand fresh explorers would otherwise fill the memory (about 12 MB each)."""
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    try:
        yield
    finally:
        for key in set(_instances) - before:
            _instances[key].close()


def move(e, name, value):
    """Set a control as the browser does: the slider's value, which the explorer observes."""
    getattr(e, name).value = value


def same_run_shown(a, b):
    """The same run over the iterations shown: a longer stored history (iterations lowered after a run of more,
    kept so that raising them again costs nothing) does not make it another run."""
    n = a.run.steps(a.iterations.value)
    assert b.run.steps(b.iterations.value) == n
    ha, hb = a.history, b.history
    assert ha.loss[:n] == hb.loss[:n] and ha.w[:n] == hb.w[:n] and (ha.b or [])[:n] == (hb.b or [])[:n], \
        "a different run"
    diverged = [h.diverged_at if h.diverged_at is not None and h.diverged_at <= n else None for h in (ha, hb)]
    assert diverged[0] == diverged[1] and ha.lr == hb.lr and ha.momentum == hb.momentum
    assert ha.w0 == hb.w0 and ha.b0 == hb.b0
    assert a.run.losses(n) == b.run.losses(n) or not all(map(math.isfinite, a.run.losses(n)))  # nan != nan


def compare_training(a, b):
    same_run_shown(a, b)
    assert a.shown.value == b.shown.value and a.iterations.value == b.iterations.value
    assert a.summary() == b.summary() and a.share() == b.share()
    for artist in ("fit_line", "loss_line", "path", "current", "loss_marker"):
        xa, ya = (np.asarray(v, dtype=float) for v in getattr(a, artist).get_data())
        xb, yb = (np.asarray(v, dtype=float) for v in getattr(b, artist).get_data())
        assert np.array_equal(xa, xb) and np.array_equal(ya, yb), artist
    assert [p.image.tooltip for p in a.panels] == [p.image.tooltip for p in b.panels]
    assert a.errors == [] and b.errors == []


@pytest.mark.parametrize("name", ["train-w", "train-wb"])
@SOME
@given(data=st.data())
def test_share_on_a_fresh_training_explorer_gives_the_run_shown(name, data):
    with closing_new_widgets():
        with_bias = name == "train-wb"
        e = NOTEBOOK[name]()
        s, where = data.draw(training(with_bias))
        # the controls moved one by one, as a learner moves them (the slider, or the exact box for a typed rate)
        if data.draw(st.booleans()):
            move(e, "lr", 10 ** data.draw(st.sampled_from(ranges.values(ranges.LR_LOG10))))
        else:
            move(e, "lr_exact", s["lr"])
        move(e, "iterations", s["iterations"])
        move(e, "w0", data.draw(slider_value(ranges.W0)))
        if with_bias:
            for key in ("b0", "beta", "batch", "standardise", "method"):
                move(e, key, data.draw(slider_value(ranges.B0)) if key == "b0" else
                     data.draw(slider_value(ranges.BETA)) if key == "beta" else s[key])
        move(e, "shown", round(where * e.shown.max))
        fresh = NOTEBOOK[name]()
        exec(e.share(), {"explorer": fresh})  # noqa: S102
        compare_training(e, fresh)


@SOME
@given(slope=slider_value(ranges.SLOPE), noise=slider_value(ranges.NOISE), seed=st.integers(*ranges.SEED[:2]))
def test_share_on_a_fresh_data_explorer_gives_the_same_picture(slope, noise, seed):
    with closing_new_widgets():
        e = NOTEBOOK["data"]()
        move(e, "slope", slope), move(e, "noise", noise), move(e, "seed", seed)
        fresh = NOTEBOOK["data"]()
        exec(e.share(), {"explorer": fresh})  # noqa: S102
        assert fresh.settings() == e.settings() and fresh.summary() == e.summary()
        assert np.array_equal(fresh.points.get_ydata(), e.points.get_ydata())
        assert np.array_equal(fresh.true_line.get_ydata(), e.true_line.get_ydata())
        assert fresh.panels[0].png == e.panels[0].png and fresh.errors == e.errors == []


@SOME
@given(w=slider_value(ranges.W))
def test_share_on_a_fresh_loss_explorer_gives_the_same_picture(w):
    with closing_new_widgets():
        e = NOTEBOOK["loss"]()
        move(e, "w", w)
        fresh = NOTEBOOK["loss"]()
        exec(e.share(), {"explorer": fresh})  # noqa: S102
        assert fresh.settings() == e.settings() and fresh.summary() == e.summary()
        assert [p.png for p in fresh.panels] == [p.png for p in e.panels] and fresh.errors == e.errors == []
        for artist in ("model_line", "marker"):  # drawn from the very same numbers
            assert np.array_equal(getattr(fresh, artist).get_data(), getattr(e, artist).get_data()), artist


def test_every_explorer_shows_its_share_line_under_the_readout():
    for name, make in NOTEBOOK.items():
        e = make()
        line = e.share()
        words, _, shown = e.readout.value.partition("class='explorer-share'")
        assert shown and line in shown.replace("&quot;", '"') and line not in e.summary(), name
        assert "monospace" in shown
    e = NOTEBOOK["train-wb"]()
    e.set(method="momentum", beta=0.8, iterations=60, shown=7)
    assert e.share() == ("explorer.set(lr=0.1, iterations=60, w0=-10.0, b0=-20.0, method=\"momentum\", beta=0.8, "
                         "standardise=False, shown=7)")
    assert e.shown.value == 7 and "After 7 of 60" in e.summary()
    assert NOTEBOOK["train-w"]().share() == "explorer.set(lr=0.1, iterations=20, w0=-10.0)"


def test_a_shared_run_stays_hidden_in_predict_first_mode_until_played():
    e = helpers.TrainingExplorer(DATA.X, DATA.Y, predict=True)
    exec("explorer.set(lr=0.13, iterations=60, w0=-3.0)", {"explorer": e})  # noqa: S102
    # hidden for a prediction, the line is the run's, not the start drawn so far: no shown=0 for the board
    assert e.shown.value == 0 and "Predict first" in e.summary() and "shown" not in e.share()
    fresh = NOTEBOOK["train-w"]()
    exec(e.share(), {"explorer": fresh})  # noqa: S102  a fresh explorer (not predicting) shows the whole run
    assert fresh.shown.value == fresh.shown.max and "diverging" in fresh.summary()
    exec("explorer.set(lr=0.13, iterations=60, w0=-3.0, shown=60)", {"explorer": e})  # noqa: S102
    assert "diverging" in e.summary() and "shown" not in e.share()
    # a line that names an iteration shows it, predict first or not (review 7 pasted shown=1 and met the prompt)
    exec("explorer.set(lr=0.1, iterations=20, w0=-10.0, shown=1)", {"explorer": e})  # noqa: S102
    assert "After 1 of 20" in e.summary() and "-1.6653" in e.summary() and e.share().endswith("shown=1)")


@pytest.mark.parametrize("call, name", [
    (lambda e: e.set(shown=-1), "shown"), (lambda e: e.set(shown=2.5), "shown"), (lambda e: e.set(shown="end"), "shown"),
])
def test_set_names_a_bad_iteration_shown(call, name):
    e = NOTEBOOK["train-w"]()
    with pytest.raises(ValueError, match=name):
        call(e)


def test_set_of_notebooks_1_and_2_checks_its_arguments_by_name():
    data, loss = NOTEBOOK["data"](), NOTEBOOK["loss"]()
    for call, name in [(lambda: data.set(slope=11), "slope"), (lambda: data.set(noise="x"), "noise"),
                       (lambda: data.set(seed=1.5), "seed"), (lambda: loss.set(w=float("nan")), "w")]:
        with pytest.raises(ValueError, match=name):
            call()
    data.set(seed=7)
    assert data.seed.value == 7 and "seed 7" in data.summary() and data.share().endswith("seed=7)")
