"""In-kernel tests of the slider explorers: set controls from code, check what was drawn."""

import itertools

import numpy as np
import pytest

import helpers
from course import ranges


@pytest.fixture(scope="module")
def data():
    return helpers.make_data()


def in_a_fresh_thread(fn):
    """Run ``fn`` where no event loop runs (the suite's browser tests leave Playwright's loop in this thread)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn).result()


def ydata(artist):
    return np.asarray(artist.get_ydata(), dtype=float)


# ---------------------------------------------------------------- notebook 1

def test_data_explorer_draws_the_data_for_its_sliders():
    e = helpers.DataExplorer()
    before = e.panels[0].image.value
    e.slope.value, e.noise.value, e.seed.value = 2.0, 3.0, 7
    expected = helpers.make_data(slope=2.0, noise=3.0, seed=7)
    assert np.allclose(ydata(e.points), expected.Y.view(-1).numpy())
    assert np.allclose(ydata(e.true_line), 2.0 * expected.X.view(-1).numpy())
    assert e.panels[0].image.value != before
    assert "2.0·x" in e.summary() and "seed 7" in e.summary()
    assert e.errors == []


# ---------------------------------------------------------------- notebook 2

def test_loss_explorer_moves_line_residuals_and_marker(data):
    e = helpers.LossExplorer(data.X, data.Y)
    x = data.X.view(-1).numpy()
    for w in (ranges.W[0], -7.0, -5.0, ranges.W[1]):
        e.w.value = w
        assert np.allclose(ydata(e.model_line), w * x)
        segments = e.residuals.get_segments()
        assert len(segments) == 100
        assert np.allclose([s[1][1] for s in segments], w * x)
        expected = helpers.mse(helpers.forward(data.X, w), data.Y).item()
        assert ydata(e.marker)[0] == pytest.approx(expected, rel=1e-4)
        assert f"loss = {expected:.3f}" in e.summary()
    assert e.errors == []


# ---------------------------------------------------------------- notebooks 3 and 4

@pytest.fixture(params=[False, True], ids=["w", "w-and-b"])
def explorer(request, data):
    return helpers.TrainingExplorer(data.X, data.Y, with_bias=request.param)


def expected_run(data, e, lr, iterations):
    b0 = e.b0.value if e.with_bias else None
    return helpers.train(data.X, data.Y, w0=e.w0.value, b0=b0, lr=lr, iterations=iterations)


def test_fitted_line_and_path_are_the_run(explorer, data):
    e = explorer
    x = data.X.view(-1).numpy()
    e.set(lr=0.05, iterations=30, w0=-12.0)
    h = expected_run(data, e, 0.05, 30)
    w, b = h.path()[-1]
    assert np.allclose(ydata(e.fit_line), w * x + b, rtol=1e-5)
    # the loss before each of the 30 steps, then the loss where the last step landed (under the marker)
    final = float(helpers.loss_curve(data.X, data.Y, [w], b=b)[0])
    assert list(ydata(e.loss_line)) == pytest.approx(h.loss + [final], rel=1e-5)
    assert list(e.loss_line.get_xdata()) == list(range(31))
    path_w = np.asarray(e.path.get_xdata(), dtype=float)
    assert list(path_w) == pytest.approx([p[0] for p in h.path()])
    if e.with_bias:
        assert list(ydata(e.path)) == pytest.approx([p[1] for p in h.path()])
    else:
        assert list(ydata(e.path)) == pytest.approx(list(helpers.loss_curve(data.X, data.Y, path_w)), rel=1e-6)
    assert f"w = {w:.4f}" in e.summary()
    assert e.errors == []


def test_slider_change_redraws_the_picture(explorer):
    images = [p.image.value for p in explorer.panels]
    explorer.lr.value = 0.005  # slow enough that the fitted line ends visibly off the best one
    assert all(new != old for new, old in zip((p.image.value for p in explorer.panels), images))
    assert "0.005" in explorer.summary()


def test_the_pictures_of_one_change_are_sent_together_after_all_are_drawn(explorer):
    """The page gets the three pictures back to back (one frame shows them all), then the readout."""
    sent = []
    for panel in explorer.panels:
        panel.image.observe(lambda change, panel=panel: sent.append((panel, [p.png for p in explorer.panels])),
                            names="value")
    explorer.readout.observe(lambda change: sent.append(("readout", None)), names="value")
    explorer.lr.value = 0.005
    assert [who for who, _ in sent] == list(explorer.panels) + ["readout"]
    final = [p.png for p in explorer.panels]
    # when the first picture went out, every panel had already drawn its new one
    assert all(pngs == final for who, pngs in sent if who != "readout")


def test_sweep_over_the_slider_ranges_never_raises(explorer):
    e = explorer
    low, high, _ = ranges.LR_LOG10
    lrs = list(np.geomspace(10 ** low, 10 ** high, 6)) + [0.12, 0.13, 0.3]
    b0s = list(ranges.B0[:2]) if e.with_bias else [None]
    for lr, n, w0, b0 in itertools.product(lrs, [0, 1, 20, ranges.MAX_ITERATIONS], ranges.W0[:2], b0s):
        e.set(lr=lr, iterations=n, w0=w0, b0=b0)
        text = e.summary()
        assert text.startswith("learning rate") and f"After {min(n, e.history.iterations)} of" in text
    # the playback slider at both ends of the last run
    e.shown.value = 0
    e.shown.value = e.shown.max
    assert e.errors == []


def test_divergence_is_reported_above_lr_star_only(explorer):
    e = explorer
    star = e.lr_critical
    for lr in (star * 0.3, star * 0.7, star * 0.98):
        e.set(lr=lr, iterations=200)
        assert "diverg" not in e.summary()
    e.set(lr=star * 1.05, iterations=60)
    assert "diverging" in e.summary()
    e.set(lr=0.3, iterations=200)
    n = e.history.diverged_at
    assert n is not None and e.history.iterations == n
    assert f"you asked for 200 iterations, but the run stopped after {n}," in e.summary()
    assert f"After {n} of the {n} iterations that ran" in e.summary()
    assert np.isfinite(ydata(e.loss_line)).all()
    assert e.errors == []


def test_iterations_and_playback_reuse_the_run(explorer, data):
    e = explorer
    e.set(lr=0.1, iterations=20)
    runs = e.runs
    for n in (5, 150, 60, 200, 0, 20):
        e.iterations.value = n
    for k in range(0, 21, 4):
        e.shown.value = k
        w, b = e.history.path()[k]
        assert np.allclose(ydata(e.fit_line), w * data.X.view(-1).numpy() + b, rtol=1e-5)
        assert e.current.get_xdata()[0] == pytest.approx(w)
    assert e.runs == runs
    # extending the run past its end gives the same numbers as one long run
    full = expected_run(data, e, 0.1, 200)
    assert e.history.loss == full.loss[:e.history.iterations]
    e.lr.value = 0.05
    assert e.runs == runs + 1


def test_exact_learning_rate_is_used_as_typed(explorer, data):
    e = explorer
    e.lr_exact.value = 0.125
    assert e.lr.value == pytest.approx(0.125, rel=0.03)  # the slider only needs to be near
    assert "learning rate 0.125 " in e.summary()
    assert e.history.lr == 0.125
    e.lr_exact.value = -1.0  # the box clamps to its minimum; nothing breaks
    assert e.history.lr > 0 and e.errors == []


def test_presets_set_controls_and_readout(explorer):
    e = explorer
    for name, word in [("slow", "smooth"), ("oscillating", "oscillating"), ("diverging", "diverging"),
                       ("tutorial", "oscillating"), ("defaults", "oscillating")]:
        e.presets[name].click()
        values = e.preset_values(name)
        assert e.lr.value == pytest.approx(values["lr"], rel=0.03)
        assert e.iterations.value == values["iterations"]
        assert e.w0.value == values["w0"]
        assert f"<b>{word}</b>" in e.readout.value
    with pytest.raises(ValueError, match="name"):
        e.preset_values("fastest")


def test_a_failing_callback_is_shown_not_raised(explorer, monkeypatch):
    def broken():
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(explorer, "_draw_run", broken)
    explorer.w0.value = -3.0
    assert "Something went wrong" in explorer.summary() and "drawing failed" in explorer.summary()
    assert len(explorer.errors) == 1


def test_critical_learning_rate_two_parameters(data):
    lam = np.linalg.eigvalsh(helpers.hessian(data.X, with_bias=True)).max()
    assert helpers.critical_lr(data.X, with_bias=True) == pytest.approx(2 / lam)


def test_explorers_reject_bad_data(data):
    with pytest.raises(ValueError, match="same shape"):
        helpers.TrainingExplorer(data.X, data.Y[:10])
    with pytest.raises(ValueError, match="lr"):
        helpers.TrainingExplorer(data.X, data.Y, lr=0)
    with pytest.raises(ValueError, match="X must be a torch tensor"):
        helpers.LossExplorer(np.zeros((3, 1)), data.Y)


def test_readout_says_when_w_reaches_its_best_value(data):
    e = helpers.TrainingExplorer(data.X, data.Y)
    w_best = helpers.least_squares(data.X, data.Y)
    for lr, n in [(0.1, 20), (0.06, 20), (0.01, 100), (0.1, 10), (0.13, 60)]:
        e.set(lr=lr, iterations=n)
        run = helpers.train(data.X, data.Y, w0=-10.0, lr=lr, iterations=n)
        reached = helpers.steps_to_reach(run.w, w_best)
        if reached:
            assert all(abs(w - w_best) < 0.01 for w in run.w[reached - 1:])
            assert abs(([-10.0] + run.w)[reached - 1] - w_best) >= 0.01
            word = "iteration" if reached == 1 else "iterations"
            assert f"within 0.01 of the best w ({w_best:.4f}) after {reached} {word} and stays there" in e.summary()
        else:
            assert f"w is not within 0.01 of the best w ({w_best:.4f}) after {n} iterations" in e.summary()
    e.set(lr=0.1, iterations=20)
    assert "after 16 iterations" in e.summary()


def test_landscape_is_drawn_to_equal_scale(data):
    """One unit of w and one unit of b are the same length on screen, so the valley's shape is true."""
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    ax = e.panels[2].ax
    box = ax.get_window_extent()
    (w_lo, w_hi), (b_lo, b_hi) = ax.get_xlim(), ax.get_ylim()
    assert (box.width / (w_hi - w_lo)) == pytest.approx(box.height / (b_hi - b_lo), rel=0.02)
    assert (b_lo, b_hi) == (e.b0.min, e.b0.max) and w_lo <= e.w0.min and w_hi >= e.w0.max


