"""The training explorer's logic on its own: no widget is created or even imported."""

import re
import subprocess
import sys

import pytest

import helpers
from course.training_run import TrainingRun

DATA = helpers.make_data()


def test_the_logic_imports_no_widget_and_no_matplotlib():
    code = ("import sys; import course.training_run; "
            "assert 'ipywidgets' not in sys.modules and 'matplotlib' not in sys.modules, 'drawing was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("with_bias", [False, True])
def test_a_run_is_the_notebooks_loop_and_extends_like_one_long_run(with_bias):
    run = TrainingRun(DATA.X, DATA.Y, with_bias=with_bias)
    b0 = -20.0 if with_bias else None
    run.restart(0.1, -10.0, b0, 20)
    assert run.runs == 1 and run.history.iterations == 20
    long = helpers.train(DATA.X, DATA.Y, w0=-10.0, lr=0.1, iterations=150, b0=b0)
    for n in (5, 150, 60):  # shorter needs nothing; longer extends from where the run ended
        run.ensure(n)
    assert run.runs == 1 and run.history.loss == long.loss and run.history.w == long.w
    assert run.state(150) == long.path()[150] and run.state(0) == (-10.0, b0 if with_bias else 0.0)
    losses = run.losses(20)
    assert losses[:20] == long.loss[:20] and len(losses) == 21
    assert losses[20] == pytest.approx(float(helpers.loss_curve(DATA.X, DATA.Y, [long.w[19]],
                                                                b=long.b[19] if with_bias else 0.0)[0]))


def test_readout_of_a_converging_run():
    run = TrainingRun(DATA.X, DATA.Y)
    run.restart(0.1, -10.0, None, 20)
    text = run.readout(20, 20)
    w_best = helpers.least_squares(DATA.X, DATA.Y)
    assert "<b>oscillating</b>" in text and "shrinks ×0.67 per step" in text
    assert f"within 0.01 of the best w ({w_best:.4f}) after 16 iterations and stays there" in text
    assert f"After 20 of 20 iterations: w = {run.history.w[-1]:.4f}" in text
    assert "After 7 of 20 iterations" in run.readout(20, 7)
    run.restart(1 / (2 * float((DATA.X ** 2).mean())), -10.0, None, 20)
    assert "after 1 iteration and stays there" in run.readout(20, 20)  # one step lands on w*


def test_readout_of_a_run_that_overflows():
    run = TrainingRun(DATA.X, DATA.Y)
    run.restart(0.3, -10.0, None, 200)
    n = run.history.diverged_at
    assert n is not None and run.steps(200) == n < 200
    text = run.readout(200, 200)
    assert "<b>diverging</b>" in text and "grows ×4.00 per step" in text
    assert f"you asked for 200 iterations, but the run stopped after {n}," in text
    assert f"After {n} of the {n} iterations that ran" in text
    # asking for fewer iterations than ran before the overflow is an ordinary run
    assert "Stopped early" not in run.readout(10, 10) and "After 10 of 10 iterations" in run.readout(10, 10)


def test_readout_with_bias_speaks_of_the_two_directions():
    run = TrainingRun(DATA.X, DATA.Y, with_bias=True)
    run.restart(0.01, -10.0, -20.0, 100)
    text = run.readout(100, 100)
    assert "along the steep direction (mostly w)" in text and "closes only 2.0% of the remaining distance" in text
    assert "Along the shallow direction (mostly b)" in text  # notebook 4 part 1 names both directions
    assert f"b = {run.history.b[-1]:.4f}" in text and "gets within 0.01" not in text  # exercise 4.1 counts that,
    assert "exercise 4.1's question" in text  # and the readout says why it gives no count,
    run.restart(0.13, -10.0, -20.0, 60)  # but not for a run that diverges, which has no count to give
    assert "exercise 4.1" not in run.readout(60, 60)


@pytest.mark.parametrize("with_bias", [False, True])
def test_descend_gives_train_s_numbers_bit_for_bit(with_bias):
    """The explorer's run skips autograd; over the sliders' ranges it must not change a single bit."""
    from course import ranges
    from course.training_run import descend

    lrs = [10 ** v for v in ranges.values(ranges.LR_LOG10)[::25]] + [0.06, 0.1, 0.1199, 0.125, 0.3]
    starts = [(w0, b0 if with_bias else None) for w0 in ranges.W0[:2] + (-10.0,) for b0 in ranges.B0[:2] + (-20.0,)]
    for lr in lrs:
        for w0, b0 in starts:
            fast = descend(DATA.X, DATA.Y, w0, lr, ranges.MAX_ITERATIONS, b0)
            exact = helpers.train(DATA.X, DATA.Y, w0=w0, lr=lr, iterations=ranges.MAX_ITERATIONS, b0=b0)
            assert fast == exact, (lr, w0, b0)


@pytest.mark.parametrize("with_bias", [False, True])
def test_just_above_half_lr_star_the_readout_says_one_step_lands(with_bias):
    """At 0.06, just above lr*/2, each step overshoots by a hair: what the run shows is one jump to the minimum."""
    run = TrainingRun(DATA.X, DATA.Y, with_bias=with_bias)
    b0 = -20.0 if with_bias else None
    run.restart(0.06, -10.0, b0, 60)
    factor = 1 - 0.06 * 2 / run.lr_critical
    assert -0.05 < factor < 0  # the other side, but under 5% of the distance
    text = run.readout(60, 60)
    along = " along the steep direction (mostly w)" if with_bias else ""
    assert "<b>oscillating</b>" in text and f"lands on the minimum{along} in about one step" in text
    assert f"leaves only ×{abs(factor):.2g} of the distance" in text and "zig-zags" not in text
    if not with_bias:  # one step really lands: within 0.01 of the best w after the first step
        assert "w gets within 0.01 of the best w (-5.0002) after 1 iteration and stays there" in text


@pytest.mark.parametrize("with_bias", [False, True])
def test_just_below_half_lr_star_the_readout_says_almost_one_step_from_one_side(with_bias):
    run = TrainingRun(DATA.X, DATA.Y, with_bias=with_bias)
    lr = 0.0599  # just below lr*/2 = 0.05999
    run.restart(lr, -10.0, -20.0 if with_bias else None, 60)
    closes = lr * 2 / run.lr_critical
    text = run.readout(60, 60)
    along = " along the steep direction (mostly w)" if with_bias else ""
    assert "<b>smooth</b>" in text and f"lands almost on the minimum{along} in one step, from one side" in text
    assert f"closes {100 * closes:.1f}% of the remaining distance" in text and "100%" not in text
    run.restart(0.05, -10.0, -20.0 if with_bias else None, 60)  # further from lr*/2: an approach, not a landing
    assert "closes 83% of the remaining distance" in run.readout(60, 60) and "lands" not in run.readout(60, 60)


@pytest.mark.parametrize("with_bias", [False, True])
@pytest.mark.parametrize("lr", [0.1199, 0.11997, 0.12, 0.12001])
def test_the_factor_near_lr_star_is_never_shown_as_one(with_bias, lr):
    """Near lr* the distance changes by a fraction of a percent a step: 1.00 would say it does not change."""
    run = TrainingRun(DATA.X, DATA.Y, with_bias=with_bias)
    run.restart(lr, -10.0, -20.0 if with_bias else None, 60)
    factor = abs(1 - lr * 2 / run.lr_critical)
    text = run.readout(60, 60)
    shown = re.search(r"(?:grows|shrinks) ×([0-9.]+) per step", text).group(1)
    assert float(shown) != 1 and abs(float(shown) - factor) <= 0.5 * 10 ** -len(shown.split(".")[1])
    assert ("grows" if factor > 1 else "shrinks") in text and f"by only {abs(factor - 1) * 100:.2g}% a step" in text
