"""The same answer written the many ways learners write it: every right one passes, every wrong one fails.

Other orders, other PyTorch APIs, Python and NumPy numbers, tensors of any one-element shape, float64,
inputs built another way; and garbage, which is "invalid" or "not answered", never an exception.
All calls go through test_exercises.check, which also rejects any message that prints solution code.
"""

import functools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import helpers
from helpers import forward, mse
from tests.test_exercises import MESSAGES, SOLUTION_CODE, W_STAR, X, X1, Y, check, draw

GARBAGE = [None, "five", torch.zeros(3, 2), float("nan"), float("inf"), [1, 2], True, 1j, {"a": 1},
           np.zeros((2, 2)), torch.tensor(float("nan")), 10 ** 400]


def short(value):
    """A short test id for any answer."""
    return repr(value)[:20]


def with_seed(make):
    """Run ``make`` right after torch.manual_seed(3), without disturbing the global generator for other tests."""
    with torch.random.fork_rng():
        torch.manual_seed(3)
        return make()


# ---------------------------------------------------------------- 1.1 data

X_LINSPACE = torch.linspace(-5, 4.9, 100).view(-1, 1)
X_64 = torch.arange(-5, 5, 0.1, dtype=torch.float64).view(-1, 1)

RIGHT_DATA = {
    "the solution": lambda: (X1, 2 * X1 + 1.0 * draw()),
    "noise first": lambda: (X1, draw() + X1 * 2),
    "noise subtracted": lambda: (X1, 2 * X1 - draw()),
    "linspace": lambda: (X_LINSPACE, 2 * X_LINSPACE + draw()),
    "unsqueeze": lambda: (torch.arange(-5, 5, 0.1).unsqueeze(1), 2 * X1 + draw()),
    "integers / 10": lambda: (torch.arange(-50, 50).view(-1, 1) / 10, 2 * X1 + draw()),
    "float64 draw": lambda: (X1, 2 * X1 + draw(dtype=torch.float64)),
    "float64 everything": lambda: (X_64, 2 * X_64 + draw(dtype=torch.float64)),
    "global seed": lambda: (X1, 2 * X1 + with_seed(lambda: torch.randn(X1.shape))),
    "global seed, float64": lambda: (X1, 2 * X1 + with_seed(lambda: torch.randn(X1.shape, dtype=torch.float64))),
    "randn_like": lambda: (X1, 2 * X1 + with_seed(lambda: torch.randn_like(X1))),
    "randn(100, 1)": lambda: (X1, 2 * X1 + torch.randn(100, 1, generator=torch.Generator().manual_seed(3))),
    "torch.normal": lambda: (X1, 2 * X1 + torch.normal(0.0, 1.0, size=X1.shape,
                                                        generator=torch.Generator().manual_seed(3))),
    "torch.normal of tensors": lambda: (X1, 2 * X1 + torch.normal(torch.zeros_like(X1), torch.ones_like(X1),
                                                                  generator=torch.Generator().manual_seed(3))),
    "normal_": lambda: (X1, 2 * X1 + torch.empty(100, 1).normal_(generator=torch.Generator().manual_seed(3))),
    "numpy default_rng": lambda: (X1, 2 * X1 + torch.from_numpy(np.random.default_rng(3).normal(size=(100, 1)))),
    "numpy legacy seed": lambda: (X1, 2 * X1 + torch.from_numpy(np.random.RandomState(3).randn(100, 1))),
    "requires_grad": lambda: (X1.clone().requires_grad_(), 2 * X1.clone().requires_grad_() + draw()),
}


def test_inputs_built_another_way_differ_beyond_allclose_defaults():
    """Why the check compares X1 to 1e-6: linspace differs from arange by more than allclose's default atol."""
    assert not torch.allclose(X_LINSPACE, X1, rtol=0) and (X_LINSPACE - X1).abs().max() < 1e-6


@pytest.mark.parametrize("name", RIGHT_DATA)
def test_check_data_right_ways(name):
    fb = check("check_data", *RIGHT_DATA[name]())
    assert fb.status == "correct", fb.message