@pytest.mark.parametrize("preset", ["tutorial", "slow", "oscillating", "diverging"])
def test_loss_legend_never_hides_the_shown_iteration(explorer, preset):
    e = explorer
    e.apply_preset(preset)
    ax = e.panels[1].ax
    e.panels[1].fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    x, y = e.loss_marker.get_xdata()[0], e.loss_marker.get_ydata()[0]
    px, py = ax.transData.transform((x, y))
    assert not box.contains(px, py), f"the legend covers the marker at iteration {x} ({preset})"


def test_loss_legend_moves_off_a_loss_that_settles_low_under_a_raised_axis(data):
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    e.set(method="mini-batch", batch=1, iterations=20)  # single points: the loss peaks far above 2e4
    e.apply_preset("mini-batch")  # then a run that settles near 0.2 while the axis stays raised
    ax = e.panels[1].ax
    assert ax.get_ylim()[1] > ranges.LOSS_LOG_LIMITS[1]
    e.panels[1].fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    xs, ys = e.loss_line.get_data()
    points = ax.transData.transform(np.column_stack([xs, ys])[-30:])
    assert not any(box.contains(px, py) for px, py in points), "the legend covers the end of the loss line"


def test_a_background_drawn_once_is_reused(explorer, monkeypatch):
    """Going back to axis limits seen before pastes the cached background instead of redrawing the figure."""
    e = explorer
    canvas = e.panels[1].fig.canvas
    for n in (20, 150, 20, 150):  # both limits seen once
        e.iterations.value = n
    draws = []
    original = canvas.draw
    monkeypatch.setattr(canvas, "draw", lambda *a, **k: (draws.append(1), original(*a, **k)))
    for n in (20, 150, 20, 150, 20):
        e.iterations.value = n
    assert draws == [] and e.panels[1].ax.get_xlim() == (0, 20)
    e.iterations.value = 5  # limits never seen: one fresh background
    assert len(draws) == 1 and e.panels[1].ax.get_xlim() == (0, 5) and e.errors == []


