"""Every exercise check: the right answer, the wrong answers a learner would write, and garbage."""

import math

import pytest
import torch

import helpers
from helpers import forward, mse

DATA = helpers.make_data()
GARBAGE = [None, "five", torch.zeros(3, 2), float("nan"), float("inf"), [1, 2], True]


def status(feedback):
    assert isinstance(feedback, helpers.Feedback)
    assert repr(feedback) and feedback._repr_html_()  # both displays render
    return feedback.status


def says(feedback, *words):
    return all(w.lower() in feedback.message.lower() for w in words)


# ---------------------------------------------------------------- notebook 1

def seeded(slope=2.0, noise=1.0, seed=3, shape=(-1, 1)):
    X1 = torch.arange(-5, 5, 0.1).view(*shape)
    g = torch.Generator().manual_seed(seed)
    return X1, slope * X1 + noise * torch.randn(X1.shape, generator=g)


def test_check_data():
    assert status(helpers.check_data(*seeded())) == "correct"
    fb = helpers.check_data(*seeded(shape=(-1,)))
    assert status(fb) == "wrong" and says(fb, ".view(-1, 1)")
    fb = helpers.check_data(*seeded(slope=-2.0))
    assert status(fb) == "wrong" and says(fb, "downwards")
    fb = helpers.check_data(*seeded(noise=0.0))
    assert status(fb) == "wrong" and says(fb, "add the noise")
    fb = helpers.check_data(*seeded(noise=0.4))
    assert status(fb) == "wrong" and says(fb, "0.4")
    fb = helpers.check_data(*seeded(seed=0))
    assert status(fb) == "wrong" and says(fb, "seed")
    fb = helpers.check_data(*seeded(slope=5.0))
    assert status(fb) == "wrong" and says(fb, "multiply x1 by 2")
    assert status(helpers.check_data(None, None)) == "not answered"
    assert status(helpers.check_data("X", "Y")) == "invalid"
    X1, Y1 = seeded()
    assert status(helpers.check_data(X1, torch.full_like(Y1, float("nan")))) == "invalid"
    assert status(helpers.check_data(X1[:50], Y1[:50])) == "wrong"


def test_check_noise_answer():
    assert status(helpers.check_noise_answer("b")) == "correct"
    assert status(helpers.check_noise_answer(" B ")) == "correct"
    assert says(helpers.check_noise_answer("a"), "explorer")
    assert status(helpers.check_noise_answer("c")) == "wrong"
    assert status(helpers.check_noise_answer(None)) == "not answered"
    for g in ["d", 2, torch.tensor(1.0)]:
        assert status(helpers.check_noise_answer(g)) == "invalid"


# ---------------------------------------------------------------- notebook 2

def test_check_mse():
    assert status(helpers.check_mse(lambda p, y: torch.mean((p - y) ** 2))) == "correct"
    assert status(helpers.check_mse(lambda p, y: ((y - p) ** 2).sum() / len(y))) == "correct"
    cases = {
        "sum": (lambda p, y: ((p - y) ** 2).sum(), "sum"),
        "no square": (lambda p, y: (p - y).mean(), "square is missing"),
        "abs": (lambda p, y: (p - y).abs().mean(), "absolute"),
        "root": (lambda p, y: torch.sqrt(((p - y) ** 2).mean()), "root"),
        "other": (lambda p, y: ((p - y) ** 3).mean(), "torch.mean"),
    }
    for name, (fn, hint) in cases.items():
        fb = helpers.check_mse(fn)
        assert status(fb) == "wrong" and says(fb, hint), name
    assert status(helpers.check_mse(lambda p, y: None)) == "not answered"
    for bad in [lambda p, y: "x", lambda p, y: p - y, lambda p, y: float("nan")]:
        assert status(helpers.check_mse(bad)) == "invalid"
    fb = helpers.check_mse(lambda p, y: p.undefined())
    assert status(fb) == "wrong" and says(fb, "raised AttributeError")
    for g in GARBAGE:
        assert status(helpers.check_mse(g)) == "invalid"