def test_check_data_a_float32_numpy_draw_is_another_draw():
    """NumPy's float32 normals are other numbers than its float64 ones: the message says float64, truthfully."""
    noise = np.random.default_rng(3).standard_normal((100, 1), dtype=np.float32)
    assert np.abs(noise - np.random.default_rng(3).standard_normal((100, 1))).max() > 0.1
    fb = check("check_data", X1, 2 * X1 + torch.from_numpy(noise))
    assert fb.status == "wrong" and "NumPy's (float64)" in fb.message


@pytest.mark.parametrize("args", [(None, None), (X1, None), ("X", "Y"), ([1.0] * 100, [2.0] * 100),
                                  (X1.numpy(), X1.numpy()), (X1, {"y": 1}), (X1, 2j * X1),
                                  (X1, torch.full((100, 1), float("inf"))), (X1 > 0, X1 > 0), (3, 4)])
def test_check_data_garbage(args):
    assert check("check_data", *args).status in ("invalid", "not answered")


# ---------------------------------------------------------------- 2.1 mse

RIGHT_MSE = {
    "torch.mean": lambda p, y: torch.mean((p - y) ** 2),
    "sum / len": lambda p, y: ((y - p) ** 2).sum() / len(y),
    "sum / numel": lambda p, y: ((p - y) ** 2).sum() / y.numel(),
    "sum / shape[0]": lambda p, y: ((p - y) ** 2).sum() / y.shape[0],
    "pow": lambda p, y: (p - y).pow(2).mean(),
    "square": lambda p, y: torch.square(y - p).mean(),
    "helpers-free float": lambda p, y: ((p - y) ** 2).mean().item(),
    "float64": lambda p, y: ((p.double() - y.double()) ** 2).mean(),
    "numpy scalar": lambda p, y: np.mean((p.numpy() - y.numpy()) ** 2),
    "numpy float64": lambda p, y: np.float64(((p - y) ** 2).mean().item()),
    "size-1 array": lambda p, y: np.array([((p - y) ** 2).mean().item()]),
    "shape (1,)": lambda p, y: ((p - y) ** 2).mean(dim=0),
    "shape (1, 1)": lambda p, y: ((p - y) ** 2).mean(dim=0, keepdim=True),
    "a loop": lambda p, y: sum((a - b) ** 2 for a, b in zip(p.view(-1).tolist(), y.view(-1).tolist())) / len(y),
    "in place on its input": lambda p, y: p.sub_(y).pow_(2).mean(),
}

WRONG_MSE = {
    "sum": lambda p, y: ((p - y) ** 2).sum(),
    "divides by 100": lambda p, y: ((p - y) ** 2).sum() / 100,
    "no square": lambda p, y: (p - y).mean(),
    "abs": lambda p, y: (p - y).abs().mean(),
    "root": lambda p, y: ((p - y) ** 2).mean().sqrt(),
    "global Y": lambda p, y: torch.mean((p - Y) ** 2),
    "ignores its arguments": lambda p, y: torch.mean((forward(X, -7.0) - Y) ** 2),
    "a typed-in number": lambda p, y: 33.50155,
    "divides by 2": lambda p, y: ((p - y) ** 2).mean() / 2,
    "view(-1) on one side": lambda p, y: torch.mean((p.view(-1) - y) ** 2),
    "squeeze() on one side": lambda p, y: ((p - y.squeeze()) ** 2).mean(),
    ".T on one side": lambda p, y: ((p.T - y) ** 2).sum() / len(y),
    "square of the mean": lambda p, y: torch.mean(p - y) ** 2,
    "y squared alone": lambda p, y: torch.mean(p - y ** 2),
}


def criterion(y_pred, y):  # as notebook 2 defines it
    return torch.mean((y_pred - y) ** 2)