# ---------------------------------------------------------------- notebook 4, going further: the methods

@pytest.fixture
def two(data):
    return helpers.TrainingExplorer(data.X, data.Y, with_bias=True)


def test_each_method_trains_as_its_loop_does(two, data):
    e = two
    e.set(iterations=50, method="momentum", beta=0.5)
    run = helpers.train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=50, momentum=0.5)
    assert e.history.w == run.w and e.history.b == run.b  # bit for bit
    assert "momentum β = 0.50" in e.summary() and "2(1 + β) / steepest curvature" in e.lr_mark.value
    assert "2(1 + β)/16.67 = 0.1800 (16.67 is the curvature along the steep direction)" in e.summary()
    e.set(method="mini-batch", batch=10)
    assert e.history.w != run.w and "mini-batches of 10 points: 10 steps per epoch" in e.summary()
    e.set(batch=1)
    assert "mini-batches of 1 point: 100 steps per epoch" in e.summary() and "its 1 point only" in e.summary()
    e.set(batch=10)
    assert "full-batch lr*" in e.lr_mark.value
    e.set(method="gradient descent")
    assert e.history.w == helpers.train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=50).w
    assert e.errors == []


def test_only_the_chosen_method_s_slider_is_live(two):
    e = two
    assert e.beta.disabled and e.batch.disabled
    e.method.value = "momentum"
    assert not e.beta.disabled and e.batch.disabled
    e.method.value = "mini-batch"
    assert e.beta.disabled and not e.batch.disabled
    assert e.value_boxes["momentum β"].disabled and not e.value_boxes["batch size"].disabled
    runs, text = e.runs, e.summary()
    e.beta.value = 0.9  # set from code while mini-batches are chosen: it waits for momentum, nothing retrains
    assert e.runs == runs and e.summary() == text
    e.method.value = "momentum"
    assert e.runs == runs + 1 and "momentum β = 0.90" in e.summary()


def test_with_mini_batches_the_sliders_count_steps(two):
    """An iteration is a step on all the points (notebook 3); with mini-batches the sliders and the readout count
    steps, so the label says so, and goes back to iterations with the other methods."""
    e = two
    assert (e.iterations.description, e.shown.description) == ("iterations", "iteration shown")
    e.method.value = "mini-batch"
    assert (e.iterations.description, e.shown.description) == ("steps", "step shown")
    assert [e.value_boxes[k].description for k in ("iterations", "iteration shown")] == ["steps", "step shown"]
    assert f"After {e.iterations.value} of {e.iterations.value} steps" in e.summary()
    loss_axes = e.drawing.panels[1].ax
    assert (loss_axes.get_xlabel(), loss_axes.get_title()) == ("step", "Loss per step")  # the picture says so too
    assert "Loss per step, log scale" in e.drawing.panels[1]._description
    e.method.value = "momentum"
    assert (e.iterations.description, e.shown.description) == ("iterations", "iteration shown")
    assert (loss_axes.get_xlabel(), loss_axes.get_title()) == ("iteration", "Loss per iteration")


def test_standardise_trains_on_x_over_its_std_and_maps_back(two, data):
    e = two
    e.set(lr=0.5, standardise=True, iterations=20)
    s = float(data.X.std())
    run = helpers.train(data.X / s, data.Y, w0=-10.0 * s, b0=-20.0, lr=0.5, iterations=20)
    assert e.history.w == pytest.approx([w / s for w in run.w]) and e.history.b == run.b
    w_best, b_best = helpers.least_squares(data.X, data.Y, with_bias=True)
    assert abs(e.history.w[-1] - w_best) < 1e-3 and abs(e.history.b[-1] - b_best) < 1e-3
    low, high = np.linalg.eigvalsh(helpers.hessian(data.X / s, with_bias=True))
    text = e.summary()
    assert f"the curvatures are {low:.2f} and {high:.2f}" in text
    assert f"lr* = {helpers.critical_lr(data.X / s, with_bias=True):.3f} instead of 0.120" in text
    steps = helpers.steps_to_reach(run.b, b_best)
    assert f"b gets within 0.01 of its best value ({b_best:.4f}) after {steps} iterations" in text
    # the picture's path is in the units of x: it ends at the star
    path = e.path.get_xydata()
    assert path[-1] == pytest.approx([w_best, b_best], abs=1e-3)


