"""Tests of the shared helpers: data, model, loss, training, analysis, plots."""

import math

import numpy as np
import pytest
import torch

import helpers


@pytest.fixture(scope="module")
def data():
    return helpers.make_data()


def notebook_loop(X, Y, w0, lr, iterations, b0=None):
    """The loop exactly as notebooks 3 and 4 write it out."""
    w = torch.tensor(w0, requires_grad=True)
    b = None if b0 is None else torch.tensor(b0, requires_grad=True)
    rows = []
    for _ in range(iterations):
        y_pred = helpers.forward(X, w) if b is None else helpers.forward(X, w, b)
        loss = helpers.mse(y_pred, Y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            if b is not None:
                b -= lr * b.grad
        w.grad.zero_()
        if b is not None:
            b.grad.zero_()
        rows.append((loss.item(), w.item()) + (() if b is None else (b.item(),)))
    return rows


# ---------------------------------------------------------------- data

def test_data_shape_and_line(data):
    X, Y, line = data
    assert X.shape == Y.shape == line.shape == (100, 1)
    assert X[0, 0].item() == pytest.approx(-5.0)
    assert X[-1, 0].item() == pytest.approx(4.9, abs=1e-5)
    assert torch.allclose(line, -5 * X)
    residual = (Y - line).std().item()
    assert 0.3 < residual < 0.5  # noise of standard deviation 0.4


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = helpers.make_data(seed=0), helpers.make_data(seed=0), helpers.make_data(seed=1)
    assert torch.equal(a.Y, b.Y)
    assert not torch.equal(a.Y, c.Y)
    assert torch.equal(a.X, c.X)


def test_data_does_not_touch_global_rng():
    torch.manual_seed(123)
    expected = torch.rand(1)
    torch.manual_seed(123)
    helpers.make_data(seed=5)
    assert torch.equal(torch.rand(1), expected)


def test_slope_and_noise_are_used():
    d = helpers.make_data(slope=2.0, noise=0.0)
    assert torch.allclose(d.Y, 2.0 * d.X)


# ---------------------------------------------------------------- model and loss

def test_mse_by_hand():
    y_pred, y = torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 0.0, 6.0])
    assert helpers.mse(y_pred, y).item() == pytest.approx((0 + 4 + 9) / 3)


def test_loss_curve_matches_mse_and_has_minimum_near_minus_5(data):
    ws = np.linspace(-15, 5, 201)
    curve = helpers.loss_curve(data.X, data.Y, ws)
    for w in (-10.0, 0.0, 3.0):
        direct = helpers.mse(helpers.forward(data.X, w), data.Y).item()
        assert curve[np.argmin(abs(ws - w))] == pytest.approx(direct, rel=1e-5)
    assert ws[np.argmin(curve)] == pytest.approx(-5.0, abs=0.1)


def test_autograd_gradient_equals_formula(data):
    X, Y, _ = data
    for w0, b0 in [(-10.0, 0.0), (-3.0, 2.5), (4.0, -20.0)]:
        w = torch.tensor(w0, requires_grad=True)
        b = torch.tensor(b0, requires_grad=True)
        helpers.mse(helpers.forward(X, w, b), Y).backward()
        residual = w0 * X + b0 - Y
        assert w.grad.item() == pytest.approx((2 * (X * residual).mean()).item(), rel=1e-5)
        assert b.grad.item() == pytest.approx((2 * residual.mean()).item(), rel=1e-5)


# ---------------------------------------------------------------- training

def test_train_reproduces_notebook_loop_one_parameter(data):
    rows = notebook_loop(data.X, data.Y, -10.0, 0.1, 20)
    h = helpers.train(data.X, data.Y, w0=-10.0, lr=0.1, iterations=20)
    assert h.loss == [r[0] for r in rows]
    assert h.w == [r[1] for r in rows]
    assert h.b is None and h.diverged_at is None


def test_train_reproduces_notebook_loop_two_parameters(data):
    rows = notebook_loop(data.X, data.Y, -10.0, 0.1, 20, b0=-20.0)
    h = helpers.train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=20)
    assert (h.loss, h.w, h.b) == tuple(list(col) for col in zip(*rows))


def test_numbers_match_the_tutorial_windows(data):
    one = helpers.train(data.X, data.Y, w0=-10.0, lr=0.1, iterations=20)
    assert one.loss[0] == pytest.approx(207.4, rel=0.03)
    assert one.w[0] == pytest.approx(-1.67, abs=0.08)
    assert one.w[19] == pytest.approx(-5.00, abs=0.05)
    two = helpers.train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=20)
    assert two.loss[0] == pytest.approx(598, rel=0.03)
    assert two.w[0] == pytest.approx(-1.87, abs=0.08)
    assert two.b[0] == pytest.approx(-16.05, abs=0.1)
    assert two.b[19] == pytest.approx(-0.22, abs=0.12)