# the right numbers from a loss that is already written, which exercise 2.1 asks you to do without
READY_MADE_MSE = {
    "helpers.mse": (lambda p, y: helpers.mse(p, y), "helpers.mse"),
    "helpers.mse itself": (helpers.mse, "helpers.mse"),
    "mse imported by name": (lambda p, y: mse(p, y), "helpers.mse"),
    "the notebook's criterion": (lambda p, y: criterion(p, y), "criterion"),
    "F.mse_loss": (lambda p, y: F.mse_loss(p, y), "mse_loss"),
    "F.mse_loss itself": (F.mse_loss, "mse_loss"),
    "nn.MSELoss": (lambda p, y: torch.nn.MSELoss()(p, y), "MSELoss"),
    "an nn.MSELoss": (torch.nn.MSELoss(), "MSELoss"),
    "inside a lambda inside": (lambda p, y: (lambda: helpers.mse(p, y))(), "helpers.mse"),
    "the notebook's criterion itself": (criterion, "criterion"),
    "criterion under another name": (lambda p, y: loss_alias(p, y), "criterion"),
    "helpers.mse imported as hmse": (lambda p, y: hmse(p, y), "helpers.mse"),
    "an nn.MSELoss kept in a variable": (lambda p, y: loss_fn(p, y), "MSELoss"),
    "an nn.MSELoss from an enclosing function": ((lambda f: lambda p, y: f(p, y))(torch.nn.MSELoss()), "MSELoss"),
    "functools.partial of mse_loss": (functools.partial(F.mse_loss), "mse_loss"),
}
loss_alias, hmse, loss_fn = criterion, helpers.mse, torch.nn.MSELoss()


def test_check_mse_accepts_a_function_of_your_own_named_mse():
    """A learner's own global mse, written out, is not helpers.mse: right, whatever its name (it was told "it uses
    helpers.mse")."""
    scope = {}
    exec("def mse(a, b):\n    return ((a - b) ** 2).mean()\n\ndef my_mse(y_pred, y):\n    return mse(y_pred, y)\n",
         scope)
    fb = check("check_mse", scope["my_mse"])
    assert fb.status == "correct", fb.message


def test_check_mse_names_every_ready_made_loss_it_finds():
    fb = check("check_mse", lambda p, y: (criterion(p, y) + helpers.mse(p, y)) / 2)
    assert "it uses criterion and helpers.mse, losses that are already written" in fb.message, fb.message


@pytest.mark.parametrize("name", READY_MADE_MSE)
def test_check_mse_asks_for_the_loss_written_out(name):
    """Exercise 2.1 says "without criterion, helpers.mse or PyTorch's mse_loss": those get the right numbers and
    are told what the exercise asks instead, naming what they used."""
    answer, used = READY_MADE_MSE[name]
    fb = check("check_mse", answer)
    assert fb.status == "wrong", fb.message
    assert f"it uses {used}," in fb.message and "write it out yourself" in fb.message, fb.message


@pytest.mark.parametrize("name", RIGHT_MSE)
def test_check_mse_right_ways(name):
    fb = check("check_mse", RIGHT_MSE[name])
    assert fb.status == "correct", fb.message


@pytest.mark.parametrize("name", WRONG_MSE)
def test_check_mse_wrong_ways(name):
    assert check("check_mse", WRONG_MSE[name]).status == "wrong"


@pytest.mark.parametrize("answer", GARBAGE + [lambda p, y: "x", lambda p, y: p - y, lambda p, y: [1.0],
                                              lambda p, y: np.ones(2), lambda p, y: 1j, lambda p, y: None], ids=short)
def test_check_mse_garbage(answer):
    assert check("check_mse", answer).status in ("invalid", "not answered")


# ---------------------------------------------------------------- 2.2 best w

RIGHT_BEST_W = {
    "float": lambda: ((X * Y).sum() / (X * X).sum()).item(),
    "tensor": lambda: (X * Y).sum() / (X * X).sum(),
    "tensor (1, 1)": lambda: (X.T @ Y) / (X.T @ X),
    "float64": lambda: (X.double() * Y.double()).sum() / (X.double() ** 2).sum(),
    "numpy": lambda: np.sum(X.numpy() * Y.numpy()) / np.sum(X.numpy() ** 2),
    "numpy array (1, 1)": lambda: np.array([[W_STAR]]),
    "lstsq": lambda: torch.linalg.lstsq(X, Y).solution,
    "means": lambda: ((X * Y).mean() / (X ** 2).mean()).item(),
    "rounded to 4 decimals": lambda: round(W_STAR, 4),
    "numpy float32": lambda: np.float32(W_STAR),
}


@pytest.mark.parametrize("name", RIGHT_BEST_W)
def test_check_best_w_right_ways(name):
    fb = check("check_best_w", RIGHT_BEST_W[name]())
    assert fb.status == "correct", fb.message


@pytest.mark.parametrize("value", [-5.0, -5, -5.00, 5.0002, -5.0001, -4.9998, 0.0, -500.02, 1e9])
def test_check_best_w_wrong_ways(value):
    assert check("check_best_w", value).status == "wrong"