def test_check_best_w():
    x, y = DATA.X, DATA.Y
    assert status(helpers.check_best_w(((x * y).sum() / (x * x).sum()).item())) == "correct"
    assert status(helpers.check_best_w((x * y).sum() / (x * x).sum())) == "correct"  # a tensor is fine
    assert says(helpers.check_best_w(-5.0), "true line")
    assert says(helpers.check_best_w(-((x * y).sum() / (x * x).sum()).item()), "wrong sign")
    assert says(helpers.check_best_w((y.mean() / x.mean()).item()), "mean(y) / mean(x)")
    assert says(helpers.check_best_w(((x * y).sum() / x.sum()).item()), "sum of x squared")
    assert status(helpers.check_best_w(3.0)) == "wrong"
    assert status(helpers.check_best_w(None)) == "not answered"
    for g in GARBAGE[1:]:
        assert status(helpers.check_best_w(g)) == "invalid"


# ---------------------------------------------------------------- notebook 3

def test_check_gradient():
    right = lambda w, X, Y: (2 * (X * (w * X - Y)).mean()).item()  # noqa: E731
    assert status(helpers.check_gradient(right)) == "correct"
    cases = {
        "no 2": (lambda w, X, Y: (X * (w * X - Y)).mean(), "factor 2"),
        "sign": (lambda w, X, Y: (2 * (X * (Y - w * X)).mean()), "sign"),
        "sum": (lambda w, X, Y: (2 * (X * (w * X - Y)).sum()), "mean over the points"),
        "no x": (lambda w, X, Y: (2 * (w * X - Y).mean()), "inner derivative"),
        "other": (lambda w, X, Y: 1.0, "chain rule"),
    }
    for name, (fn, hint) in cases.items():
        fb = helpers.check_gradient(fn)
        assert status(fb) == "wrong" and says(fb, hint), name
    assert status(helpers.check_gradient(lambda w, X, Y: None)) == "not answered"
    assert status(helpers.check_gradient(lambda w, X, Y: X)) == "invalid"
    assert status(helpers.check_gradient(lambda w, X, Y: 1 / 0)) == "wrong"
    for g in GARBAGE:
        assert status(helpers.check_gradient(g)) == "invalid"


def step(sign=1, zero=True, no_grad=True, in_place=True):
    def my_step(w, X, Y, lr):
        loss = mse(forward(X, w), Y)
        loss.backward()
        if not in_place:
            return w - lr * w.grad
        if no_grad:
            with torch.no_grad():
                w -= sign * lr * w.grad
        else:
            w -= sign * lr * w.grad
        if zero:
            w.grad.zero_()
    return my_step


def test_check_step():
    assert status(helpers.check_step(step())) == "correct"
    fb = helpers.check_step(step(sign=-1))
    assert status(fb) == "wrong" and says(fb, "uphill", "subtract")
    fb = helpers.check_step(step(zero=False))
    assert status(fb) == "wrong" and says(fb, "zero_()")
    fb = helpers.check_step(step(no_grad=False))
    assert status(fb) == "wrong" and says(fb, "torch.no_grad()")
    fb = helpers.check_step(step(in_place=False))
    assert status(fb) == "wrong" and says(fb, "in place")
    assert status(helpers.check_step(lambda w, X, Y, lr: None)) == "not answered"
    for g in GARBAGE:
        assert status(helpers.check_step(g)) == "invalid"


def test_check_divergence_prediction():
    assert status(helpers.check_divergence_prediction("diverges")) == "correct"
    fb = helpers.check_divergence_prediction("converges")
    assert status(fb) == "wrong" and says(fb, "critical learning rate")
    assert status(helpers.check_divergence_prediction(None)) == "not answered"
    for g in ["maybe", 0.2, torch.tensor(1.0)]:
        assert status(helpers.check_divergence_prediction(g)) == "invalid"


