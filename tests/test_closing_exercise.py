"""The closing exercise of notebook 4's part 1: ``check_training_loop``, a whole training loop written by the learner.

Right loops written many ways pass; each step left out or wrong in turn gets a message that names that mistake
(and no solution code); the learning rate is judged on the new data (x from 0 to 10). The learners' functions
are real functions of this module, as a learner would write them in the notebook.
"""

import math
import re

import numpy as np
import pytest
import torch

import helpers
from course.checks_loop import check_training_loop, exercise_data
from course.feedback import Feedback
from helpers import forward, mse

DATA = helpers.make_data()
X_new = torch.arange(0, 10, 0.1).view(-1, 1)          # exactly as the notebook makes them
Y_new = 3 * X_new + 2 + 0.4 * torch.randn(X_new.shape, generator=torch.Generator().manual_seed(1))
W_BEST, B_BEST = helpers.least_squares(X_new, Y_new, with_bias=True)
CAP = helpers.critical_lr(X_new, with_bias=True)
GOOD_LR = 0.025

# Pieces of a solution that no message may print (a hint names the idea, never the code).
SOLUTION_CODE = ["lr * w.grad", "lr * b.grad", "w.grad.zero_()", "b.grad.zero_()", "loss.backward()",
                 "range(iterations)", "optimizer.step()", "zero_grad()", "w * X + b", "(w * X + b - Y)", "-= lr",
                 "torch.optim.SGD", "mean()"]


def check(fit_line, lr=GOOD_LR):
    """check_training_loop(fit_line, lr), with what every Feedback must be, whatever the answer."""
    fb = check_training_loop(fit_line, lr)
    assert isinstance(fb, Feedback)
    assert fb.status in ("correct", "wrong", "not answered", "invalid")
    assert repr(fb) and fb._repr_html_()
    for code in SOLUTION_CODE:
        assert code not in fb.message, f"the message prints solution code {code!r}: {fb.message}"
    return fb


def says(fb, *words):
    """True if the message contains every one of ``words`` (case-insensitive)."""
    return all(w.lower() in fb.message.lower() for w in words)


def test_exercise_data_is_the_notebooks():
    X, Y = exercise_data()
    assert torch.equal(X, X_new) and torch.equal(Y, Y_new)
    assert W_BEST == pytest.approx(2.9955, abs=1e-4) and B_BEST == pytest.approx(1.9411, abs=1e-4)
    assert CAP == pytest.approx(0.02977, abs=1e-5)
    assert 1 / float((X_new ** 2).mean()) == pytest.approx(0.03046, abs=1e-5)


def test_the_check_is_documented_and_reached_through_helpers():
    doc = check_training_loop.__doc__
    assert "Args:" in doc and "Returns:" in doc
    assert helpers.check_training_loop is check_training_loop


# ---------------------------------------------------------------- right loops, written many ways