@pytest.mark.parametrize("answer", GARBAGE[1:], ids=short)
def test_check_best_w_garbage(answer):
    assert check("check_best_w", answer).status == "invalid"


# ---------------------------------------------------------------- 3.1 finite difference

def L(w, X_, Y_):
    return torch.mean((w * X_ - Y_) ** 2)


RIGHT_SLOPE = {
    "central": lambda w, X, Y, h: (L(w + h, X, Y) - L(w - h, X, Y)) / (2 * h),
    "central, float": lambda w, X, Y, h: ((L(w + h, X, Y) - L(w - h, X, Y)) / (2 * h)).item(),
    "helpers": lambda w, X, Y, h: (mse(forward(X, w + h), Y) - mse(forward(X, w - h), Y)) / (2 * h),
    "F.mse_loss": lambda w, X, Y, h: (F.mse_loss((w + h) * X, Y) - F.mse_loss((w - h) * X, Y)) / (2 * h),
    "w as a float32 tensor": lambda w, X, Y, h: (L(torch.tensor(w) + h, X, Y) - L(torch.tensor(w) - h, X, Y)) / (2 * h),
    "requires grad": lambda w, X, Y, h: (L(torch.tensor(w + h, requires_grad=True), X, Y)
                                         - L(torch.tensor(w - h, requires_grad=True), X, Y)) / (2 * h),
    "float64": lambda w, X, Y, h: (L(w + h, X.double(), Y.double()) - L(w - h, X.double(), Y.double())) / (2 * h),
    "numpy": lambda w, X, Y, h: (np.mean(((w + h) * X.numpy() - Y.numpy()) ** 2)
                                 - np.mean(((w - h) * X.numpy() - Y.numpy()) ** 2)) / (2 * h),
    "size-1 array": lambda w, X, Y, h: np.array([((L(w + h, X, Y) - L(w - h, X, Y)) / (2 * h)).item()]),
    "shape (1, 1)": lambda w, X, Y, h: (((w + h) * X - Y) ** 2 - ((w - h) * X - Y) ** 2).mean(0, keepdim=True)
                                       / (2 * h),
    # h reassigned, or copied, from the argument itself: it still uses the h it is given
    "h = float(h)": lambda w, X, Y, h: (lambda h: (L(w + h, X, Y) - L(w - h, X, Y)) / (2 * h))(float(h)),
    "step = h": lambda w, X, Y, h: (lambda step: (L(w + step, X, Y) - L(w - step, X, Y)) / (2 * step))(h),
    "w as a tensor, plus h": lambda w, X, Y, h: (L(torch.tensor(w) + h, X, Y) - L(torch.tensor(w) - h, X, Y)) / (2 * h),
    "h first": lambda w, X, Y, h: (L(h + w, X, Y) - L(-h + w, X, Y)) / (h + h),
}


def slope_reassigning_h(w, X, Y, h):
    h = float(h)  # assigns h, from the argument: not a step of its own
    w_plus, w_minus = w + h, w - h
    return ((L(w_plus, X, Y) - L(w_minus, X, Y)) / (2 * h)).item()


def slope_with_an_inner_function(w, X, Y, h):
    def loss_at(shift):
        return L(w + shift, X, Y)
    return (loss_at(h) - loss_at(-h)) / (2 * h)


RIGHT_SLOPE.update({"h = float(h) in a def": slope_reassigning_h, "an inner function": slope_with_an_inner_function})