def test_method_presets_set_every_control(two):
    e = two
    for name, values in ranges.PRESETS_WITH_BIAS.items():
        e.presets[name].click()
        for key, value in values[0].items():
            control = e.lr_control if key == "lr" else getattr(e, key)
            assert control.value == pytest.approx(value), (name, key)
        assert e.errors == []
    e.presets["tutorial"].click()  # the notebook's presets go back to plain gradient descent on x as it is
    assert e.method.value == "gradient descent" and not e.standardise.value and e.beta.disabled


def test_mini_batch_readout_does_not_promise_that_b_stays(two, data):
    e = two
    e.set(method="mini-batch", batch=10, iterations=60)
    w_best, b_best = helpers.least_squares(data.X, data.Y, with_bias=True)
    reached = helpers.steps_to_reach(e.history.b, b_best)
    assert reached is not None and f"from step {reached} to the end of this run" in e.summary()
    assert "stays there" not in e.summary()


def test_mini_batch_readout_counts_steps_and_epochs_not_iterations(two):
    """Notebook 3 defines an iteration as one step with all the points; a mini-batch step sees 10 of them."""
    e = two
    e.apply_preset("mini-batch")  # 100 steps of batches of 10: 10 epochs
    text = e.summary()
    assert "b is not within 0.01 of its best value (0.0149) after 100 steps (10 epochs)." in text
    assert "After 100 of 100 steps (10 epochs): w = " in text and "iteration" not in text
    e.shown.value = 37
    assert "After 37 of 100 steps (10 epochs)" in e.summary()
    e.set(iterations=25)
    assert "After 25 of 25 steps (2.5 epochs)" in e.summary()
    e.set(method="gradient descent")  # all the points in each step: iterations again
    assert "After 25 of 25 iterations" in e.summary() and "epoch" not in e.summary()


@pytest.mark.parametrize("kwargs, name", [({"method": "adam"}, "method"), ({"beta": 1.5}, "beta"),
                                           ({"batch": 0}, "batch"), ({"batch": 2.5}, "batch"),
                                           ({"standardise": "yes"}, "standardise")])