def test_train_stops_at_divergence(data):
    h = helpers.train(data.X, data.Y, w0=-10.0, lr=5.0, iterations=200)
    assert h.diverged_at is not None and h.diverged_at < 200
    assert len(h.loss) == h.diverged_at
    assert all(math.isfinite(v) for v in h.loss)
    assert "diverged at iteration" in h.table()


def test_zero_iterations_and_path(data):
    h = helpers.train(data.X, data.Y, w0=2.0, iterations=0)
    assert h.loss == [] and h.path() == [(2.0, 0.0)]
    h = helpers.train(data.X, data.Y, w0=2.0, b0=1.0, iterations=3)
    assert h.path()[0] == (2.0, 1.0) and len(h.path()) == 4


def test_table_rounds_and_labels(data):
    h = helpers.train(data.X, data.Y, w0=-10.0, b0=-20.0, iterations=2)
    lines = h.table().splitlines()
    assert lines[0].split() == ["iteration", "loss", "w", "b"]
    assert lines[1].split()[0] == "0" and lines[1].split()[1] == f"{h.loss[0]:.3f}"


def test_train_works_with_tensors_on_the_meta_free_cpu_device(data):
    X, Y = data.X.to("cpu"), data.Y.to("cpu")
    h = helpers.train(X, Y, w0=torch.tensor(-10.0), lr=torch.tensor(0.1), iterations=3)
    assert len(h.w) == 3


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("kwargs, name", [
    ({"lr": 0}, "lr"), ({"lr": -0.1}, "lr"), ({"lr": float("nan")}, "lr"), ({"lr": float("inf")}, "lr"),
    ({"lr": "fast"}, "lr"),
    ({"iterations": -1}, "iterations"), ({"iterations": 2.5}, "iterations"), ({"iterations": True}, "iterations"),
    ({"w0": float("nan")}, "w0"), ({"w0": float("-inf")}, "w0"), ({"w0": None}, "w0"),
    ({"b0": float("inf")}, "b0"), ({"b0": "zero"}, "b0"),
])
def test_train_rejects_bad_arguments(data, kwargs, name):
    with pytest.raises(ValueError, match=name):
        helpers.train(data.X, data.Y, **kwargs)


def test_train_rejects_mismatched_data(data):
    with pytest.raises(ValueError, match="same shape"):
        helpers.train(data.X, data.Y[:50])
    with pytest.raises(ValueError, match="same shape"):
        helpers.train(data.X, data.Y.view(-1))
    with pytest.raises(ValueError, match="X must be a torch tensor"):
        helpers.train([1.0, 2.0], data.Y)


@pytest.mark.parametrize("kwargs, name", [
    ({"noise": -1}, "noise"), ({"slope": float("nan")}, "slope"), ({"seed": -3}, "seed"),
    ({"seed": 1.5}, "seed"), ({"step": 0}, "step"), ({"start": 5, "stop": -5}, "stop"),
])
def test_make_data_rejects_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=name):
        helpers.make_data(**kwargs)


# ---------------------------------------------------------------- analysis

def test_critical_lr_and_regime(data):
    lr1 = helpers.critical_lr(data.X)
    assert lr1 == pytest.approx(1 / (data.X ** 2).mean().item(), rel=1e-6)
    assert 0.11 < lr1 < 0.13
    assert helpers.regime(0.05, lr1) == "smooth"
    assert helpers.regime(0.1, lr1) == "oscillating"
    assert helpers.regime(0.13, lr1) == "diverging"
    # the boundary is real: just below converges, just above diverges
    below = helpers.train(data.X, data.Y, lr=lr1 * 0.98, iterations=400)
    above = helpers.train(data.X, data.Y, lr=lr1 * 1.02, iterations=400)
    assert abs(below.w[-1] + 5) < 0.05
    assert above.diverged_at is not None or abs(above.w[-1]) > 1e3


def test_curvatures_are_the_second_derivatives_along_the_gentlest_and_steepest_directions(data):
    """Measured without the Hessian: the loss's second difference along every direction of a fine fan."""
    w_star, b_star = helpers.least_squares(data.X, data.Y, with_bias=True)

    def second_difference(angle, h=1e-2):
        dw, db = math.cos(angle), math.sin(angle)
        losses = [helpers.mse(helpers.forward(data.X.double(), w_star + k * h * dw, b_star + k * h * db),
                              data.Y.double()).item() for k in (-1, 0, 1)]
        return (losses[0] - 2 * losses[1] + losses[2]) / h ** 2

    along = [second_difference(math.pi * k / 720) for k in range(720)]
    gentlest, steepest = helpers.curvatures(data.X, with_bias=True)
    assert gentlest == pytest.approx(min(along), rel=1e-3) and steepest == pytest.approx(max(along), rel=1e-3)
    assert (gentlest, steepest) == pytest.approx((2.0, 16.67), abs=0.01)  # the b and w axes' 2 and 2 mean(x^2)
    alone = helpers.curvatures(data.X)
    assert alone == pytest.approx((2 * (data.X ** 2).mean().item(),) * 2, rel=1e-6)
    assert helpers.critical_lr(data.X, with_bias=True) == pytest.approx(2 / steepest)