WRONG_SLOPE = {
    "no division": lambda w, X, Y, h: L(w + h, X, Y) - L(w - h, X, Y),
    "divides by h": lambda w, X, Y, h: (L(w + h, X, Y) - L(w - h, X, Y)) / h,
    "reversed": lambda w, X, Y, h: (L(w - h, X, Y) - L(w + h, X, Y)) / (2 * h),
    "sum": lambda w, X, Y, h: (((w + h) * X - Y) ** 2).sum() / (2 * h) - (((w - h) * X - Y) ** 2).sum() / (2 * h),
    "the loss": lambda w, X, Y, h: L(w, X, Y),
    "global data": lambda w, X_, Y_, h: (L(w + h, X, Y) - L(w - h, X, Y)) / (2 * h),
    "ignores w": lambda w, X, Y, h: (L(-10 + h, X, Y) - L(-10 - h, X, Y)) / (2 * h),
    "a typed-in number": lambda w, X, Y, h: -83.35,
    # close to the gradient at h = 0.001, but not the two-sided formula the exercise asks for (test_exercises.py
    # checks what they are told)
    "forward": lambda w, X, Y, h: (L(w + h, X, Y) - L(w, X, Y)) / h,
    "backward": lambda w, X, Y, h: (L(w, X, Y) - L(w - h, X, Y)) / h,
    # its own h instead of the argument (test_exercises.py checks what they are told)
    "own h typed in": lambda w, X, Y, h: (L(w + 0.001, X, Y) - L(w - 0.001, X, Y)) / 0.002,
    "own h of 1": lambda w, X, Y, h: (L(w + 1, X, Y) - L(w - 1, X, Y)) / 2,
    "divides by 2 times h": lambda w, X, Y, h: (L(w + h, X, Y) - L(w - h, X, Y)) / 2*h,  # noqa: E226
}


@pytest.mark.parametrize("name", RIGHT_SLOPE)
def test_check_finite_difference_right_ways(name):
    fb = check("check_finite_difference", RIGHT_SLOPE[name])
    assert fb.status == "correct", fb.message


@pytest.mark.parametrize("name", WRONG_SLOPE)
def test_check_finite_difference_wrong_ways(name):
    assert check("check_finite_difference", WRONG_SLOPE[name]).status == "wrong"


@pytest.mark.parametrize("answer", GARBAGE + [lambda w, X, Y, h: X, lambda w, X, Y, h: "slope",
                                              lambda w, X, Y, h: float("inf"), lambda w, X, Y, h: None], ids=short)
def test_check_finite_difference_garbage(answer):
    assert check("check_finite_difference", answer).status in ("invalid", "not answered")


# ---------------------------------------------------------------- 3.2 step

def canonical(w, X, Y, lr):
    loss = mse(forward(X, w), Y)
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()


def grad_none_first(w, X, Y, lr):
    w.grad = None
    F.mse_loss(w * X, Y).backward()
    with torch.no_grad():
        w.sub_(lr * w.grad)


def grad_none_after(w, X, Y, lr):
    torch.nn.MSELoss()(X * w, Y).backward()
    with torch.no_grad():
        w -= w.grad * lr
    w.grad = None


def data_attribute(w, X, Y, lr):
    ((w * X - Y) ** 2).mean().backward()
    w.data -= lr * w.grad
    w.grad.data.zero_()


def sgd_inside(w, X, Y, lr):
    optimizer = torch.optim.SGD([w], lr=lr)
    optimizer.zero_grad()
    mse(forward(X, w), Y).backward()
    optimizer.step()


def sgd_zero_after(w, X, Y, lr):
    optimizer = torch.optim.SGD([w], lr=lr)
    mse(forward(X, w), Y).backward()
    optimizer.step()
    optimizer.zero_grad()


def add_alpha(w, X, Y, lr):
    if w.grad is not None:
        w.grad.zero_()
    mse(forward(X, w), Y).backward()
    with torch.no_grad():
        w.add_(w.grad, alpha=-lr)


def float64_inside(w, X, Y, lr):
    mse(forward(X.double(), w), Y.double()).backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()


def with_enable_grad(w, X, Y, lr):  # switches autograd on itself: right, however it was called
    with torch.enable_grad():
        canonical(w, X, Y, lr)


RIGHT_STEP = [canonical, grad_none_first, grad_none_after, data_attribute, add_alpha,
              float64_inside, with_enable_grad]


def never_zeroes(w, X, Y, lr):
    mse(forward(X, w), Y).backward()
    with torch.no_grad():
        w -= lr * w.grad


def uphill(w, X, Y, lr):
    mse(forward(X, w), Y).backward()
    with torch.no_grad():
        w += lr * w.grad
    w.grad.zero_()


def fixed_lr(w, X_, Y_, lr):
    canonical(w, X_, Y_, 0.1)


def global_data(w, X_, Y_, lr):
    canonical(w, X, Y, lr)


def zeroes_before_the_update(w, X, Y, lr):
    mse(forward(X, w), Y).backward()
    w.grad.zero_()
    with torch.no_grad():
        w -= lr * w.grad


def half_lr(w, X, Y, lr):
    canonical(w, X, Y, lr / 2)