def test_method_arguments_are_checked_by_name(data, kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        helpers.TrainingExplorer(data.X, data.Y, with_bias=True, **kwargs)
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    with pytest.raises((ValueError, TypeError), match=name):
        e.set(**kwargs)


def test_methods_need_the_two_parameter_explorer(data):
    with pytest.raises(ValueError, match="with_bias"):
        helpers.TrainingExplorer(data.X, data.Y, method="momentum")
    e = helpers.TrainingExplorer(data.X, data.Y)
    assert not hasattr(e, "presets") or "momentum" not in e.presets
    with pytest.raises(ValueError, match="with_bias"):
        e.set(standardise=True)


def test_nothing_a_learner_drags_breaks_the_new_controls(two):
    import random

    rng = random.Random(1)
    e = two
    sliders = [(e.method, list(ranges.METHODS)), (e.beta, ranges.values(ranges.BETA)),
               (e.batch, [int(v) for v in ranges.values(ranges.BATCH)]), (e.standardise, [True, False]),
               (e.lr, [10 ** v for v in ranges.values(ranges.LR_LOG10)]), (e.iterations, list(range(201)))]
    for _ in range(150):
        widget, values = rng.choice(sliders)
        widget.value = rng.choice(values)
        assert e.errors == [], e.errors
        assert e.summary().startswith("learning rate")


def test_b_reached_only_at_the_last_iteration_is_not_promised_to_stay(two, data):
    e = two
    e.set(method="momentum", beta=0.45, iterations=20)
    _, b_best = helpers.least_squares(data.X, data.Y, with_bias=True)
    assert helpers.steps_to_reach(e.history.b, b_best) == 20
    assert "after the last of the 20 iterations; add iterations" in e.summary() and "and stays there" not in e.summary()



def test_w_reached_only_at_the_last_iteration_is_not_promised_to_stay(data):
    e = helpers.TrainingExplorer(data.X, data.Y, lr=0.028, iterations=10)
    w_best = helpers.least_squares(data.X, data.Y)
    assert helpers.steps_to_reach(e.history.w, w_best) == 10
    assert "w is within 0.01 of the best w" in e.summary()
    assert "after the last of the 10 iterations; add iterations" in e.summary() and "and stays there" not in e.summary()
    e.iterations.value = 30  # more iterations show that it does stay
    assert "w gets within 0.01 of the best w" in e.summary() and "after 10 iterations and stays there" in e.summary()


# ---------------------------------------------------------------- text alternatives of the pictures

def test_each_training_picture_says_what_it_shows(explorer, data):
    e = explorer
    e.set(lr=0.05, iterations=30)
    e.shown.value = 12
    h = e.history
    w12, b12 = h.path()[12]
    fit, loss, landscape = (p.image.tooltip for p in e.panels)
    assert f"the line y = {w12:.4f}·x" in fit and "after 12 of 30 iterations" in fit
    losses = e.run.losses(30)
    # the pictures draw the run up to the iteration shown, and say so: nothing past it is given away
    assert f"over 30 iterations: from {losses[0]:.4f} to {losses[12]:.4f} in 12 of its 30 steps so far" in loss
    assert f"iteration 12 is marked, loss {e.run.loss_at(w12, b12):.4f}" in loss
    assert f"lowest possible is {e.run.best_loss:.3f}" in loss
    w_end, b_end = h.path()[30]
    if f"{w_end:.4f}" != f"{w12:.4f}":  # (with w alone at lr 0.05, w has settled by iteration 12)
        assert f"{w_end:.4f}" not in loss + landscape and f"{losses[30]:.4f}" not in loss
    if e.with_bias:
        assert f"from w = -10, b = -20 to w = {w12:.4f}, b = {b12:.4f} in 12 of its 30 steps so far" in landscape
        w_best, b_best = helpers.least_squares(data.X, data.Y, with_bias=True)
        assert f"optimum at w = {w_best:.2f}, b = {b_best:.2f}" in landscape
    else:
        assert f"from w = -10 to w = {w12:.4f} in 12 of its 30 steps so far" in landscape
        assert f"bottom at w = {helpers.least_squares(data.X, data.Y):.4f}" in landscape
    e.shown.value = 30
    fit, loss, landscape = (p.image.tooltip for p in e.panels)
    assert f"to {losses[30]:.4f} in 30 steps" in loss and f"to w = {w_end:.4f}" in landscape
    # the path itself is drawn up to the iteration shown
    e.shown.value = 5
    assert len(e.path.get_xdata()) == 6 and len(e.loss_line.get_xdata()) == 6


def test_predict_first_hides_the_run_until_it_has_played_to_its_end(data):
    e = helpers.TrainingExplorer(data.X, data.Y, predict=True)
    hidden = e.summary()
    assert e.shown.value == 0 and len(e.path.get_xdata()) == 1  # only the start is drawn
    assert "Predict first" in hidden and "learning rate 0.1, 20 iterations from w = -10" in hidden
    for answer in ("oscillating", "zig-zags towards it", "After 20", f"{e.history.w[-1]:.4f}"):
        assert answer not in hidden and answer not in "".join(p.image.tooltip for p in e.panels)
    e.set(lr=0.13, iterations=60)  # any change hides the new run again
    assert e.shown.value == 0 and "diverging" not in e.summary()
    e.shown.value = 30  # half-way through a replay: still hidden, the path half drawn
    assert "Predict first" in e.summary() and len(e.path.get_xdata()) == 31
    e.shown.value = 60  # played to the end: the verdict
    assert "diverging" in e.summary() and "After 60 of 60" in e.summary()
    e.shown.value = 8  # then back to iteration 8 (the guide does so on the contour map): the numbers stay
    assert "diverging" in e.summary() and "After 8 of 60" in e.summary()
    e.set(lr=0.12)  # until a setting changes: hidden again
    assert "Predict first" in e.summary()
    e.set(lr=0.13)
    e.predict.value = False  # off: the whole run at once, as before
    e.set(lr=0.1, iterations=20)
    assert e.shown.value == 20 and "oscillating" in e.summary() and not e.errors
    with pytest.raises(TypeError, match="predict"):
        helpers.TrainingExplorer(data.X, data.Y, predict="yes")


def test_predict_first_draws_the_same_loss_axis_whatever_the_run_will_do(data):
    """While a run is hidden for a prediction, the loss axis fits its start and the iterations asked for: a
    diverging run's top (10**40 at 0.3) or an overflow after 29 iterations would answer the question before ▶."""
    e = helpers.TrainingExplorer(data.X, data.Y, predict=True)
    axes = {}
    for lr in (0.01, 0.1, 0.13, 0.3):
        e.set(lr=lr, iterations=200)
        axes[lr] = e.drawing.loss_axis[:2]
        assert " 29 " not in "".join(p.image.tooltip for p in e.panels), lr  # nor the text alternatives
    assert set(axes.values()) == {(200, axes[0.1][1])} and axes[0.1][1] < 1e5
    e.shown.value = 10  # a replay in progress: the axis grows with the loss drawn so far
    assert e.drawing.loss_axis[1] >= max(e.history.loss[:11]) and e.drawing.loss_axis[1] < 1e40
    e.shown.value = e.shown.max  # played to its end: the whole run's axis, 29 iterations to the overflow
    assert e.drawing.loss_axis[:2] == (30, 1e40)
    e.predict.value = False
    e.set(lr=0.13, iterations=20)  # without predict first, the axis fits the whole run at once
    assert e.drawing.loss_axis[1] >= max(e.history.loss)


def test_predict_first_names_what_a_preset_changes_besides_the_learning_rate(data):
    """A class predicting the standardised, momentum or batches run is told it is not plain descent on x."""
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True, predict=True)
    for preset, words in (("standardised", "learning rate 0.49 on standardised x"),
                          ("momentum", "learning rate 0.1 with momentum β = 0.5,"),
                          ("mini-batch", "learning rate 0.1 on mini-batches of 10,")):
        e.apply_preset(preset)
        assert e.summary().startswith("Predict first") and words in e.summary(), preset
    e.apply_preset("tutorial")
    assert "learning rate 0.1, 20 iterations" in e.summary()


def test_the_loss_explorer_can_keep_the_bowl_to_itself(data):
    """Predict first in explorer 2: the loss only at the w values visited, no minimum in words or picture,
    until the box is unticked; reset forgets the visits."""
    e = helpers.LossExplorer(data.X, data.Y, predict=True)
    curve, minimum = e._bowl
    hidden_png = e.panels[1].png
    for w in (0.0, -2.5):
        e.w.value = w
    text, title = e.summary(), e.panels[1].image.tooltip
    assert "Predict first" in text and "lowest possible" not in text and "-5.00" not in text + title
    assert not curve.get_visible() and not minimum.get_visible() and "3 dots" in title
    assert list(e._dots.get_xdata()) == [-10.0, -2.5, 0.0]
    e.predict.value = False
    assert "the lowest possible is 0.168 at w = -5.00" in e.summary() and curve.get_visible()
    assert e.panels[1].png != hidden_png and "-5.00" in e.panels[1].image.tooltip
    e.predict.value = True
    e.reset()
    assert e.w.value == -10.0 and e.predict.value and "1 dot;" in e.panels[1].image.tooltip
    assert helpers.LossExplorer(data.X, data.Y).predict.value is False  # the notebook's explorer shows it all
    with pytest.raises(TypeError, match="predict"):
        helpers.LossExplorer(data.X, data.Y, predict="yes")


