"""Property-based tests: whatever a learner passes to a public helper, it either works or says which argument
was wrong (ValueError or TypeError naming it) - never another exception, never a hang."""

import inspect
import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers

DATA = helpers.make_data()

# what a learner might type or pass by mistake, and some values that are right
GARBAGE = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.complex_numbers(max_magnitude=1e6),
    st.text(max_size=4), st.lists(st.floats(allow_nan=False, width=32), max_size=4), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sampled_from([torch.tensor(1.5), torch.tensor([1.0, 2.0]), torch.zeros(3, 2), torch.tensor(True),
                     torch.tensor([1 + 2j]), torch.tensor(float("nan")), np.float64(0.1), np.array([[0.5]]),
                     np.zeros((2, 2)), DATA.X, DATA.Y, DATA.X[:10], torch.tensor([]), 10**30]),
)
SETTINGS = settings(max_examples=200, deadline=3000, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)


def calls_fine_or_names(fn, **kwargs):
    """Call ``fn``; a ValueError or TypeError must name one of its parameters; any other exception fails."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, fn(**kwargs)
    except (ValueError, TypeError) as exc:
        names = list(inspect.signature(fn).parameters)
        assert any(name in str(exc) for name in names), f"{fn.__name__}({kwargs!r:.200}) said {exc!r}"
        return False, None


def maybe(valid):
    """Mostly garbage, sometimes a right value."""
    return st.one_of(GARBAGE, valid)


@SETTINGS
@given(slope=maybe(st.floats(-10, 10)), noise=maybe(st.floats(0, 5)), seed=maybe(st.integers(0, 100)),
       start=maybe(st.just(-5.0)), stop=maybe(st.just(5.0)), step=maybe(st.sampled_from([0.1, 0.5, 1e-9])))
def test_make_data(slope, noise, seed, start, stop, step):
    ok, data = calls_fine_or_names(helpers.make_data, slope=slope, noise=noise, seed=seed, start=start, stop=stop,
                                   step=step)
    if ok:
        assert data.X.shape == data.Y.shape and data.X.numel() > 0


@SETTINGS
@given(x=maybe(st.just(DATA.X)), w=maybe(st.floats(-10, 10)), b=maybe(st.floats(-10, 10)))
def test_forward(x, w, b):
    ok, out = calls_fine_or_names(helpers.forward, x=x, w=w, b=b)
    if ok:
        assert isinstance(out, (torch.Tensor, float, int)) and not isinstance(out, bool)


@SETTINGS
@given(y_pred=maybe(st.just(DATA.Y * 0.5)), y=maybe(st.just(DATA.Y)))
def test_mse(y_pred, y):
    ok, out = calls_fine_or_names(helpers.mse, y_pred=y_pred, y=y)
    if ok:
        assert isinstance(out, torch.Tensor) and out.numel() == 1


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.just(DATA.Y)), ws=maybe(st.lists(st.floats(-20, 20), min_size=1, max_size=5)),
       b=maybe(st.floats(-10, 10)))
def test_loss_curve(X, Y, ws, b):
    ok, out = calls_fine_or_names(helpers.loss_curve, X=X, Y=Y, ws=ws, b=b)
    if ok:
        assert isinstance(out, np.ndarray) and out.ndim == 1


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.just(DATA.Y)), w0=maybe(st.floats(-15, 5)),
       lr=maybe(st.floats(1e-4, 0.5)), iterations=maybe(st.integers(0, 50)), b0=maybe(st.floats(-25, 15)),
       momentum=maybe(st.floats(0, 0.99)))
def test_train(X, Y, w0, lr, iterations, b0, momentum):
    ok, history = calls_fine_or_names(helpers.train, X=X, Y=Y, w0=w0, lr=lr, iterations=iterations, b0=b0,
                                      momentum=momentum)
    if ok:
        assert history.iterations <= iterations and len(history.w) == history.iterations


@SETTINGS
@given(X=maybe(st.just(DATA.X)), with_bias=maybe(st.booleans()))
def test_analysis(X, with_bias):
    for fn in (helpers.hessian, helpers.curvatures, helpers.critical_lr):
        ok, out = calls_fine_or_names(fn, X=X, with_bias=with_bias)
        if ok:
            assert np.all(np.isfinite(out))


@SETTINGS
@given(lr=maybe(st.floats(1e-4, 1)), lr_critical=maybe(st.floats(1e-3, 1)))
def test_regime(lr, lr_critical):
    ok, out = calls_fine_or_names(helpers.regime, lr=lr, lr_critical=lr_critical)
    if ok:
        assert out in ("smooth", "oscillating", "diverging")


@SETTINGS
@given(values=maybe(st.lists(st.floats(-10, 10), max_size=5)), target=maybe(st.floats(-10, 10)),
       tol=maybe(st.floats(1e-3, 1)))
def test_steps_to_reach(values, target, tol):
    ok, out = calls_fine_or_names(helpers.steps_to_reach, values=values, target=target, tol=tol)
    if ok:
        assert out is None or isinstance(out, int)


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.just(DATA.Y)), with_bias=maybe(st.booleans()))
def test_least_squares(X, Y, with_bias):
    ok, out = calls_fine_or_names(helpers.least_squares, X=X, Y=Y, with_bias=with_bias)
    if ok:
        assert all(math.isfinite(v) for v in (out if isinstance(out, tuple) else (out,)))


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.none() | st.just(DATA.Y)), line=maybe(st.none() | st.just(DATA.line)),
       title=maybe(st.none() | st.text(max_size=5)))
def test_plot_data(X, Y, line, title):
    calls_fine_or_names(helpers.plot_data, X=X, Y=Y, line=line, title=title)


@SETTINGS
@given(history=maybe(st.lists(st.floats(0.1, 100), min_size=1, max_size=5)), log=maybe(st.booleans()),
       title=maybe(st.text(max_size=5)))
def test_plot_losses(history, log, title):
    calls_fine_or_names(helpers.plot_losses, history=history, log=log, title=title)


@SETTINGS
@given(ws=maybe(st.just([-1.0, 0.0, 1.0])), losses=maybe(st.just([1.0, 0.0, 1.0])),
       marks=maybe(st.none() | st.just([(0.0, 0.0)])), title=maybe(st.text(max_size=5)))
def test_plot_loss_vs_w(ws, losses, marks, title):
    calls_fine_or_names(helpers.plot_loss_vs_w, ws=ws, losses=losses, marks=marks, title=title)


@SETTINGS
@given(runs=maybe(st.just({"a": [1.0, 2.0]})), ylabel=maybe(st.just("w")), title=maybe(st.just("t")),
       log=maybe(st.booleans()))
def test_plot_runs(runs, ylabel, title, log):
    calls_fine_or_names(helpers.plot_runs, runs=runs, ylabel=ylabel, title=title, log=log)


RUN_WB = helpers.train(DATA.X, DATA.Y, b0=-20.0, iterations=5)


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.just(DATA.Y)),
       runs=maybe(st.sampled_from([{"a": RUN_WB}, {"a": [(-10.0, -20.0), (-5.0, 0.0)]}, {"a": [1.0, 2.0, 3.0]},
                                   {"a": helpers.train(DATA.X, DATA.Y, iterations=2)}, {}])),
       title=maybe(st.text(max_size=5)))
def test_plot_paths(X, Y, runs, title):
    calls_fine_or_names(helpers.plot_paths, X=X, Y=Y, runs=runs, title=title)


@SETTINGS
@given(slope=maybe(st.floats(-10, 10)), noise=maybe(st.floats(0, 5)), seed=maybe(st.integers(0, 50)))
def test_data_explorer(slope, noise, seed):
    calls_fine_or_names(helpers.DataExplorer, slope=slope, noise=noise, seed=seed)


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.just(DATA.Y)), w=maybe(st.floats(-15, 5)))
def test_loss_explorer(X, Y, w):
    calls_fine_or_names(helpers.LossExplorer, X=X, Y=Y, w=w)


@SETTINGS
@given(X=maybe(st.just(DATA.X)), Y=maybe(st.just(DATA.Y)), with_bias=maybe(st.booleans()),
       lr=maybe(st.floats(1e-3, 0.3)), iterations=maybe(st.integers(0, 200)), w0=maybe(st.floats(-15, 5)),
       b0=maybe(st.floats(-25, 15)), method=maybe(st.sampled_from(["gradient descent", "momentum", "mini-batch"])),
       beta=maybe(st.floats(0, 0.95)), batch=maybe(st.integers(1, 100)), standardise=maybe(st.booleans()))
def test_training_explorer(X, Y, with_bias, lr, iterations, w0, b0, method, beta, batch, standardise):
    ok, e = calls_fine_or_names(helpers.TrainingExplorer, X=X, Y=Y, with_bias=with_bias, lr=lr,
                                iterations=iterations, w0=w0, b0=b0, method=method, beta=beta, batch=batch,
                                standardise=standardise)
    if ok:
        assert e.errors == [] and e.history.lr == pytest.approx(e.lr_control.value)


def test_train_refuses_an_endless_run_at_once():
    import signal
    import time

    def too_slow(*_):
        raise TimeoutError("train(iterations=10**30) started training instead of refusing at once")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(5)  # without the bound this would run for ever: fail instead of hanging the suite
    try:
        start = time.perf_counter()
        with pytest.raises(ValueError, match="iterations must be at most 100,000"):
            helpers.train(DATA.X, DATA.Y, iterations=10**30)
        assert time.perf_counter() - start < 0.5
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