def test_check_largest_lr():
    star = helpers.critical_lr(DATA.X)
    assert status(helpers.check_largest_lr(0.119)) == "correct"
    assert status(helpers.check_largest_lr(star * 0.99)) == "correct"
    assert says(helpers.check_largest_lr(0.13), "does not converge")
    assert says(helpers.check_largest_lr(star), "does not converge")
    assert says(helpers.check_largest_lr(0.1), "larger ones do too")
    assert status(helpers.check_largest_lr(-0.1)) == "invalid"
    assert status(helpers.check_largest_lr(None)) == "not answered"
    for g in GARBAGE[1:]:
        assert status(helpers.check_largest_lr(g)) == "invalid"


def test_largest_lr_claim_is_true():
    """What the check calls converging really converges; what it rejects really does not."""
    star = helpers.critical_lr(DATA.X)
    ok = helpers.train(DATA.X, DATA.Y, lr=0.98 * star, iterations=2000)
    assert abs(ok.w[-1] - helpers.least_squares(DATA.X, DATA.Y)) < 1e-3
    bad = helpers.train(DATA.X, DATA.Y, lr=1.01 * star, iterations=2000)
    assert bad.diverged_at is not None or abs(bad.w[-1]) > 100


# ---------------------------------------------------------------- notebook 4

def test_check_why_b_slow():
    assert status(helpers.check_why_b_slow("a")) == "correct"
    assert says(helpers.check_why_b_slow("b"), "fixed factor")
    assert says(helpers.check_why_b_slow("c"), "same step")
    assert status(helpers.check_why_b_slow(None)) == "not answered"
    assert status(helpers.check_why_b_slow(3)) == "invalid"


def test_check_iterations_for_b():
    _, b_best = helpers.least_squares(DATA.X, DATA.Y, with_bias=True)
    run = helpers.train(DATA.X, DATA.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=100)
    actual = next(i + 1 for i, b in enumerate(run.b) if abs(b - b_best) < 0.01)
    assert 30 <= actual <= 40
    assert status(helpers.check_iterations_for_b(actual)) == "correct"
    assert status(helpers.check_iterations_for_b(actual - 1)) == "correct"  # within one
    assert says(helpers.check_iterations_for_b(20), "still at")
    assert says(helpers.check_iterations_for_b(80), "fewer")
    assert status(helpers.check_iterations_for_b(0)) == "invalid"
    assert status(helpers.check_iterations_for_b(None)) == "not answered"
    for g in GARBAGE[1:]:
        assert status(helpers.check_iterations_for_b(g)) == "invalid"


# ---------------------------------------------------------------- the road to torch.optim

def test_torch_optim_reproduces_the_hand_written_loop():
    model = torch.nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(-10.0)
        model.bias.fill_(-20.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    criterion = torch.nn.MSELoss()
    hand = helpers.train(DATA.X, DATA.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=20)
    for i in range(20):
        optimizer.zero_grad()
        loss = criterion(model(DATA.X), DATA.Y)
        loss.backward()
        optimizer.step()
        assert loss.item() == pytest.approx(hand.loss[i], rel=1e-5)
        assert model.weight.item() == pytest.approx(hand.w[i], abs=1e-5)
        assert model.bias.item() == pytest.approx(hand.b[i], abs=1e-5)


def test_plot_runs():
    fig = helpers.plot_runs({"a": [1, 2, 3], "b": [3, float("inf"), 1]}, ylabel="w", title="t", log=True)
    lines = fig.axes[0].get_lines()
    assert [l.get_label() for l in lines] == ["a", "b"]
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert all(math.isfinite(v) for v in lines[1].get_ydata())
    with pytest.raises(ValueError, match="runs"):
        helpers.plot_runs({}, ylabel="w", title="t")