def test_a_diverging_picture_is_described_in_the_numbers_it_reached(explorer):
    e = explorer
    e.set(lr=0.3, iterations=200)
    n = e.history.diverged_at
    w_end = e.history.path()[n][0]
    assert f"after {n} of {n} iterations" in e.panels[0].image.tooltip
    assert f"to w = {w_end:.3e}" in e.panels[2].image.tooltip


def test_data_and_loss_pictures_say_what_they_show(data):
    d = helpers.DataExplorer()
    d.slope.value, d.noise.value, d.seed.value = 2.0, 3.0, 7
    text = d.panels[0].image.tooltip
    spread = float((d.data.Y - d.data.line).std(unbiased=False))
    assert "y = 2.0·x + noise (noise 3.0, seed 7)" in text and f"by {spread:.2f}" in text
    e = helpers.LossExplorer(data.X, data.Y)
    e.w.value = -7.5
    loss = float(helpers.loss_curve(data.X, data.Y, [-7.5])[0])
    assert "model line y = -7.5·x" in e.panels[0].image.tooltip
    assert f"the marker at w = -7.5 shows a loss of {loss:.1f}" in e.panels[1].image.tooltip
    # at the bottom the label says 0.17, as the text and the readout do, not a rounded 0.2
    e.w.value = -5.0
    assert "shows a loss of 0.17." in e.panels[1].image.tooltip and e.marker_text.get_text() == "L = 0.17"


def test_play_replays_the_run_with_labelled_buttons(explorer, monkeypatch):
    import asyncio

    e = explorer
    assert e.play_button.description == "▶ play" and e.stop_button.description == "■ stop"
    assert in_a_fresh_thread(e.play) is None and e.shown.value == 0  # no loop: back to the start, no replay
    runs, seen = e.runs, []
    e.shown.observe(lambda change: seen.append(e.summary().splitlines()[-1]), names="value")
    monkeypatch.setattr(type(e), "PLAY_INTERVAL", 0.0)

    async def replay():
        task = e.play()
        await task
    in_a_fresh_thread(lambda: asyncio.run(replay()))
    assert e.shown.value == e.shown.max == 20 and e.runs == runs  # redrawn from the stored run, not retrained
    assert [line.split(":")[0] for line in seen] == [f"After {k} of 20 iterations" for k in range(1, 21)]

    async def stopped():
        e.shown.value = 0
        task = e.play()
        await asyncio.sleep(0)
        e.stop()
        await asyncio.sleep(0.01)
        return task.cancelled()
    monkeypatch.setattr(type(e), "PLAY_INTERVAL", 0.001)
    assert in_a_fresh_thread(lambda: asyncio.run(stopped())) and e.shown.value < 20


def test_a_long_run_replays_within_play_seconds(explorer, monkeypatch):
    """▶ on 200 iterations steps 5 at a time, so the replay lasts PLAY_SECONDS, not 200 intervals; 20 go one by one."""
    import asyncio

    e = explorer
    seen = []
    e.shown.observe(lambda change: seen.append(change["new"]), names="value")
    for iterations, stride in ((200, 5), (20, 1)):
        e.set(iterations=iterations)
        e.shown.value = 0
        seen.clear()
        monkeypatch.setattr(type(e), "PLAY_INTERVAL", 0.001)
        monkeypatch.setattr(type(e), "PLAY_SECONDS", 0.04 if iterations == 200 else 1.0)

        async def replay():
            await e.play()
        in_a_fresh_thread(lambda: asyncio.run(replay()))
        assert seen == list(range(stride, iterations + 1, stride)), (iterations, seen[:5])
        assert len(seen) * type(e).PLAY_INTERVAL <= type(e).PLAY_SECONDS + 1e-12


def test_every_slider_has_a_named_number_box_tied_to_it(data):
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    assert sorted(e.value_boxes) == sorted(["iterations", "initial w", "initial b", "iteration shown", "momentum β",
                                            "batch size"])
    for label, box in e.value_boxes.items():
        assert box.description == label  # its accessible name
    box = e.value_boxes["initial w"]
    box.value = -7.5  # typed into the box: the slider follows and the run restarts from there
    assert e.w0.value == -7.5 and e.history.w0 == -7.5
    e.w0.value = -9.700000000000001  # what the browser's arithmetic can send: the box shows the step's digits
    assert box.value == -9.7
    e.set(iterations=50)
    assert e.value_boxes["iteration shown"].max == 50 and e.value_boxes["iteration shown"].value == 50
    assert e.errors == []
    d = helpers.DataExplorer()
    row = d.widget.children[0].children[0]
    assert row.children[0] is d.slope and row.children[1].description == "slope" and not d.slope.readout


# ---------------------------------------------------------------- drawing ahead

def lr_sweep(e, count=30):
    """Drag the learning rate across its slider from code: the time of each update, in ms."""
    import time

    times = []
    for v in np.linspace(ranges.LR_LOG10[0], ranges.LR_LOG10[1], count):
        start = time.perf_counter()
        e.lr.value = 10 ** v
        times.append((time.perf_counter() - start) * 1000)
    return times