def test_least_squares_is_the_minimum(data):
    w = helpers.least_squares(data.X, data.Y)
    h = helpers.train(data.X, data.Y, lr=0.05, iterations=300)
    assert h.w[-1] == pytest.approx(w, abs=1e-4)
    w2, b2 = helpers.least_squares(data.X, data.Y, with_bias=True)
    h2 = helpers.train(data.X, data.Y, b0=-20.0, lr=0.1, iterations=300)
    assert (h2.w[-1], h2.b[-1]) == (pytest.approx(w2, abs=1e-4), pytest.approx(b2, abs=1e-4))


# ---------------------------------------------------------------- plots

def test_plots_draw_what_they_are_given(data):
    fig = helpers.plot_data(data.X, data.Y, data.line)
    ax = fig.axes[0]
    assert [l.get_label() for l in ax.get_lines()] == ["noisy data Y", "true line f(x)"]
    assert np.allclose(ax.get_lines()[0].get_ydata(), data.Y.view(-1).numpy())
    h = helpers.train(data.X, data.Y, iterations=5)
    fig = helpers.plot_losses(h, log=True)
    assert list(fig.axes[0].get_lines()[0].get_ydata()) == h.loss
    assert fig.axes[0].get_yscale() == "log"
    ws = np.linspace(-15, 5, 11)
    fig = helpers.plot_loss_vs_w(ws, helpers.loss_curve(data.X, data.Y, ws), marks=[(-10.0, 208.5)])
    assert fig.axes[0].get_xlabel() == "w"


def test_plots_reject_mismatched_inputs(data):
    with pytest.raises(ValueError, match="Y"):
        helpers.plot_data(data.X, data.Y[:10])
    with pytest.raises(ValueError, match="ws and losses"):
        helpers.plot_loss_vs_w([1, 2, 3], [1, 2])


def test_every_public_helper_has_a_docstring():
    import inspect

    # everything helpers offers, its own and what it hands out from the package course
    public = [(name, getattr(helpers, name)) for name in dir(helpers) if not name.startswith("_")]
    public = [(name, obj) for name, obj in public if (inspect.isfunction(obj) or inspect.isclass(obj))
              and (obj.__module__ == "helpers" or obj.__module__.startswith("course."))]
    assert len(public) > 25
    missing = [name for name, obj in public if not (obj.__doc__ or "").strip()]
    assert missing == []
    # the functions a learner calls document their arguments and what they return
    for name in ("make_data", "loss_curve", "train", "plot_data", "plot_losses", "check_mse", "check_step"):
        doc = getattr(helpers, name).__doc__
        assert "Args:" in doc and "Returns:" in doc, name


def test_import_has_no_side_effects():
    """Importing helpers draws nothing, creates no widgets and touches no random state."""
    import subprocess
    import sys

    code = ("import sys, torch; torch.manual_seed(1); a = torch.rand(1); torch.manual_seed(1); import helpers; "
            "assert torch.equal(torch.rand(1), a); "
            "assert 'matplotlib' not in sys.modules and 'ipywidgets' not in sys.modules, sorted(sys.modules); "
            "assert not any(m.startswith('course') for m in sys.modules), 'helpers loaded the package at import'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_package_is_handed_out_lazily_and_listed():
    """Tab completion lists the explorers and checks; asking for one loads it; unknown names still fail."""
    import inspect

    names = dir(helpers)
    for name in ("TrainingExplorer", "DataExplorer", "check_step", "check_mse", "plot_runs", "Feedback", "COLORS"):
        assert name in names
    assert helpers.TrainingExplorer.__module__ == "course.training_explorer"
    assert inspect.getsourcefile(helpers.check_step).endswith("checks_step.py")
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        helpers.nonsense  # noqa: B018


def test_imports_run_one_way():
    """helpers imports nothing from the package at module level, and no module of the package is over 400 lines."""
    import ast
    from pathlib import Path

    root = Path(helpers.__file__).parent
    tree = ast.parse((root / "helpers.py").read_text(encoding="utf-8"))
    top = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert not any("course" in ast.unparse(node) for node in top)
    for path in (root / "course").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, f"{path.name} is over 400 lines"


def test_the_course_comes_first_and_the_argument_checks_last():
    """helpers.py reads as the course: data first, then model, training, analysis; the argument checks at the end."""
    import ast
    from pathlib import Path

    tree = ast.parse((Path(helpers.__file__).parent / "helpers.py").read_text(encoding="utf-8"))
    defined = [node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    assert defined[:2] == ["Data", "make_data"], defined[:5]
    course = ["make_data", "forward", "mse", "loss_curve", "History", "train",
              "hessian", "curvatures", "critical_lr", "regime", "steps_to_reach", "least_squares"]
    assert [name for name in defined if name in course] == course
    checks = [name for name in defined if name.startswith(("_as_", "_check_")) or name in ("_show", "_numpy")]
    assert len(checks) == 10
    last_lesson = defined.index("least_squares")
    assert all(defined.index(name) > defined.index("__dir__") > last_lesson for name in checks), defined