def sgd_with_momentum_kept(w, X, Y, lr, _state={}):
    optimizer = _state.setdefault(id(w), torch.optim.SGD([w], lr=lr, momentum=0.9))
    optimizer.zero_grad()
    mse(forward(X, w), Y).backward()
    optimizer.step()


def two_updates(w, X, Y, lr):
    canonical(w, X, Y, lr)
    canonical(w, X, Y, lr)


def gradient_by_hand(w, X, Y, lr):  # the right numbers, but not the loop's way: no loss, no backward()
    with torch.no_grad():
        w -= lr * 2 * torch.mean(X * (w * X - Y))


def autograd_grad(w, X, Y, lr):  # the right numbers, but neither backward() nor a w.grad to zero
    (grad,) = torch.autograd.grad(mse(forward(X, w), Y), w)
    with torch.no_grad():
        w -= lr * grad


def autograd_grad_into_w_grad(w, X, Y, lr):  # stores it in w.grad by hand and zeroes it: still no backward()
    w.grad = torch.autograd.grad(mse(forward(X, w), Y), w)[0]
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()


def autograd_grad_then_zero(w, X, Y, lr):  # autograd.grad, then zeroes a w.grad that was never filled: raises
    (grad,) = torch.autograd.grad(mse(forward(X, w), Y), w)
    with torch.no_grad():
        w -= lr * grad
    w.grad.zero_()


def gradient_by_hand_with_requires_grad_check(w, X, Y, lr):
    with torch.no_grad():
        w.sub_(lr * (2 * X * (X * w - Y)).mean())
    if w.grad is not None:
        w.grad.zero_()


WRONG_STEP = [never_zeroes, uphill, fixed_lr, global_data, zeroes_before_the_update, half_lr,
              sgd_with_momentum_kept, two_updates, gradient_by_hand, gradient_by_hand_with_requires_grad_check,
              autograd_grad, autograd_grad_into_w_grad, autograd_grad_then_zero]


@pytest.mark.parametrize("my_step", [sgd_inside, sgd_zero_after], ids=lambda f: f.__name__)
def test_check_step_an_optimiser_is_told_the_steps_are_asked_by_hand(my_step):
    fb = check("check_step", my_step)  # the right numbers, but the update and zeroing are the optimiser's
    assert fb.status == "wrong" and "an optimiser from torch.optim" in fb.message and "write those" in fb.message, \
        fb.message


@pytest.mark.parametrize("my_step", RIGHT_STEP, ids=lambda f: f.__name__)
def test_check_step_right_ways(my_step):
    fb = check("check_step", my_step)
    assert fb.status == "correct", fb.message


@pytest.mark.parametrize("my_step", WRONG_STEP, ids=lambda f: f.__name__)
def test_check_step_wrong_ways(my_step):
    assert check("check_step", my_step).status == "wrong"


def test_check_step_says_what_a_step_with_two_updates_does():
    """One call that updates w twice lands where two steps of the loop do, and the message says so (it said the
    step went "0.333 times as far", the wrong way round, and blamed the size of each update)."""
    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    message = check("check_step", two_updates).message
    assert f"to {reference[1]:.4f}, where 2 steps of the notebook's loop take it" in message, message
    assert "update w 2 times" in message and "times as long" not in message


@pytest.mark.parametrize("my_step", [gradient_by_hand, gradient_by_hand_with_requires_grad_check],
                         ids=lambda f: f.__name__)
def test_check_step_asks_for_backward_when_the_gradient_is_written_out(my_step):
    """Exercise 3.2 asks for the loss and backward(): a gradient written out by hand gets the right steps, and
    is told that they match and what the exercise asks for instead."""
    fb = check("check_step", my_step)
    assert fb.status == "wrong", fb.message
    assert "match the notebook's loop" in fb.message and "without backward()" in fb.message, fb.message


@pytest.mark.parametrize("my_step", [autograd_grad, autograd_grad_into_w_grad], ids=lambda f: f.__name__)
def test_check_step_asks_for_backward_when_the_gradient_comes_from_autograd_grad(my_step):
    """Exercise 3.2 asks for backward() and for zeroing w.grad. torch.autograd.grad, once accepted here, gets the
    right steps without either: it is told that it used autograd.grad instead of backward(), and why the zeroing
    goes with backward()."""
    fb = check("check_step", my_step)
    assert fb.status == "wrong", fb.message
    assert "torch.autograd.grad instead of calling loss.backward()" in fb.message, fb.message
    assert "adds it into w.grad" in fb.message and "zeroing w.grad" in fb.message, fb.message