def test_drawing_ahead_gives_every_learning_rate_a_ready_background_and_changes_no_picture(explorer):
    e = explorer
    pictures = [p.png for p in e.panels]
    loss_panel = e.panels[1]
    drawn = e.draw_ahead()
    assert drawn >= 2  # the default run's own axis, plus those of diverging runs (their tops climb in steps)
    assert [p.png for p in e.panels] == pictures and e.errors == []
    loss_panel.render()
    assert loss_panel.png == pictures[1]  # the shown picture's axis was put back
    axis = e.drawing.loss_axis
    e.lr.value = 0.09
    assert e.drawing.loss_axis == axis
    assert list(e.draw_ahead_steps()) == []  # a new learning rate alone: nothing to try again
    e.play_button.click()
    e.stop_button.click()
    assert list(e.draw_ahead_steps()) == []  # a replay stopped forgets nothing
    e.w0.value = -9.0
    assert len(list(e.draw_ahead_steps())) >= len(e.AHEAD_LRS)  # a new start: every trial run again
    cached = len(loss_panel._cache)
    lr_sweep(e)
    assert len(loss_panel._cache) == cached  # the sweep found every background it needed ready


def test_drawing_ahead_waits_for_a_pause_after_a_change_in_the_browser_and_never_for_code(data, monkeypatch):
    import asyncio

    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    monkeypatch.setattr(type(e), "DRAW_AHEAD_PAUSE", 0.05)

    async def changed_by(source):
        if source == "code":
            e.lr.value = 0.05
        else:  # what ipywidgets does with a value the browser sent
            e.lr.set_state({"value": 0.02})
        started, after_change = e._ahead, len(e.panels[1]._cache)
        await asyncio.sleep(0.01)
        during_pause = len(e.panels[1]._cache)
        if started is not None:
            await started
        return started is not None, after_change, during_pause

    started, after_change, during_pause = in_a_fresh_thread(lambda: asyncio.run(changed_by("code")))
    assert not started and len(e.panels[1]._cache) == during_pause == after_change
    started, after_change, during_pause = in_a_fresh_thread(lambda: asyncio.run(changed_by("browser")))
    assert started and during_pause == after_change  # nothing drawn before the pause ended
    assert len(e.panels[1]._cache) > after_change and e.errors == []
    assert e.draw_ahead() == 0  # it had drawn all there was to draw

    busy = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)  # on a busy hub: the last change waited
    busy.pacer.waited = 2 * busy.BUSY
    e = busy
    started, after_change, _ = in_a_fresh_thread(lambda: asyncio.run(changed_by("browser")))
    assert started and len(busy.panels[1]._cache) == after_change and busy.errors == []  # the hub's time is left be
    busy.pacer.waited = 0.0
    assert busy.draw_ahead() > 0  # it had not drawn ahead, and can once the machine is free


@pytest.mark.parametrize("make", [lambda d: helpers.DataExplorer(), lambda d: helpers.LossExplorer(d.X, d.Y)],
                         ids=["data", "loss"])
def test_a_snapshot_s_readout_row_is_as_tall_as_its_text(data, make):
    """The picture stored for readers without a kernel: a readout with a row of its own (notebooks 1 and 2) gets
    the height of its lines, not of a picture (it left the lower 40% of the picture blank), and shows in it."""
    import io

    from PIL import Image

    explorer = make(data)
    snapshot = np.asarray(Image.open(io.BytesIO(explorer.snapshot())).convert("L"))
    panel = explorer.panels[0].png
    panel_height = Image.open(io.BytesIO(panel)).size[1]
    lines = len(explorer.summary().splitlines()) + 1  # and the share line under them
    assert panel_height < snapshot.shape[0] <= panel_height + lines * 2 * explorer.SNAPSHOT_LINE + 2 * explorer.SNAPSHOT_PAD
    text_rows = snapshot[panel_height:]
    inked = np.flatnonzero((text_rows < 128).any(axis=1))  # rows of pixels with dark text in them
    assert inked.size, "the readout's text is not in the snapshot"
    blank_below = text_rows.shape[0] - 1 - inked[-1]
    assert blank_below <= 2 * explorer.SNAPSHOT_PAD, f"{blank_below} blank rows of pixels below the readout"


def _controls(explorer):
    """Every value a learner can set on an explorer, by widget description (sliders, boxes, buttons, checkboxes)."""
    import ipywidgets as widgets

    found, todo = {}, [explorer.widget]
    while todo:
        w = todo.pop()
        todo.extend(getattr(w, "children", ()))
        if isinstance(w, widgets.ValueWidget) and not isinstance(w, (widgets.HTML, widgets.Image, widgets.Label)):
            found[(type(w).__name__, w.description)] = w.value
    return found


@pytest.mark.parametrize("make, change", [
    (lambda d: helpers.DataExplorer(), lambda e: (setattr(e.slope, "value", 2.0), setattr(e.noise, "value", 3.0),
                                                  setattr(e.seed, "value", 7))),
    (lambda d: helpers.LossExplorer(d.X, d.Y), lambda e: setattr(e.w, "value", 3.0)),
    (lambda d: helpers.TrainingExplorer(d.X, d.Y), lambda e: e.set(lr=0.13, iterations=60, w0=2.0)),
    (lambda d: helpers.TrainingExplorer(d.X, d.Y, with_bias=True),
     lambda e: e.set(lr=0.05, iterations=90, w0=1.0, b0=5.0, method="momentum", beta=0.8, standardise=True)),
], ids=["data", "loss", "training", "two-parameter"])
def test_every_explorer_resets_to_its_defaults(data, make, change):
    e = make(data)
    start, readout = _controls(e), e.summary()
    assert len(start) >= 2
    change(e)
    assert _controls(e) != start and e.summary() != readout
    e.reset()
    assert _controls(e) == start and e.summary() == readout and not e.errors