def stub(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    # your loop here: forward, loss, backward, update (inside torch.no_grad()), zero both gradients
    return w.item(), b.item()


def right_plain(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for i in range(iterations):
        y_pred = w * X + b
        loss = ((y_pred - Y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def right_optimizer(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(iterations):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(w * X + b, Y)
        loss.backward()
        optimizer.step()
    return w, b  # tensors that require grad


def right_zero_first(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        if w.grad is not None:
            w.grad.zero_()
            b.grad.zero_()
        loss = ((w * X + b - Y) ** 2).sum() / len(X)
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)
            b.sub_(lr * b.grad)
    return [w.item(), b.item()]


def right_grad_none(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        w.grad = None
        b.grad = None
        torch.mean((w * X + b - Y) ** 2).backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return np.float32(w.item()), np.float64(b.item())


def line(X, w, b):  # the learner's own forward function
    return w * X + b


def right_own_forward(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    criterion = torch.nn.MSELoss()
    for _ in range(iterations):
        loss = criterion(line(X, w, b), Y)
        loss.backward()
        with torch.no_grad():
            for p in (w, b):
                p -= lr * p.grad
                p.grad.zero_()
    return w.detach().numpy(), b.detach()


def autograd_grad(X, Y, lr, iterations):
    """Right numbers, but the gradients from torch.autograd.grad: no backward(), nothing zeroed."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    i = 0
    while i < iterations:
        gw, gb = torch.autograd.grad(((w * X + b - Y) ** 2).mean(), [w, b])
        with torch.no_grad():
            w -= lr * gw
            b -= lr * gb
        i += 1
    return (w.item(), b.item())


def right_printing(X, Y, lr, iterations):
    """Right, and prints every iteration: the check runs it quietly."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    losses = []
    for i in range(iterations):
        loss = torch.nn.functional.mse_loss(line(X, w, b), Y)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
        print(i, loss.item(), w.item(), b.item())
    return w.item(), b.item()


RIGHT = [right_plain, right_zero_first, right_grad_none, right_own_forward, right_printing]


def test_an_optimiser_is_told_the_exercise_asks_for_the_steps_by_hand():
    """From the eleventh review: torch.optim's SGD was judged correct, though the exercise asks for the update
    inside torch.no_grad() and the zeroing, which the optimiser does for it."""
    fb = check(right_optimizer)
    assert fb.status == "wrong" and says(fb, "ends where the notebooks' loop ends", "an optimiser from torch.optim",
                                         "write those two steps yourself"), fb.message


@pytest.mark.parametrize("fit_line", RIGHT, ids=lambda f: f.__name__)
def test_right_loops_pass(fit_line, capsys):
    fb = check(fit_line)
    assert fb.status == "correct", fb.message
    w, b = right_plain(X_new, Y_new, GOOD_LR, 1000)
    assert says(fb, f"{w:.4f}", f"{b:.4f}", f"w* = {W_BEST:.4f}", f"b* = {B_BEST:.4f}", "y = 3x + 2", "noise")
    assert abs(w - W_BEST) < 0.01 and abs(b - B_BEST) < 0.01  # true: it converged
    assert capsys.readouterr().out == ""  # the check prints nothing, even for a loop that prints


def right_through_data(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for i in range(iterations):
        loss = ((w * X + b - Y) ** 2).mean()
        loss.backward()
        w.data -= lr * w.grad   # the older way: no torch.no_grad()
        b.data -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_an_update_through_data_is_right_and_told_why_no_grad_is_preferred():
    """From the sixteenth review: `.data` was accepted with no word on the notebooks' torch.no_grad()."""
    fb = check(right_through_data)
    assert fb.status == "correct" and says(fb, "goes through .data", "prefers torch.no_grad()"), fb.message
    assert ".data" not in check(right_plain).message  # said only to a loop that uses it


# ---------------------------------------------------------------- each step left out or wrong


def test_the_untouched_stub_is_not_answered():
    fb = check(stub)
    assert fb.status == "not answered" and says(fb, "without training them", "write the loop")
    assert check(stub, None).status == "not answered"


def no_backward(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = ((w * X + b - Y) ** 2).mean()  # noqa: F841  never differentiated
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def no_backward_optimizer(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(iterations):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(w * X + b, Y)
        loss.backward  # noqa: B018  not called
        optimizer.step()
    return w.item(), b.item()


def test_no_backward():
    fb = check(no_backward)
    assert fb.status == "wrong" and says(fb, "raised TypeError", "backward() never ran", "None")
    with pytest.raises(TypeError):  # true: it raises
        no_backward(DATA.X, DATA.Y, 0.1, 1)
    fb = check(no_backward_optimizer)
    assert fb.status == "wrong" and says(fb, "still 0", "backward() never ran")
    assert no_backward_optimizer(DATA.X, DATA.Y, 0.1, 20) == (0.0, 0.0)  # true: nothing moves


def no_update(X, Y, lr, iterations):
    """Forward, loss, backward and zeroing, but no update: from the thirty-eighth review."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = ((w * X + b - Y) ** 2).mean()
        loss.backward()
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_no_update():
    """The review's loop was told "Either the gradients were cleared before the update used them, or it updates
    something else": neither, there was no update."""
    fb = check(no_update)
    assert fb.status == "wrong" and says(fb, "still 0", "never updates them", "each against its gradient"), fb.message
    assert no_update(DATA.X, DATA.Y, 0.1, 20) == (0.0, 0.0)  # true: nothing moves


def gradient_by_formula(X, Y, lr, iterations):
    """Right numbers, with the gradients written out by hand: no autograd at all."""
    w, b = 0.0, 0.0
    for _ in range(iterations):
        error = w * X + b - Y
        w, b = w - lr * float((2 * error * X).mean()), b - lr * float((2 * error).mean())
    return w, b


def test_right_numbers_without_backward_are_not_the_exercise():
    for fit_line, how in ((autograd_grad, "torch.autograd.grad"), (gradient_by_formula, "never calls backward()")):
        assert fit_line(X_new, Y_new, GOOD_LR, 1000) == pytest.approx(right_plain(X_new, Y_new, GOOD_LR, 1000),
                                                                        abs=1e-4)  # true: the numbers are right
        fb = check(fit_line)
        assert fb.status == "wrong" and says(fb, "ends where the notebooks' loop ends", how, "backward() on it",
                                             "w.grad"), fb.message


def gradient_once(X, Y, lr, iterations):
    """The loss and backward() before the loop: every step reuses the first gradients."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    torch.mean((w * X + b - Y) ** 2).backward()
    for _ in range(iterations):
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w.item(), b.item()


def b_with_w_gradient(X, Y, lr, iterations):
    """Copied and pasted: b steps with w.grad."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        torch.mean((w * X + b - Y) ** 2).backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * w.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def fixed_count(X, Y, lr, iterations):
    """range(1000) written where range(iterations) belongs."""
    return right_plain(X, Y, lr, 1000)


def test_gradient_computed_once_reused_gradient_and_fixed_count():
    """From a learner review: these three got numbers only, or "as if it always took 24 steps" for a loop that
    always takes 1000. Each is told what it did."""
    assert gradient_once(DATA.X, DATA.Y, 0.1, 2)[0] == pytest.approx(2 * gradient_once(DATA.X, DATA.Y, 0.1, 1)[0])
    fb = check(gradient_once)
    assert fb.status == "wrong" and says(fb, "every later step moves w and b by exactly as much as the first",
                                         "inside the loop"), fb.message
    fb = check(b_with_w_gradient)
    assert fb.status == "wrong" and says(fb, "b steps with w's gradient", "b.grad"), fb.message
    fb = check(fixed_count)
    assert fb.status == "wrong" and says(fb, "fixed number of iterations", "does not use its argument iterations")
    assert "as if it always took" not in fb.message, fb.message
    # the numbers quoted come with the call that reproduces them
    fb = check(b_with_w_gradient)
    w, b = helpers.train(DATA.X, DATA.Y, w0=0.0, b0=0.0, lr=0.1, iterations=20).path()[-1]
    assert says(fb, "helpers.train(X, Y, w0=0.0, b0=0.0, lr=0.1, iterations=20)", f"w = {w:.4g}, b = {b:.4g}")


def no_b_in_prediction(X, Y, lr, iterations):
    """notebook 3's prediction w * X: b never enters the loss, so b.grad stays None."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        torch.mean((w * X - Y) ** 2).backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
    return w.item(), b.item()


def flat_prediction(X, Y, lr, iterations):
    """X flattened to shape (100,): the difference with Y, (100, 1), broadcasts to 100 x 100."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        torch.mean((w * X.view(-1) + b - Y) ** 2).backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_b_left_out_of_the_prediction_and_a_flat_prediction():
    """From the second learner review: both got messages about something else (a cleared gradient; a generic
    'move against the gradients')."""
    with pytest.raises(TypeError):  # true: b.grad is None at the update
        no_b_in_prediction(DATA.X, DATA.Y, 0.1, 1)
    fb = check(no_b_in_prediction)
    assert fb.status == "wrong" and says(fb, "b.grad is None", "Is b in your prediction? The model is w x + b."), fb.message
    assert "w = w - ..." not in fb.message  # b left out is named first and alone, not after a guess about w
    assert (DATA.X.view(-1) - DATA.Y).shape == (100, 100)  # true: the broadcast
    fb = check(flat_prediction)
    assert fb.status == "wrong" and says(fb, "shapes (100,) and (100, 1)", "100 x 100", "X.view(-1)"), fb.message
    fb = check(flat_targets)  # from the eighth review: the targets flattened, and the message named only X
    assert fb.status == "wrong" and says(fb, "shapes (100,) and (100, 1)", "Y.view(-1)", "both of shape (100, 1)")


def flat_targets(X, Y, lr, iterations):
    return right_plain(X, Y.view(-1), lr, iterations)  # a right loop, given targets of shape (100,)


def test_my_lr_at_the_cap_itself():
    cap = helpers.critical_lr(X_new, with_bias=True)
    w, b = right_plain(X_new, Y_new, cap, 1000)
    assert math.isfinite(w) and abs(w - W_BEST) > 0.01  # true: it neither settles nor blows up in 1000 iterations
    fb = check(right_plain, cap)
    assert fb.status == "wrong" and says(fb, "is the cap itself", "neither shrinks nor grows", "below it"), fb.message
    assert "diverges" not in fb.message


def never_zeroed(X, Y, lr, iterations, zero="", update="wb", sign=1.0, loss="mean", start=(0.0, 0.0)):
    """The loop with one thing changed: which gradients are zeroed, which parameters updated, the sign, the loss."""
    w = torch.tensor(start[0], requires_grad=True)
    b = torch.tensor(start[1], requires_grad=True)
    for _ in range(iterations):
        squares = (w * X + b - Y) ** 2
        {"mean": squares.mean, "sum": squares.sum, "mean first": lambda: torch.mean(w * X + b - Y) ** 2,
         "none": lambda: squares}[loss]().backward()  # "none": the squares without their mean, 100 numbers
        with torch.no_grad():
            if "w" in update:
                w -= sign * lr * w.grad
            if "b" in update:
                b -= sign * lr * b.grad
        if "w" in zero:
            w.grad.zero_()
        if "b" in zero:
            b.grad.zero_()
    return w.item(), b.item()


def zeroes_only_w(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="w")


def zeroes_only_b(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="b")


def test_gradients_not_zeroed():
    fb = check(never_zeroed)
    assert fb.status == "wrong" and says(fb, "never zeroed", "sum of all the gradients", "first step matches")
    right = helpers.train(DATA.X, DATA.Y, w0=0.0, b0=0.0, lr=0.1, iterations=20)
    mine = never_zeroed(DATA.X, DATA.Y, 0.1, 20)
    assert says(fb, f"w = {mine[0]:.4g}, b = {mine[1]:.4g}", f"w = {right.w[-1]:.4g}, b = {right.b[-1]:.4g}")
    fb = check(zeroes_only_w)
    assert fb.status == "wrong" and says(fb, "only w's gradient is zeroed", "b.grad", "zero both")
    fb = check(zeroes_only_b)
    assert fb.status == "wrong" and says(fb, "only b's gradient is zeroed", "w.grad", "zero both")
    for fn in (zeroes_only_w, zeroes_only_b):
        assert not says(check(fn), "never zeroed")


def trains_only_w(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="wb", update="w")


def trains_only_b(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="wb", update="b")


def model_without_b(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    return w.item(), b.item()


def loss_without_its_mean(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="wb", loss="none")


def test_a_loss_without_its_mean_is_named():
    """Review 55: the squares left without their mean got PyTorch's 'grad can be implicitly created only for scalar
    outputs' and 'Run fit_line on its own'."""
    fb = check(loss_without_its_mean)
    assert fb.status == "wrong" and says(fb, "many numbers, one per point", "their mean"), fb.message


def rebinds_without_zeroing(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = ((w * X + b - Y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w = w - lr * w.grad
            b = b - lr * b.grad
    return w.item(), b.item()


def test_rebinding_inside_no_grad_is_named_first():
    """Review 62: w = w - lr * w.grad inside torch.no_grad() was first asked whether the loss sat inside no_grad."""
    fb = check(rebinds_without_zeroing)
    assert fb.status == "wrong" and says(fb, "w = w - ...", "makes a new tensor", "-="), fb.message
    assert "Is the loss" not in fb.message


GLOBAL_X_SOURCE = """
def fit_line(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = ((w * x + b - Y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()
"""


def test_the_notebooks_flat_x_read_from_outside_is_named():
    """Review 63: part 1's x = X.view(-1), used inside fit_line, was told only that shapes were mixed."""
    namespace = {"torch": torch, "x": DATA.X.view(-1)}
    exec(GLOBAL_X_SOURCE, namespace)
    fb = check(namespace["fit_line"])
    assert fb.status == "wrong" and says(fb, "your loop reads x from the notebook", "arguments X and Y"), fb.message


def test_only_one_parameter_trained():
    fb = check(trains_only_w)
    assert fb.status == "wrong" and says(fb, "b stays at 0", "never updates b")
    # review 50: b left out of the prediction as well as the update was told only of the update
    fb = check(model_without_b)
    assert fb.status == "wrong" and says(fb, "b stays at 0", "neither in the prediction nor in the update")
    for fn in (trains_only_w, model_without_b):
        assert fn(DATA.X, DATA.Y, 0.1, 20)[1] == 0.0
    fb = check(trains_only_b)
    assert fb.status == "wrong" and says(fb, "w stays at 0", "never updates w")


def uphill(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w += lr * w.grad
            b += lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_uphill():
    fb = check(uphill)
    right = helpers.train(DATA.X, DATA.Y, w0=0.0, b0=0.0, lr=0.1, iterations=1)
    mine = uphill(DATA.X, DATA.Y, 0.1, 1)
    assert fb.status == "wrong" and says(fb, "uphill", "the other way", "against it")
    assert mine[0] == pytest.approx(-right.w[0], rel=1e-5) and mine[1] == pytest.approx(-right.b[0], rel=1e-5)


def no_no_grad(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        w -= lr * w.grad
        b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_update_outside_no_grad():
    fb = check(no_no_grad)
    assert fb.status == "wrong" and says(fb, "RuntimeError", "refused the in-place update", "torch.no_grad()")


LEARNING_RATE = 0.1  # a global the learner's loop reads instead of its argument


def global_lr(X, Y, learning_rate, iterations):
    return right_plain(X, Y, LEARNING_RATE, iterations)


def hard_coded_lr(X, Y, lr, iterations):
    return right_plain(X, Y, 0.02, iterations)


my_lr = None  # as in the notebook before the learner sets it


def reads_my_lr(X, Y, lr, iterations):
    return right_plain(X, Y, my_lr, iterations)


def test_lr_argument_ignored():
    fb = check(global_lr)
    assert fb.status == "wrong" and says(fb, "with lr = 0.05", "exactly as with lr = 0.1",
                                         "does not use its argument lr", "LEARNING_RATE")
    fb = check(hard_coded_lr)
    assert fb.status == "wrong" and says(fb, "same first step with lr = 0.1 and with lr = 0.05",
                                         "a learning rate of 0.02", "does not use its argument lr")
    fb = check(reads_my_lr)
    assert fb.status == "wrong" and says(fb, "raised TypeError", "reads my_lr", "None", "arguments lr")
    assert not says(fb, "backward() never ran")


def one_too_many(X, Y, lr, iterations):
    return right_plain(X, Y, lr, iterations + 1)


def one_too_few(X, Y, lr, iterations):
    return right_plain(X, Y, lr, iterations - 1)


ITERATIONS = 20


def ignores_iterations(X, Y, lr, iterations):
    return right_plain(X, Y, lr, ITERATIONS)


def test_iterations():
    fb = check(one_too_many)
    assert fb.status == "wrong" and says(fb, "one step more", "2 steps", "exactly iterations times")
    fb = check(one_too_few)
    assert fb.status == "wrong" and says(fb, "one step fewer", "still at 0", "exactly iterations times")
    fb = check(ignores_iterations)
    assert fb.status == "wrong" and says(fb, "the same", "1, 2, 3 and 20 iterations", "always took 20 steps",
                                         "does not use its argument iterations", "ITERATIONS")


def sum_loss(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="wb", loss="sum")


def test_loss_a_sum():
    fb = check(sum_loss)
    assert fb.status == "wrong" and says(fb, "100 times as long", "100 is the number of points",
                                         "sum of the squares instead of their mean")


def abs_loss(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = (w * X + b - Y).abs().mean()    # the mean absolute difference, not the MSE
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def step_without_lr(which):
    """A loop in which ``which`` ("w", "b" or "wb") steps by its whole gradient, without the learning rate."""
    def fit_line(X, Y, lr, iterations):
        w = torch.tensor(0.0, requires_grad=True)
        b = torch.tensor(0.0, requires_grad=True)
        for _ in range(iterations):
            torch.mean((w * X + b - Y) ** 2).backward()
            with torch.no_grad():
                w -= (1.0 if "w" in which else lr) * w.grad
                b -= (1.0 if "b" in which else lr) * b.grad
            w.grad.zero_()
            b.grad.zero_()
        return w.item(), b.item()
    return fit_line


def loop_with_model(predict):
    """The right loop, but with the prediction ``predict(w, X, b)`` in place of the line w x + b."""
    def fit_line(X, Y, lr, iterations):
        w = torch.tensor(0.0, requires_grad=True)
        b = torch.tensor(0.0, requires_grad=True)
        for _ in range(iterations):
            torch.mean((predict(w, X, b) - Y) ** 2).backward()
            with torch.no_grad():
                w -= lr * w.grad
                b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
        return w.item(), b.item()
    return fit_line


def test_a_wrong_model_is_named():
    fb = check(loop_with_model(lambda w, X, b: w * (X + b)))  # review 69
    assert fb.status == "wrong" and says(fb, "w * (X + b)", "shifts the inputs", "multiplies x by w first, then adds b"), fb.message
    fb = check(loop_with_model(lambda w, X, b: b * X + w))  # review 69: returned w first, as the stub does
    assert fb.status == "wrong" and says(fb, "multiplies X by b", "adds w", "w multiplies x and b is added"), fb.message
    assert "returns b first" not in fb.message


def test_absolute_loss():
    fb = check(abs_loss)
    assert fb.status == "wrong" and says(fb, "absolute differences", "not of their squares")


@pytest.mark.parametrize("which", ["w", "b"])
def test_one_step_missing_the_learning_rate(which):
    fb = check(step_without_lr(which))
    assert fb.status == "wrong" and says(fb, f"{which} steps by its whole gradient", "missing the learning rate")


def test_both_steps_missing_the_learning_rate():
    fb = check(step_without_lr("wb"))
    # the step ignores lr altogether: the check finds that first, and says so
    assert fb.status == "wrong" and says(fb, "does not use its argument lr")


def returns_none(X, Y, lr, iterations):
    right_plain(X, Y, lr, iterations)


def returns_one(X, Y, lr, iterations):
    return right_plain(X, Y, lr, iterations)[0]


def returns_three(X, Y, lr, iterations):
    return (*right_plain(X, Y, lr, iterations), 0.0)


def returns_text(X, Y, lr, iterations):
    w, b = right_plain(X, Y, lr, iterations)
    return f"w = {w}", b


def returns_dict(X, Y, lr, iterations):
    w, b = right_plain(X, Y, lr, iterations)
    return {"w": w, "b": b}


def returns_big_tensor(X, Y, lr, iterations):
    w, b = right_plain(X, Y, lr, iterations)
    return w * X, b


def returns_b_w(X, Y, lr, iterations):
    w, b = right_plain(X, Y, lr, iterations)
    return b, w


def test_results_that_are_not_two_numbers():
    cases = {returns_none: ["returned None", "two numbers"], returns_one: ["a single number", "two, w then b"],
             returns_three: ["3 values", "two, w then b"], returns_text: ["first value", "str", "not a single number"],
             returns_dict: ["dict", "two numbers"], returns_big_tensor: ["first value", "Tensor"],
             returns_b_w: ["b first and w second"]}
    for fn, words in cases.items():
        fb = check(fn)
        assert fb.status == "wrong" and says(fb, *words), (fn.__name__, fb.message)


def test_results_that_are_two_numbers_in_other_forms():
    def as_tensor(X, Y, lr, iterations):
        return torch.tensor(right_plain(X, Y, lr, iterations))

    def as_array(X, Y, lr, iterations):
        return np.array(right_plain(X, Y, lr, iterations))

    def as_one_element_tensors(X, Y, lr, iterations):
        w, b = right_plain(X, Y, lr, iterations)
        return torch.tensor([w]), torch.tensor([[b]])

    for fn in (as_tensor, as_array, as_one_element_tensors):
        assert check(fn).status == "correct", fn.__name__


def starts_elsewhere(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="wb", start=(-10.0, -20.0))


def test_another_starting_point():
    fb = check(starts_elsewhere)
    assert fb.status == "wrong" and says(fb, "iterations = 0", "w = -10, b = -20", "starts w and b at 0",
                                         "from there your steps are the notebooks' loop's")


def uses_train(X, Y, lr, iterations):
    run = helpers.train(X, Y, w0=0.0, b0=0.0, lr=lr, iterations=iterations)
    return run.w[-1] if run.w else 0.0, run.b[-1] if run.b else 0.0


def uses_forward_and_mse(X, Y, lr, iterations):  # forward and mse imported from helpers, as the notebook does
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        mse(forward(X, w, b), Y).backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def my_loss(y_pred, y):  # the learner's own function, which leans on helpers
    return helpers.mse(y_pred, y)


def uses_helpers_inside_own_function(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        my_loss(line(X, w, b), Y).backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def right_but_prints_the_cap(X, Y, lr, iterations):
    print("cap:", helpers.critical_lr(X, with_bias=True))
    return right_plain(X, Y, lr, iterations)


def test_a_helper_outside_the_loop_is_named_as_such():
    """A right loop that also calls helpers.critical_lr is not told to write its prediction and loss itself."""
    fb = check(right_but_prints_the_cap)
    assert fb.status == "wrong" and says(fb, "uses helpers.critical_lr", "no step of the loop", "cell of its own")
    assert not says(fb, "prediction") and not says(fb, "mean squared error")


def solved_by_lstsq(X, Y, lr, iterations):
    A = torch.cat([X, torch.ones_like(X)], dim=1)
    w, b = torch.linalg.lstsq(A, Y).solution.view(-1)
    return w.item(), b.item()


def solved_by_helpers(X, Y, lr, iterations):
    return helpers.least_squares(X, Y, with_bias=True)


def solved_after_the_stubs_loop(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        pass
    A = torch.cat([X, torch.ones_like(X)], dim=1)
    w, b = torch.linalg.lstsq(A, Y).solution.view(-1)
    return w.item(), b.item()


def test_a_line_solved_in_one_go_is_told_it_takes_no_steps():
    """The final review's lstsq answer was told "your loop starts there ... From there your steps are
    the notebooks' loop's": there is no loop. The message says it solves in one go and takes no steps, with or without the stub's empty loop left in."""
    fb = check(solved_by_lstsq)
    assert fb.status == "wrong" and says(fb, "in one go", "takes no steps", "gradient descent")
    assert not says(fb, "From there your steps")
    fb = check(solved_after_the_stubs_loop)  # the stub's loop left in place, the line solved after it (review 5)
    assert fb.status == "wrong" and says(fb, "in one go", "takes no steps") and not says(fb, "fixed number")
    fb = check(solved_by_helpers)
    assert fb.status == "wrong" and says(fb, "helpers.least_squares", "in one go", "no steps")
    assert not says(fb, "the cap helps you")


def test_helpers_used():
    fb = check(uses_train)
    assert fb.status == "wrong" and says(fb, "uses helpers.train", "write that loop yourself")
    assert uses_train(DATA.X, DATA.Y, 0.1, 20) == pytest.approx(right_plain(DATA.X, DATA.Y, 0.1, 20), abs=1e-4)
    fb = check(uses_forward_and_mse)
    assert fb.status == "wrong" and says(fb, "forward (helpers.forward", "mse (helpers.mse", "without helpers")
    fb = check(uses_helpers_inside_own_function)
    assert fb.status == "wrong" and says(fb, "helpers.mse") and not says(fb, "helpers.forward")
    # the learner's own function named forward is not helpers'
    assert check(right_own_forward).status == "correct"


def zeroes_first_unguarded(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        w.grad.zero_()
        b.grad.zero_()
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w.item(), b.item()


def rebinds(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w = w - lr * w.grad
            b = b - lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def loss_outside_the_loop(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    loss = ((w * X + b - Y) ** 2).mean()
    for _ in range(iterations):
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def clears_before_update(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr=lr)
    for _ in range(iterations):
        torch.nn.functional.mse_loss(w * X + b, Y).backward()
        optimizer.zero_grad()
        optimizer.step()
    return w.item(), b.item()


def clears_before_update_by_hand(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        w.grad.zero_()
        b.grad = torch.zeros(())  # cleared by assignment
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w.item(), b.item()


def updates_copies(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    w_new, b_new = w.detach().clone(), b.detach().clone()
    for _ in range(iterations):
        loss = ((w * X + b - Y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w_new -= lr * w.grad
            b_new -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def typo(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = ((w * x + b - Y) ** 2).mean()  # noqa: F821  x for X
        loss.backward()
    return w.item(), b.item()


def test_other_mistakes_and_exceptions():
    fb = check(zeroes_first_unguarded)
    assert fb.status == "wrong" and says(fb, "AttributeError", "before any backward() had run", "None until the first")
    fb = check(rebinds)
    assert fb.status == "wrong" and says(fb, "AttributeError", "after backward() had run", "makes a new tensor")
    fb = check(loss_outside_the_loop)
    assert fb.status == "wrong" and says(fb, "RuntimeError", "a second time", "anew inside the loop")
    fb = check(clears_before_update)  # the order in which its lines are written names the mistake alone
    assert fb.status == "wrong" and says(fb, "still 0", "although backward() ran 20 times", "clears the gradients "
                                         "after backward() and before the update uses them", "Update w and b first")
    assert "Either" not in fb.message
    fb = check(clears_before_update_by_hand)
    assert fb.status == "wrong" and says(fb, "still 0", "clears the gradients after backward() and before the "
                                         "update uses them") and "Either" not in fb.message
    fb = check(updates_copies)  # zeroes after an update of other tensors: not told it clears first
    assert fb.status == "wrong" and says(fb, "still 0", "although backward() ran 20 times", "Either",
                                         "updates something else")
    fb = check(typo)
    assert fb.status == "wrong" and says(fb, "fit_line(X, Y, lr=0.1, iterations=1) on the notebook's data raised "
                                             "NameError: name 'x' is not defined", "in a new cell")
    fb = check(lambda X, Y, lr, iterations: 1 / 0)
    assert fb.status == "wrong" and says(fb, "raised ZeroDivisionError")
    fb = check(lambda X, Y: (0.0, 0.0))
    assert fb.status == "wrong" and says(fb, "raised TypeError", "positional argument")


def uses_notebook_data(X, Y, lr, iterations):  # the notebook's X and Y, whatever it is given
    return right_plain(DATA.X, DATA.Y, lr, iterations)


def test_loop_must_use_its_data():
    fb = check(uses_notebook_data)
    assert fb.status == "wrong" and says(fb, "new data (x from 0 to 10)", "exactly as on the notebook's data",
                                         "does not use its arguments X and Y")


# ---------------------------------------------------------------- the learning rate


@pytest.mark.parametrize("lr", [0.1, 0.0305, 0.0298, 0.005, 0.01, 0.0297, GOOD_LR])
def test_no_message_gives_the_cap_or_a_passing_lr(lr):
    fb = check(right_plain, lr)
    rest = fb.message.replace(f"my_lr = {lr:g}", "")
    assert "lr =" not in rest and "learning rate of" not in rest  # no learning rate but the learner's own
    for number in re.findall(r"\d+\.\d+(?:e[-+]?\d+)?", rest):
        assert abs(float(number) - CAP) > 1e-3, (lr, number, fb.message)  # nor the cap, however rounded


def test_lr_diverges():
    fb = check(right_plain, 0.1)
    assert fb.status == "wrong" and says(fb, "loop is right", "my_lr = 0.1 diverges", "reaches 10",
                                         "much lower than the notebooks' 0.12",
                                         "helpers.critical_lr(X_new, with_bias=True)", "no longer finite")
    w, b = right_plain(X_new, Y_new, 0.1, 1000)
    assert not math.isfinite(w + b)  # true: it blew up


def test_lr_just_above_the_cap():
    for lr in (0.0305, 0.0298):
        fb = check(right_plain, lr)
        assert fb.status == "wrong" and says(fb, "just above the cap", "a little lower than 1 / mean(x^2)",
                                             "helpers.critical_lr"), lr
        assert CAP < lr <= 1.01 / float((X_new.double() ** 2).mean())
    w, _ = right_plain(X_new, Y_new, 0.0298, 1000)
    assert says(check(right_plain, 0.0298), f"w is at {w:.4g}")


def test_lr_too_slow():
    fb = check(right_plain, 0.005)
    w, b = right_plain(X_new, Y_new, 0.005, 1000)
    assert fb.status == "wrong" and says(fb, "loop is right", "converges, but slowly",
                                         f"b is still {abs(b - B_BEST):.4g} from its best value",
                                         f"and w {abs(w - W_BEST):.4g}", "closer to (still below) the cap")
    assert abs(b - B_BEST) > 0.1
    assert says(fb, "settle together, slowly", "exercise 4.3") and "curvature" not in fb.message  # no optional words
    fb = check(right_plain, 0.01)  # b just misses
    assert fb.status == "wrong" and says(fb, "converges, but slowly", "b is still 0.01004")
    fb = check(right_plain, 0.0297)  # just under the cap: the zig-zag lingers
    w, _ = right_plain(X_new, Y_new, 0.0297, 1000)
    assert fb.status == "wrong" and says(fb, "below the cap", "zig-zag", f"w is still {abs(w - W_BEST):.4g}",
                                         "a little further below the cap")


@pytest.mark.parametrize("lr", [0.015, 0.02, GOOD_LR, 0.029, torch.tensor(GOOD_LR), np.float32(GOOD_LR)])
def test_lr_right(lr):
    fb = check(right_plain, lr)
    assert fb.status == "correct", fb.message


def test_lr_not_answered_and_garbage():
    fb = check(right_plain, None)
    assert fb.status == "not answered" and says(fb, "loop is right", "set my_lr")
    for lr, words in [("fast", ["my_lr", "str"]), (-1, ["my_lr = -1", "positive"]), (0, ["positive"]),
                      (float("nan"), ["my_lr", "nan", "finite"]), (float("inf"), ["my_lr", "finite"]),
                      (torch.tensor([0.1, 0.2]), ["my_lr", "shape (2,)"]), ([0.1], ["my_lr", "list"]),
                      (True, ["my_lr", "bool"])]:
        fb = check(right_plain, lr)
        assert fb.status == "invalid" and says(fb, *words), (lr, fb.message)
    # the loop is judged first: a wrong loop is told so whatever my_lr is
    assert check(uphill, "fast").status == "wrong"


def test_fit_line_garbage():
    for garbage in (None, 3, "fit_line", [right_plain]):
        fb = check(garbage)
        assert fb.status == "invalid" and says(fb, "fit_line should be a function", type(garbage).__name__)

    def raises_at_my_lr(X, Y, lr, iterations):
        if iterations > 100:
            raise ValueError("too many")
        return right_plain(X, Y, lr, iterations)
    fb = check(raises_at_my_lr)
    assert fb.status == "wrong" and says(fb, "iterations=1000", "new data", "raised ValueError: too many")

    def nan_after_a_while(X, Y, lr, iterations):
        w, b = right_plain(X, Y, lr, iterations)
        return (w, b) if iterations <= 100 else (float("nan"), b)
    fb = check(nan_after_a_while)
    assert fb.status == "wrong"


def returns_after_one_pass(X, Y, lr, iterations):
    for _ in range(iterations):
        return right_plain(X, Y, lr, 1)  # a right pass, but the return one level too deep: back after the first


def test_a_return_inside_the_loop_is_named():
    """From the tenth review: it was told it does not use its argument iterations."""
    fb = check(returns_after_one_pass)
    assert fb.status == "wrong" and says(fb, "as if it always took 1 step", "return sits inside the loop"), fb.message
    assert not says(fb, "does not use its argument iterations")


def tensors_made_each_pass(X, Y, lr, iterations):
    for _ in range(iterations):
        w = torch.tensor(0.0, requires_grad=True)  # made anew on every pass: each starts again at 0
        b = torch.tensor(0.0, requires_grad=True)
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w.item(), b.item()


def test_w_and_b_made_inside_the_loop_are_named():
    """From the eleventh review: it was told it does not use its argument iterations."""
    fb = check(tensors_made_each_pass)
    assert fb.status == "wrong" and says(fb, "makes w and b anew inside the loop"), fb.message
    assert not says(fb, "does not use its argument iterations")


def without_source(code):
    """A learner's function whose source Python cannot show (made by exec, as a tool driving a kernel may)."""
    namespace = {"torch": torch}
    exec(compile(code, "<no file>", "exec"), namespace)  # noqa: S102
    return namespace["fit_line"]


ONE_PASS = """def fit_line(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        return w.item(), b.item()
"""


def test_one_pass_is_named_when_the_source_cannot_be_read():
    """From the twelfth review, whose functions were made by exec: both mistakes were told they ignore iterations."""
    fb = check(without_source(ONE_PASS))
    assert fb.status == "wrong" and says(fb, "backward() ran once for 20 iterations", "stops after its first pass",
                                         "return indented inside the loop"), fb.message
    assert not says(fb, "does not use its argument iterations")
    anew = ONE_PASS.replace("    w = torch.tensor(0.0, requires_grad=True)\n    b = torch.tensor(0.0, requires_grad=True)\n"
                            "    for _ in range(iterations):\n",
                            "    for _ in range(iterations):\n        w = torch.tensor(0.0, requires_grad=True)\n"
                            "        b = torch.tensor(0.0, requires_grad=True)\n").replace(
                                "        return w.item(), b.item()\n", "    return w.item(), b.item()\n")
    assert anew != ONE_PASS
    fb = check(without_source(anew))
    assert fb.status == "wrong" and says(fb, "makes w and b anew inside the loop"), fb.message
    assert not says(fb, "does not use its argument iterations")


def one_pass_whatever_iterations(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(1):  # the loop's count typed as a number
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
    return w.item(), b.item()


def test_a_loop_that_ignores_iterations_is_not_told_about_a_return():
    fb = check(one_pass_whatever_iterations)  # its source is there to read: no return inside the loop
    assert fb.status == "wrong" and says(fb, "does not use its argument iterations"), fb.message
    assert not says(fb, "return indented") and not says(fb, "return sits")


def fit_line_rebinding_without_no_grad(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        w = w - lr * w.grad
        b = b - lr * b.grad
    return w.item(), b.item()


def test_new_tensors_made_by_the_update_are_named_not_a_missing_gradient():
    """The thirteenth review: w = w - lr * w.grad outside torch.no_grad() was asked whether b was in the prediction."""
    fb = check(fit_line_rebinding_without_no_grad)
    assert fb.status == "wrong" and "w = w - ... and b = b - ... each make a new tensor" in fb.message, fb.message
    assert "Is b in your prediction" not in fb.message


def square_of_the_mean(X, Y, lr, iterations):
    return never_zeroed(X, Y, lr, iterations, zero="wb", loss="mean first")  # torch.mean(w * X + b - Y) ** 2


def test_the_square_of_the_mean_is_named():
    """Review 23: the loss torch.mean(w * X + b - Y) ** 2 got the generic 'move against the gradients'; it is named
    as 2.1's check names it."""
    fb = check(square_of_the_mean)
    assert fb.status == "wrong" and says(fb, "square of the mean difference", "mean was taken first",
                                         "square each difference first"), fb.message


def zeroes_w_before_its_update(X, Y, lr, iterations):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = ((w * X + b - Y) ** 2).mean()
        loss.backward()
        w.grad.zero_()  # too early: the update below then uses 0
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        b.grad.zero_()
    return w.item(), b.item()


def test_a_gradient_cleared_before_its_update_is_named():
    """Review 26: w's gradient zeroed between backward() and the update was told 'your loop never updates w'."""
    fb = check(zeroes_w_before_its_update)
    assert fb.status == "wrong" and says(fb, "w stays at 0", "clears w's gradient after backward() and before the "
                                         "update"), fb.message
    assert "never updates" not in fb.message
    assert says(check(trains_only_b), "never updates w")  # a loop that truly never updates w is still told so


def test_a_new_tensor_each_pass_is_named_even_when_the_source_cannot_be_read():
    """Review 28: w = w - lr * w.grad, in a function whose source the check could not read, was asked only whether b
    was in the prediction; the message now names the new tensor first."""
    scope = {"torch": torch}
    exec("def fit_line(X, Y, lr, iterations):\n"  # no file behind it: inspect cannot read its source
         "    w = torch.tensor(0.0, requires_grad=True)\n"
         "    b = torch.tensor(0.0, requires_grad=True)\n"
         "    for _ in range(iterations):\n"
         "        ((w * X + b - Y) ** 2).mean().backward()\n"
         "        w = w - lr * w.grad\n"
         "        b = b - lr * b.grad\n"
         "    return w.item(), b.item()\n", scope)
    fb = check(scope["fit_line"])
    assert fb.status == "wrong" and says(fb, "w = w - ...", "new tensor", "no gradient of its own", "w -="), fb.message


def bare_zero(X, Y, lr, iterations):
    """The whole loop with zero_ named but not called: nothing is ever zeroed."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        torch.mean((w * X + b - Y) ** 2).backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_  # noqa: B018  named, never called
        b.grad.zero_  # noqa: B018
    return w.item(), b.item()


def bare_backward(X, Y, lr, iterations):
    """The whole loop with backward named but not called: no gradient is ever computed."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        loss = torch.mean((w * X + b - Y) ** 2)
        loss.backward  # noqa: B018  named, never called
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def test_methods_named_without_brackets():
    """From the thirtieth learner review: zero_ without () was told only 'never zeroed', though the learner can see
    a zeroing line in their loop."""
    fb = check(bare_zero)
    assert fb.status == "wrong" and says(fb, "never zeroed", "zero_ without the brackets ()"), fb.message
    fb = check(bare_backward)
    assert fb.status == "wrong" and says(fb, "backward() never ran", "backward without the brackets ()"), fb.message
    fb = check(never_zeroing())
    assert fb.status == "wrong" and says(fb, "never zeroed") and "without the brackets" not in fb.message


def never_zeroing():
    """A loop with no zeroing at all: told it never zeroes, with no word about brackets."""

    def loop(X, Y, lr, iterations):
        w = torch.tensor(0.0, requires_grad=True)
        b = torch.tensor(0.0, requires_grad=True)
        for _ in range(iterations):
            torch.mean((w * X + b - Y) ** 2).backward()
            with torch.no_grad():
                w -= lr * w.grad
                b -= lr * b.grad
        return w.item(), b.item()
    return loop