def test_check_step_says_why_w_grad_is_none_after_autograd_grad():
    """autograd.grad followed by w.grad.zero_() raises on the first call: the message names autograd.grad as the
    reason w.grad is None (it said "clear the gradient after the update instead", which the step already did)."""
    with pytest.raises(AttributeError):  # true: it raises
        autograd_grad_then_zero(torch.tensor(-10.0, requires_grad=True), X, Y, 0.1)
    fb = check("check_step", autograd_grad_then_zero)
    assert fb.status == "wrong", fb.message
    assert "torch.autograd.grad" in fb.message and "w.grad stays None" in fb.message, fb.message
    assert "after the update instead" not in fb.message, fb.message


@pytest.mark.parametrize("answer", GARBAGE + [lambda w, X, Y, lr: None], ids=short)
def test_check_step_garbage(answer):
    assert check("check_step", answer).status in ("invalid", "not answered")


# ---------------------------------------------------------------- choices and numbers

@pytest.mark.parametrize("name, right", [("check_noise_answer", "b"), ("check_shifted_inputs", "c")])
def test_choices_any_case_and_spacing(name, right):
    for answer in (right, right.upper(), f" {right} ", f"{right}\n"):
        assert check(name, answer).status == "correct"


@pytest.mark.parametrize("name", ["check_noise_answer", "check_divergence_prediction", "check_shifted_inputs"])
@pytest.mark.parametrize("answer", GARBAGE + ["", "a or b", 0], ids=short)
def test_choices_garbage(name, answer):
    assert check(name, answer).status in ("invalid", "not answered")


@pytest.mark.parametrize("lr", [0.06, np.float32(0.06), np.array(0.06), np.array([[0.06]]), torch.tensor([0.06]),
                                torch.tensor(0.06, dtype=torch.float64), 0.0599, 0.0605])
def test_check_fastest_lr_right_ways(lr):
    assert check("check_fastest_lr", lr).status == "correct"


@pytest.mark.parametrize("answer", GARBAGE + [0, -0.06, "0.06", np.array([0.06, 0.07])], ids=short)
def test_check_fastest_lr_garbage(answer):
    assert check("check_fastest_lr", answer).status in ("invalid", "not answered")


@pytest.mark.parametrize("n", [35, 35.0, np.int64(35), np.float64(35.0), torch.tensor(35), torch.tensor([35]),
                               np.array([35])])
def test_check_iterations_for_b_right_ways(n):
    assert check("check_iterations_for_b", n).status == "correct"


@pytest.mark.parametrize("answer", GARBAGE + [0, -1, 35.5, "35"], ids=short)
def test_check_iterations_for_b_garbage(answer):
    assert check("check_iterations_for_b", answer).status in ("invalid", "not answered")


# ---------------------------------------------------------------- every message, once more

def test_no_message_prints_solution_code():
    """A sweep of wrong answers to every check, plus every message the other tests produced before it."""
    for my_step in WRONG_STEP:
        check("check_step", my_step)
    for fn in WRONG_SLOPE.values():
        check("check_finite_difference", fn)
    for fn in WRONG_MSE.values():
        check("check_mse", fn)
    for value in (-5.0, 3.0, -W_STAR, 0.03, 0.1, 0.13):
        check("check_best_w", value)
        check("check_fastest_lr", abs(value))
    for answer in ("a", "b", "c", "converges", "diverges"):
        for name in ("check_noise_answer", "check_shifted_inputs", "check_divergence_prediction"):
            check(name, answer)
    for n in (1, 2, 3, 20, 30, 32, 34, 34.1, 80, 144, 564):
        check("check_iterations_for_b", n)
    for args in [(X1, 2 * X1), (X1, 2 * X1 + 3 + draw()), (X1, 2 * X1 + draw(shape=(100,))), (X1, X1 + draw())]:
        check("check_data", *args)
    assert len(MESSAGES) > 50
    for name, _, message in MESSAGES:
        for code in SOLUTION_CODE:
            assert code not in message, (name, message)