def test_the_reset_button_resets_and_redraws_once(data):
    import ipywidgets as widgets

    e = helpers.LossExplorer(data.X, data.Y)
    button = next(w for w in e.widget.children[0].children if isinstance(w, widgets.Button))
    assert button.description == "↺ reset"
    e.w.value = 3.0
    drawn = []
    e.update = lambda original=e.update: (drawn.append(1), original())[1]
    button.click()
    assert e.w.value == -10.0 and drawn == [1]


def test_no_two_controls_share_a_label(two):
    """Notebook 4's explorer: a method button and a preset never read the same (both once said "momentum")."""
    import ipywidgets as widgets

    labels = list(two.method.options)
    for control in _all_widgets(two.widget):
        if isinstance(control, widgets.Button) or (isinstance(control, (widgets.FloatSlider, widgets.IntSlider,
                                                                        widgets.Checkbox)) and control.description):
            labels.append(control.description)
    assert len(labels) > 15
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
    assert two.presets["momentum"].description == "momentum β 0.5"


def _all_widgets(root):
    yield root
    for child in getattr(root, "children", ()):
        yield from _all_widgets(child)


def test_tick_labels_never_run_together(data):
    """At the explorers' 14 pt, neighbouring tick labels keep a gap, for runs of any length (once 0 to 200 in
    steps of 20 printed as '100120140160180200')."""
    crowded = []
    for with_bias in (False, True):
        e = helpers.TrainingExplorer(data.X, data.Y, with_bias=with_bias)
        settings = [{"iterations": n} for n in (1, 5, 20, 37, 60, 100, 200, 500, 1000)]
        if with_bias:
            settings += [{"method": "momentum", "beta": 0.9, "iterations": 200}, {"method": "mini-batch"}]
        for setting in settings:
            e.set(**setting)
            for panel in e.panels:
                renderer = panel.fig.canvas.get_renderer()
                for axis in (panel.ax.xaxis, panel.ax.yaxis):
                    low, high = sorted(axis.get_view_interval())
                    shown = [t for t, where in zip(axis.get_ticklabels(), axis.get_ticklocs())
                             if t.get_text() and low - 1e-9 <= where <= high + 1e-9]
                    boxes = [t.get_window_extent(renderer) for t in shown]
                    gaps = [b.x0 - a.x1 if axis is panel.ax.xaxis else b.y0 - a.y1 for a, b in zip(boxes, boxes[1:])]
                    if gaps and min(gaps) < 4:
                        crowded.append((with_bias, setting, panel.ax.get_title(), [t.get_text() for t in shown]))
    assert crowded == []


def test_the_loss_axis_follows_a_shorter_run(data):
    """The guide's order (momentum preset, β 0.9 over 200 iterations, then batches of 10: 100 steps) once left the
    axis at 0-200 with half the panel empty; a run that fills less than two thirds of the axis gets a shorter one."""
    e = helpers.TrainingExplorer(data.X, data.Y, with_bias=True)
    e.apply_preset("momentum")
    e.set(beta=0.9, iterations=200)
    assert e.panels[1].ax.get_xlim()[1] == 200
    e.apply_preset("mini-batch")
    assert e.panels[1].ax.get_xlim()[1] == 100
    e.set(method="gradient descent", iterations=90)  # 90 fills 0-100 well enough: the axis stays
    assert e.panels[1].ax.get_xlim()[1] == 100
    # notebook 3's text: 0.3 with 200 iterations overflows after 29 (axis 0-30), then back to the tutorial's 20
    e3 = helpers.TrainingExplorer(data.X, data.Y)
    e3.set(lr=0.3, iterations=200)
    assert e3.panels[1].ax.get_xlim()[1] == 30
    e3.set(lr=0.1, iterations=20)
    assert e3.panels[1].ax.get_xlim()[1] == 20  # the run fills its axis again, as on a fresh explorer


def test_predict_first_ticked_after_dragging_starts_the_dots_afresh(data):
    """Predict first ticked in the notebook's explorer after w has been dragged (cell by cell the notebook sets
    -8.3, then -5): no dot from before, least of all one at the bottom, and the legend shows the dot it names."""
    e = helpers.LossExplorer(data.X, data.Y)
    for w in (-8.3, -5.0, -7.0):
        e.w.value = w
    e.predict.value = True
    assert list(e._dots.get_xdata()) == [-7.0] and "1 dot;" in e.panels[1].image.tooltip
    e.w.value = -6.0
    assert list(e._dots.get_xdata()) == [-7.0, -6.0]
    legend = e.panels[1].ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["loss where w has been"]
    assert all(handle.get_visible() for handle in legend.legend_handles)


def test_the_loss_explorer_says_when_the_line_slopes_the_wrong_way(data):
    """At w = 3 the line rises while the data fall: the nineteenth review was told it was 'too flat'."""
    e = helpers.LossExplorer(data.X, data.Y)
    e.w.value = 3.0
    assert "slopes the wrong way" in e.summary() and "rises where the data fall" in e.summary()
    assert "too flat" not in e.summary()
    e.w.value = -2.0
    assert "too flat" in e.summary()  # the right way, not steep enough


def test_preset_tooltips_name_the_settings_not_the_outcome():
    """From the thirty-ninth review: hovering "lr 0.13: blows up" or "b there in 3 steps" answered the predictions a
    class is asked to make before it presses the button."""
    from course.ranges import PRESETS, PRESETS_WITH_BIAS

    for name, (settings, tooltip) in {**PRESETS, **PRESETS_WITH_BIAS}.items():
        if "lr" in settings:
            assert f"lr {settings['lr']:g}" in tooltip, (name, tooltip)
        assert not any(word in tooltip for word in ("blows", "diverg", "there in", "zig", "slow", "fast")), (name, tooltip)
