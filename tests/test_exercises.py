"""Every exercise check: right answers pass, wrong ones fail, and every hint is true of the answer that got it.

Each test that meets a hint stating a number or a property (a shape, a ratio, an offset, a count)
recomputes that number here, independently of the check, and compares. The many ways learners write
the same right (or wrong) answer are in test_exercise_variety.py.
"""

import math
import warnings

import numpy as np
import pytest
import torch

import helpers
from course import checks_nb3, feedback
from helpers import forward, mse

DATA = helpers.make_data()
X, Y = DATA.X, DATA.Y
W_STAR = helpers.least_squares(X, Y)
X1 = torch.arange(-5, 5, 0.1).view(-1, 1)

# Pieces of the solutions that no message may print (a hint points to the idea, never to the code).
SOLUTION_CODE = ["torch.mean((y_pred", "((y_pred - y) ** 2)", "(X * Y).sum()", "(X * X).sum()", "sum(x*y) / sum(x^2)",
                 "randn(X1.shape", "X1 * 2 +", "2 * X1 +", "Generator().manual_seed(3)", ".view(-1, 1)",
                 "lr * w.grad", "w.grad.zero_()", "L(w + h) - L(w - h)", "/ (2 * h)", "0.8^n * 20 < 0.01",
                 "run.b", "next(i + 1", "min(counts", "key=counts.get"]
MESSAGES = []  # (check, status, message) of every call made through check()


def check(name, *args):
    """Call helpers.<name>(*args) and check what every Feedback must be, whatever the answer."""
    fb = getattr(helpers, name)(*args)
    assert isinstance(fb, helpers.Feedback)
    assert fb.status in ("correct", "wrong", "not answered", "invalid")
    assert repr(fb) and fb._repr_html_()  # both displays render
    for code in SOLUTION_CODE:
        assert code not in fb.message, f"{name} prints solution code {code!r}: {fb.message}"
    MESSAGES.append((name, fb.status, fb.message))
    return fb


def says(fb, *words):
    """True if the message contains every one of ``words`` (case-insensitive)."""
    return all(w.lower() in fb.message.lower() for w in words)


def draw(seed=3, shape=(100, 1), dtype=torch.float32):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed), dtype=dtype)


def test_the_retired_checks_are_gone():
    for name in ("check_gradient", "check_largest_lr", "check_why_b_slow"):
        assert not hasattr(helpers, name)


def test_every_check_is_documented():
    for name in ("check_data", "check_noise_answer", "check_mse", "check_best_w", "check_finite_difference",
                 "check_step", "check_divergence_prediction", "check_fastest_lr", "check_shifted_inputs",
                 "check_iterations_for_b", "check_momentum_beta"):
        doc = getattr(helpers, name).__doc__
        assert doc and "Args:" in doc and "Returns:" in doc, name


# ---------------------------------------------------------------- notebook 1

@pytest.mark.parametrize("name", ["criterion", "my_mse"])
def test_notebook_2s_loss_carried_into_notebook_3_is_named(name):
    """Exercise 3.1 (and 3.2) written with notebook 2's name for the loss: a NameError in notebook 3's kernel."""
    cell = (f"def my_gradient(w, X, Y, h):\n"  # as the learner's cell has it, in a kernel without that name
            f"    return ({name}(forward(X, w + h), Y) - {name}(forward(X, w - h), Y)).item() / (2 * h)\n")
    kernel = {"forward": forward}
    exec(cell, kernel)
    fb = check("check_finite_difference", kernel["my_gradient"])
    assert fb.status == "wrong" and says(fb, f"{name} is ", "kernel of its own", "write mse where you wrote " + name), \
        fb.message


def test_check_data_right():
    fb = check("check_data", X1, 2 * X1 + 1.0 * draw())
    assert fb.status == "correct"
    assert f"{float((2 * X1 + draw() - 2 * X1).std(unbiased=False)):.2f}" in fb.message  # the spread it states


def test_check_data_names_the_tensor_whose_shape_is_wrong():
    Y1 = (2 * X1 + draw()).view(-1)
    fb = check("check_data", X1, Y1)
    assert fb.status == "wrong" and says(fb, "Y1 has shape (100,)", "X1 has the right shape (100, 1)")
    assert tuple(Y1.shape) == (100,) and tuple(X1.shape) == (100, 1)
    assert "arange" not in fb.message  # X1 is fine: no advice about it

    X1_flat = torch.arange(-5, 5, 0.1)
    fb = check("check_data", X1_flat, 2 * X1_flat + draw(shape=(100,)))
    assert fb.status == "wrong" and says(fb, "X1 has shape (100,)")

    fb = check("check_data", X1, (2 * X1 + draw())[:50])
    assert fb.status == "wrong" and says(fb, "Y1 holds 50 values")

    fb = check("check_data", X1[:50], 2 * X1[:50] + draw()[:50])
    assert fb.status == "wrong" and says(fb, "X1 holds 50 values")


def test_check_data_explains_broadcasting():
    Y1 = 2 * X1 + draw(shape=(100,))  # (100, 1) + (100,)
    fb = check("check_data", X1, Y1)
    assert fb.status == "wrong" and says(fb, "(100, 100)", "broadcasting", "(100, 1)", "(100,)")
    assert "arange" not in fb.message
    # The property it states: each entry is a value per row plus a value per column.
    assert Y1.shape == (100, 100)
    assert torch.allclose(Y1, Y1[:, :1] + Y1[:1, :] - Y1[0, 0], atol=1e-5)


def test_check_data_detects_an_intercept():
    fb = check("check_data", X1, 2 * X1 + 3 + draw())
    assert fb.status == "wrong" and says(fb, "shifted by 3", "2x + 3", "passes through 0")
    assert says(fb, "exactly the seed-3 draw")  # the seed is right, and it says so
    assert float((2 * X1 + 3 + draw() - 2 * X1 - draw()).mean()) == pytest.approx(3, abs=1e-5)

    fb = check("check_data", X1, 2 * X1 - 3 + draw())
    assert fb.status == "wrong" and says(fb, "2x - 3")

    Y1 = 2 * X1 + 3 + draw(seed=0)  # an intercept and another seed: the offset is what to fix first
    fb = check("check_data", X1, Y1)
    offset = float((Y1 - 2 * X1).mean())
    assert fb.status == "wrong" and says(fb, "shifted line", f"averages {offset:.2f}") and not says(fb, "seed")
    assert abs(offset) > 2

    for folded in (draw().abs(), draw() ** 2, -draw().abs()):  # review 74: noise of one sign only
        fb = check("check_data", X1, 2 * X1 + folded)
        assert fb.status == "wrong" and says(fb, "same side of the line", "only one sign", ".abs()"), fb.message


def test_check_data_noise_of_the_wrong_size():
    fb = check("check_data", X1, 2 * X1 + 0.4 * draw())
    assert fb.status == "wrong" and says(fb, "exactly the seed-3 draw multiplied by 0.4", "tutorial")

    Y1 = 2 * X1 + 0.4 * draw(seed=5)
    fb = check("check_data", X1, Y1)
    spread = float((Y1 - 2 * X1).std())
    assert fb.status == "wrong" and says(fb, f"spread around the line is {spread:.2f}", "0.4")
    assert abs(spread - 0.4) < 0.08

    Y1 = 2 * X1 + torch.rand(X1.shape, generator=torch.Generator().manual_seed(3))  # uniform, not normal
    fb = check("check_data", X1, Y1)
    assert fb.status == "wrong" and says(fb, "uniform", "torch.rand", "normal distribution")
    assert says(fb, f"{float((Y1 - 2 * X1).std(unbiased=False)):.2f}")

    fb = check("check_data", X1, 2 * X1)
    assert fb.status == "wrong" and says(fb, "sit exactly on the line f(x) = 2x", "no noise")
    fb = check("check_data", X1, 2 * X1 + 1)
    assert fb.status == "wrong" and says(fb, "sit exactly on the line 2x + 1.00")


def test_check_data_names_the_notebooks_seed_0_generator():
    """Exercise 1.1 answered with the notebook's own generator (seeded with 0), fresh or drawn from again."""
    generator = torch.Generator().manual_seed(0)
    Y = -5 * X1 + 0.4 * torch.randn(X1.shape, generator=generator)  # the notebook's own noise, drawn first
    fb = check("check_data", X1, 2 * X1 + torch.randn(X1.shape, generator=generator))
    assert fb.status == "wrong" and says(fb, "numbers 101 to 200 of a generator seeded with 0",
                                         "drawn from again", "seeded with 3")
    fb = check("check_data", X1, 2 * X1 + (Y - -5 * X1))  # the notebook's noise itself, 0.4 included
    assert fb.status == "wrong" and says(fb, "first 100 numbers of a generator seeded with 0", "times 0.4")
    fb = check("check_data", X1, 2 * X1 + draw(seed=0))
    assert fb.status == "wrong" and says(fb, "first 100 numbers of a generator seeded with 0")
    assert "times 0.4" not in fb.message


def test_check_data_names_a_seed_3_generator_drawn_from_twice():
    generator = torch.Generator().manual_seed(3)
    torch.randn(X1.shape, generator=generator)  # the cell run once already
    fb = check("check_data", X1, 2 * X1 + torch.randn(X1.shape, generator=generator))
    assert fb.status == "wrong" and says(fb, "numbers 101 to 200 of a generator seeded with 3",
                                         "already given 100 numbers", "seed it again")


def test_check_data_another_draw():
    known = [draw().double().view(-1), draw(dtype=torch.float64).view(-1),
             torch.from_numpy(np.random.default_rng(3).standard_normal(100)),
             torch.from_numpy(np.random.RandomState(3).standard_normal(100))]
    for noise in [draw(seed=5), draw(seed=4)]:
        fb = check("check_data", X1, 2 * X1 + noise)
        assert fb.status == "wrong" and says(fb, "not the noise that seed 3 gives", "was your draw seeded with 3?")
        assert all((noise.double().view(-1) - k).abs().max() > 0.1 for k in known)  # true: it is none of them
    with torch.random.fork_rng():
        torch.manual_seed(3)
        torch.randn(1)  # something drawn between seeding and the noise
        noise = torch.randn(X1.shape)
    fb = check("check_data", X1, 2 * X1 + noise)
    assert fb.status == "wrong" and says(fb, "numbers 2 to 101 of a generator seeded with 3", "Seed it again")


def test_check_data_slope():
    for slope in (-2.0, 5.0, 1.0):
        Y1 = slope * X1 + draw()
        fb = check("check_data", X1, Y1)
        fitted = float(np.polyfit(X1.view(-1).numpy(), Y1.view(-1).numpy(), 1)[0])
        assert fb.status == "wrong" and says(fb, f"{fitted:.2f}")
        assert says(fb, "downwards") == (slope < 0)


def test_check_data_inputs():
    Xl = torch.linspace(-5, 5, 100).view(-1, 1)
    fb = check("check_data", Xl, 2 * Xl + draw())
    assert fb.status == "wrong" and says(fb, "X1 runs from -5 to 5", f"{float(Xl[1] - Xl[0]):.4g}")


def test_check_data_low_precision_inputs():
    X16 = X1.half()
    fb = check("check_data", X16, 2 * X16.float() + draw())
    off = float((X16.double() - X1.double()).abs().max())
    assert fb.status == "wrong" and says(fb, f"off by up to {off:.2g}", "torch.float16") and 1e-6 < off < 0.01


def test_check_data_garbage():
    assert check("check_data", None, None).status == "not answered"
    assert check("check_data", X1, None).status == "not answered"
    for a, b in [("X", "Y"), ([1, 2], [3, 4]), (X1.numpy(), (2 * X1).numpy()), ({}, {}), (X1, 3.0)]:
        assert check("check_data", a, b).status == "invalid"
    Y1 = 2 * X1 + draw()
    assert check("check_data", X1, torch.full_like(Y1, float("nan"))).status == "invalid"
    assert check("check_data", X1, torch.full_like(Y1, float("inf"))).status == "invalid"
    assert check("check_data", X1.to(torch.complex64), Y1.to(torch.complex64)).status == "invalid"
    assert check("check_data", X1 > 0, Y1 > 0).status == "invalid"
    assert check("check_data", torch.zeros(0), torch.zeros(0)).status == "wrong"


def test_check_noise_answer():
    noisy = helpers.make_data(noise=4.0)
    slope = helpers.least_squares(noisy.X, noisy.Y)
    assert abs(slope + 5) < 0.2  # option b's claim holds
    fb = check("check_noise_answer", "b")
    typical = 4 / math.sqrt(float((noisy.X.double() ** 2).sum()))
    assert fb.status == "correct" and says(fb, f"{slope:.2f}", f"about {typical:.2f}")
    assert check("check_noise_answer", " B ").status == "correct"
    for answer in ("a", "c"):
        fb = check("check_noise_answer", answer)
        # the hint sends the learner to the experiment and does not give the measured slope away
        assert fb.status == "wrong" and says(fb, "noise to 4", "explorer") and f"{slope:.2f}" not in fb.message
    assert check("check_noise_answer", None).status == "not answered"
    for g in ["d", 2, torch.tensor(1.0), ["b"], {"b": 1}, float("nan")]:
        assert check("check_noise_answer", g).status == "invalid"


# ---------------------------------------------------------------- notebook 2

def squares(w=-7.0, data=(X, Y)):
    return ((forward(data[0], w) - data[1]).double() ** 2)


def test_check_mse_right():
    fb = check("check_mse", lambda y_pred, y: torch.mean((y_pred - y) ** 2))
    assert fb.status == "correct" and says(fb, f"{float(squares().mean()):.3f}", "7 points of the check's own")


def test_check_mse_wrong_on_the_notebooks_data():
    fb = check("check_mse", lambda p, y: ((p - y) ** 2).sum())
    assert fb.status == "wrong" and says(fb, "100 times", "sum of the squares", f"{float(squares().sum()):.1f}")
    fb = check("check_mse", lambda p, y: (p - y).mean())
    assert fb.status == "wrong" and says(fb, "square is missing")
    fb = check("check_mse", lambda p, y: (p - y).abs().mean())
    assert fb.status == "wrong" and says(fb, "absolute")
    fb = check("check_mse", lambda p, y: torch.sqrt(((p - y) ** 2).mean()))
    assert fb.status == "wrong" and says(fb, "root")
    fb = check("check_mse", lambda p, y: ((p - y) ** 3).mean())
    cubes = float(((forward(X, -7.0) - Y).double() ** 3).mean())
    assert fb.status == "wrong" and says(fb, f"{cubes:.3f}", f"{float(squares().mean()):.3f}")


def test_a_method_named_but_not_called_is_told_its_brackets_are_missing():
    """Review 8 returned ((y_pred - y) ** 2).mean, without (): the message named a type, not the brackets."""
    fb = check("check_mse", lambda y_pred, y: ((y_pred - y) ** 2).mean)
    assert fb.status != "correct" and says(fb, "the method mean itself", "with brackets", ".mean()")
    fb = check("check_best_w", DATA.X.sum)
    assert fb.status != "correct" and says(fb, "the method sum itself", ".sum()")


def test_check_mse_wrong_on_other_data():
    """Answers that are right only on the notebook's data are caught, and the hint says what was seen."""
    X7, Y7 = feedback.other_data()
    right7 = float(squares(2.0, (X7, Y7)).mean())
    assert X7.numel() == 7 and not torch.equal(X7, X[:7])

    fb = check("check_mse", lambda p, y: ((p - y) ** 2).sum() / 100)  # divides by 100, not by the count
    sum_over_100 = float(squares(2.0, (X7, Y7)).sum()) / 100
    assert fb.status == "wrong" and says(fb, "7 points of the check's own", f"gave {sum_over_100:.4g} instead of {right7:.4g}",
                                         "divided by 100")

    notebook_value = float(squares().mean())
    fb = check("check_mse", lambda p, y: torch.mean((forward(X, -7.0) - Y) ** 2))  # ignores its arguments
    assert fb.status == "wrong" and says(fb, "7 points of the check's own", f"{notebook_value:.4g} instead of {right7:.4g}",
                                         "same value it gave on the notebook's data")
    fb = check("check_mse", lambda p, y: 33.50155)  # the right number, typed in
    assert fb.status == "wrong" and says(fb, "same value")

    fb = check("check_mse", lambda p, y: torch.mean((p - Y) ** 2))  # the notebook's global Y
    assert fb.status == "wrong" and says(fb, "right on the notebook's data", "7 points of the check's own", "raised RuntimeError")


BROADCASTING_MSE = {  # one side reshaped, the other not: (100,) or (1, 100) against (100, 1) is a 100 x 100 matrix
    "view(-1) on y_pred": (lambda y_pred, y: torch.mean((y_pred.view(-1) - y) ** 2),
                           "y_pred has shape (100,) where it meets y, of shape (100, 1)", "the mean of"),
    "squeeze() on y": (lambda y_pred, y: ((y_pred - y.squeeze()) ** 2).mean(),
                       "y_pred has shape (100, 1) where it meets y, of shape (100,)", "the mean of"),
    ".T on y_pred": (lambda y_pred, y: ((y_pred.T - y) ** 2).mean(),
                     "y_pred has shape (1, 100) where it meets y, of shape (100, 1)", "the mean of"),
    "flatten(), sum / len": (lambda y_pred, y: ((y_pred.flatten() - y) ** 2).sum() / len(y),
                             "y_pred has shape (100,) where it meets y, of shape (100, 1)",
                             "the sum, divided by 100, of"),
    "NumPy ravel()": (lambda y_pred, y: np.mean((y_pred.numpy().ravel() - y.numpy()) ** 2),
                      "such as (100,) and (100, 1)", "the mean of"),
}


@pytest.mark.parametrize("name", BROADCASTING_MSE)
def test_check_mse_names_a_broadcast_of_two_shapes(name):
    """(100,) minus (100, 1) broadcasts to 100 x 100 differences: the learner squared each difference and took the
    mean, as the generic hint said, and was told to do just that. Now the message names the broadcast: the two
    shapes, every prediction paired with every target, and the value that gives."""
    fn, shapes, how = BROADCASTING_MSE[name]
    fb = check("check_mse", fn)
    p = forward(X, -7.0)
    value = float(fn(p.clone(), Y.clone()))
    pairs = (p.double().view(-1, 1) - Y.double().view(1, -1)) ** 2  # every prediction with every target
    assert pairs.shape == (100, 100)
    assert value == pytest.approx(float(pairs.mean()) * (100 if "sum" in how else 1), rel=1e-5)  # what it says
    assert fb.status == "wrong" and says(fb, f"gives {value:.1f}", f"is {float(squares().mean()):.3f}",
                                         f"{how} 100 × 100 = 10000 squared differences", shapes, "broadcasting",
                                         "every prediction paired with every target", "same shape"), fb.message
    assert "Square each difference" not in fb.message  # what it did already: not the mistake
    # worded as notebook 1's check explains broadcasting
    nb1 = check("check_data", X1, 2 * X1 + draw(shape=(100,)))
    assert "pairs every row with every entry" in nb1.message and "pairs every row with every entry" in fb.message


def test_check_mse_names_how_the_square_went_wrong():
    """Squares in the wrong place used to get "square each difference, then take the mean": now each is named."""
    p, t = forward(X, -7.0).double(), Y.double()
    cases = [
        (lambda y_pred, y: torch.mean(y_pred - y) ** 2, float((p - t).mean()) ** 2,
         ["square of the mean difference", "taken first and then squared"]),
        (lambda y_pred, y: torch.mean(y_pred - y ** 2), float((p - t ** 2).mean()),
         ["y_pred - y²", "only y was squared", "brackets"]),
        (lambda y_pred, y: (y_pred ** 2 - y ** 2).mean(), float((p ** 2 - t ** 2).mean()),
         ["y_pred² - y²", "not the difference of the squares"]),
        (lambda y_pred, y: ((y_pred - y) ** 2).mean() / 2, float(squares().mean()) / 2,
         ["half the mean squared error", "1/2"]),
    ]
    for fn, value, words in cases:
        fb = check("check_mse", fn)
        assert float(fn(forward(X, -7.0), Y)) == pytest.approx(value, rel=1e-5)  # the value it names is its own
        assert fb.status == "wrong" and says(fb, f"{value:.4g}", *words), fb.message


def test_a_caret_is_told_it_is_not_a_power():
    """x^2 is a power in school algebra, 'exclusive or' in Python: the error it raises is explained."""
    with pytest.raises((RuntimeError, TypeError)):  # NotImplementedError is a RuntimeError
        (forward(X, -7.0) - Y) ^ 2
    fb = check("check_mse", lambda y_pred, y: torch.mean((y_pred - y) ^ 2))
    assert fb.status == "wrong" and says(fb, "raised", "^ is not a power", "exclusive or", "**"), fb.message
    fb = check("check_finite_difference", lambda w, X_, Y_, h: ((w + h) ^ 2 - (w - h) ^ 2) / (2 * h))
    assert fb.status == "wrong" and says(fb, "raised TypeError", "^ is not a power"), fb.message
    fb = check("check_mse", lambda y_pred, y: y_pred.undefined())  # any other error: no word about ^
    assert "^" not in fb.message


def test_check_mse_names_a_division_by_n_minus_1_and_a_doubling():
    """Two more slips that got the generic hint: dividing by n - 1 (a sample variance's habit), and * 2 for ** 2."""
    d = (forward(X, -7.0) - Y).double()
    fb = check("check_mse", lambda y_pred, y: ((y_pred - y) ** 2).sum() / (len(y) - 1))
    by_99 = float((d ** 2).sum()) / (d.numel() - 1)
    assert fb.status == "wrong" and says(fb, f"{by_99:.3f}", "divided by 99", "all 100"), fb.message
    fb = check("check_mse", lambda y_pred, y: torch.mean((y_pred - y) * 2))
    assert fb.status == "wrong" and says(fb, f"{2 * float(d.mean()):.4g}", "twice the differences", "** 2 squares")


def test_check_mse_names_a_missing_mean():
    """One number per point where the loss is one number: was 'invalid' (not a single number), now it says which
    step is missing."""
    fb = check("check_mse", lambda y_pred, y: (y_pred - y) ** 2)
    assert fb.status == "wrong" and says(fb, "shape (100, 1)", "the mean of them is missing")
    fb = check("check_mse", lambda y_pred, y: y_pred - y ** 2)
    assert fb.status == "wrong" and says(fb, "only y was squared", "no mean taken")


def test_check_step_names_zero_without_brackets():
    def names_zero(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_  # noqa: B018  named, never called
    fb = check("check_step", names_zero)
    assert fb.status == "wrong" and says(fb, "never cleared", "zero_ without the brackets")

    def never_zeroes(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
    fb = check("check_step", never_zeroes)
    assert fb.status == "wrong" and says(fb, "never cleared") and "brackets" not in fb.message


def test_check_step_names_the_parameter_zeroed_instead_of_its_gradient():  # review 75
    def zeroes_w(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
            w.zero_()
    fb = check("check_step", zeroes_w)
    assert fb.status == "wrong" and says(fb, "exactly 0 after every step", "w.zero_() empties the parameter",
                                         "the gradient to empty is w.grad"), fb.message


def test_check_step_names_helpers_train():
    def calls_train(w, X_, Y_, lr):
        run = helpers.train(X_, Y_, w0=w.item(), lr=lr, iterations=1)
        with torch.no_grad():
            w.copy_(torch.tensor(run.w[-1]))
    fb = check("check_step", calls_train)
    assert fb.status == "wrong" and says(fb, "calls helpers.train", "write the step itself")


def test_check_mse_names_the_variance():
    """torch.var subtracts the differences' mean before squaring: a near miss here, since that mean is small."""
    for unbiased, how in ((True, "torch.var's way"), (False, "the variance's way")):
        fb = check("check_mse", lambda y_pred, y: torch.var(y_pred - y, unbiased=unbiased))
        assert fb.status == "wrong" and says(fb, "variance of the differences", how, "subtracts their mean")


def test_check_mse_garbage():
    assert check("check_mse", lambda p, y: None).status == "not answered"
    fb = check("check_mse", lambda p, y: p - y)
    assert fb.status == "invalid" and says(fb, "tensor of shape (100, 1)")
    for bad in [lambda p, y: "x", lambda p, y: float("nan"), lambda p, y: float("inf"), lambda p, y: 1j,
                lambda p, y: {"loss": 1}, lambda p, y: True, lambda p, y: np.zeros(3), lambda p, y: [1.0]]:
        assert check("check_mse", bad).status == "invalid"
    fb = check("check_mse", lambda p, y: p.undefined())
    assert fb.status == "wrong" and says(fb, "raised AttributeError")
    for g in [None, "five", torch.zeros(3, 2), float("nan"), 3, [1, 2], True, {}]:
        assert check("check_mse", g).status == "invalid"


def test_check_data_own_generator_drawn_from_before_the_noise():
    """From the nineteenth review: 3 numbers drawn from the learner's own seed-3 generator first were told about the
    global generator, which the learner had not used."""
    X1 = torch.arange(-5, 5, 0.1).view(-1, 1)
    for k in (1, 3, 57):
        g = torch.Generator().manual_seed(3)
        torch.randn(k, generator=g)
        fb = check("check_data", X1, 2 * X1 + torch.randn(X1.shape, generator=g))
        assert fb.status == "wrong" and says(fb, f"numbers {k + 1} to {k + 100}", "something was drawn from it first",
                                             "Seed it again"), fb.message
        assert "global generator" not in fb.message


def test_a_forgotten_return_is_named_not_taken_for_no_answer():
    """From the twentieth review: a whole body without return was told "not answered yet: replace 'return None'"."""
    def no_return_mse(y_pred, y):
        loss = ((y_pred - y) ** 2).mean()

    def no_return_gradient(w, X_, Y_, h):
        up = mse(forward(X_, w + h), Y_)
        down = mse(forward(X_, w - h), Y_)
        slope = (up - down) / (2 * h)

    for name, fn, own in (("check_mse", no_return_mse, "my_mse"), ("check_finite_difference", no_return_gradient,
                                                                  "my_gradient")):
        fb = check(name, fn)
        assert fb.status == "wrong" and says(fb, f"{own} runs, but gives back None", "without a return statement"), \
            fb.message

    def stub(y_pred, y):
        # Exercise 2.1: replace None with your code
        return None
    assert check("check_mse", stub).status == "not answered"  # the untouched stub is still not an answer


@pytest.mark.parametrize("body", ["    loss = ((y_pred - y) ** 2).mean()\n",
                                  "    loss = torch.mean((y_pred - y) ** 2)\n    return None\n",
                                  "    ((y_pred - y) ** 2).mean()\n    return\n"])
def test_a_forgotten_return_is_named_when_the_source_cannot_be_read(body):
    """From the thirty-eighth review: a body without return, in a function whose source Python does not keep (made
    by exec here), was told "not answered yet: replace 'return None'"; the bytecode says it works and returns None."""
    kernel = {"torch": torch}
    exec("def my_mse(y_pred, y):\n" + body, kernel)
    fb = check("check_mse", kernel["my_mse"])
    assert fb.status == "wrong" and says(fb, "gives back None", "end my_mse with return"), fb.message


def test_a_stub_made_by_exec_is_still_not_answered():
    kernel = {}
    exec("def my_mse(y_pred, y):\n    \"\"\"The loss.\"\"\"\n    return None\n", kernel)
    assert check("check_mse", kernel["my_mse"]).status == "not answered"


def test_check_step_names_a_missing_backward():
    """From the thirty-eighth review: a step without backward() was told only "TypeError: unsupported operand
    type(s) for *: 'float' and 'NoneType'"."""
    def my_step(w, X_, Y_, lr):
        loss = mse(forward(X_, w), Y_)
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()

    fb = check("check_step", my_step)
    assert fb.status == "wrong" and says(fb, "never calls backward()", "w.grad is None", "call loss.backward()"), \
        fb.message


def test_check_step_names_a_loss_made_a_number_by_item():
    """From the thirty-eighth review: loss.item() before backward() was told only "'float' object has no attribute
    'backward'"."""
    def my_step(w, X_, Y_, lr):
        loss = mse(forward(X_, w), Y_).item()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()

    fb = check("check_step", my_step)
    assert fb.status == "wrong" and says(fb, "plain Python number", ".item()", "Keep the loss a tensor"), fb.message


def test_check_mse_names_squares_divided_by_n_without_their_sum():
    """From the forty-first review: (y_pred - y) ** 2 / len(y) was told only that its result is a tensor of shape
    (100, 1), where one number was expected."""
    fb = check("check_mse", lambda y_pred, y: (y_pred - y) ** 2 / len(y))
    assert fb.status == "wrong" and says(fb, "divided by 100", "the sum over the points is missing"), fb.message


@pytest.mark.parametrize("gradient, words", [
    (lambda w, X_, Y_, h: (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_) / (2 * h)).item(),
     "divides only b, the second loss, by 2h"),
    (lambda w, X_, Y_, h: (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_) / 2 * h).item(),
     "divides only b by 2 and multiplies it by h"),
])
def test_check_finite_difference_names_a_difference_without_brackets(gradient, words):
    """From the forty-third review: a - b / (2*h) was told only how a slope is computed, and a - b / 2*h that it
    is the loss itself; both leave the difference of the losses without brackets."""
    fb = check("check_finite_difference", gradient)
    assert fb.status == "wrong" and says(fb, "Python divides before it subtracts", words, "in brackets"), fb.message


def test_check_mse_a_mean_along_dim_1_is_named():
    """From the twenty-first review: torch.mean(..., dim=1) got "can't check this" instead of its mistake."""
    fb = check("check_mse", lambda p, y: torch.mean((p - y) ** 2, dim=1))
    assert fb.status == "wrong" and says(fb, "shape (100,)", "one squared difference per point", "dim=1",
                                         "mean over all the points"), fb.message


def test_check_step_loss_inside_no_grad_is_named():
    """From the twenty-first review: a loss computed inside torch.no_grad() got only PyTorch's raw error."""
    def paused(w, X_, Y_, lr):
        with torch.no_grad():
            loss = mse(forward(X_, w), Y_)
            loss.backward()
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", paused)
    assert fb.status == "wrong" and says(fb, "autograd was not recording when the loss was computed",
                                         "inside `with torch.no_grad():`", "only the update belongs in it"), fb.message


def test_check_mse_a_plain_number_is_right_and_told_it_cannot_be_trained_on():
    """From the eighteenth review: `.item()` returned a float, judged correct with no word on backward()."""
    def as_float(y_pred, y):
        return torch.mean((y_pred - y) ** 2).item()
    fb = check("check_mse", as_float)
    assert fb.status == "correct" and says(fb, "plain number (float)", "backward() needs the tensor"), fb.message
    assert "plain number" not in check("check_mse", lambda p, y: ((p - y) ** 2).mean()).message
    # review 73: a loss cut off from autograd is right in value, and told why it cannot train
    for cut in (lambda p, y: torch.mean((p.detach() - y) ** 2), lambda p, y: torch.mean((p.data - y) ** 2)):
        fb = check("check_mse", cut)
        assert fb.status == "correct" and says(fb, "autograd no longer follows", "leave that out"), fb.message
    assert "autograd no longer" not in check("check_mse", lambda p, y: ((p - y) ** 2).mean()).message
    def in_numpy(y_pred, y):
        return np.mean((y_pred.detach().numpy() - y.numpy()) ** 2)
    fb = check("check_mse", in_numpy)
    assert fb.status == "correct" and says(fb, "plain number (float32)") and ".item()" not in fb.message, fb.message


def test_check_best_w_right():
    for value in [((X * Y).sum() / (X * X).sum()).item(), (X * Y).sum() / (X * X).sum(), W_STAR,
                  round(W_STAR, 4), round(W_STAR, 6)]:
        assert check("check_best_w", value).status == "correct", value


def test_check_best_w_rounded():
    """-5.0 is w* rounded AND the true slope: the message says both, and where they differ, but not the next
    decimal (typed in, it would pass)."""
    assert round(W_STAR, 3) == -5.0 and round(W_STAR, 4) == -5.0002
    for value in (-5.0, -5, -5.00, round(W_STAR, 3), round(W_STAR, 1), np.float32(-5.0)):
        fb = check("check_best_w", value)
        assert fb.status == "wrong" and says(fb, "rounded to 3 decimals", "slope of the true line", "decimal place 4")
        assert "5.0002" not in fb.message and "5.00020" not in fb.message
    assert says(check("check_best_w", -5.0), "as the loss curve's grid printed it, -5.00")  # copied from there


def test_check_best_w_names_a_ratio_upside_down_and_the_true_line_used():
    fb = check("check_best_w", ((X * X).sum() / (X * Y).sum()).item())
    assert fb.status == "wrong" and says(fb, "upside down", "sum of x times y goes on top")
    f = -5 * X  # the notebook's true line, in float32: not exactly -5 once summed
    value = ((X * f).sum() / (X * X).sum()).item()
    assert value != -5.0
    fb = check("check_best_w", value)
    assert fb.status == "wrong" and says(fb, "true line f", "use Y in the formula")


def test_check_best_w_wrong():
    x, y = X.double().view(-1), Y.double().view(-1)
    fb = check("check_best_w", -W_STAR)
    assert fb.status == "wrong" and says(fb, "wrong sign")
    fb = check("check_best_w", float(y.mean() / x.mean()))
    assert fb.status == "wrong" and says(fb, "mean(y) / mean(x)")
    fb = check("check_best_w", float(y.sum() / x.sum()))  # the likeliest route leads, in a sentence of its own
    assert fb.status == "wrong" and fb.message.split(". ")[0].endswith("is the sum of y divided by the sum of x "
                                                                        "(the same as mean(y) / mean(x))"), fb.message
    assert says(fb, "pairs each x_i with its own y_i")
    table = float((X @ Y.T).sum() / (X @ X.T).sum())  # the 100 x 100 tables give the same value, and say so
    assert table == pytest.approx(float(y.sum() / x.sum()), rel=1e-3) and says(check("check_best_w", table),
                                                                               "X @ Y.T over X @ X.T")
    fb = check("check_best_w", float((x * y).sum() / x.sum()))
    assert fb.status == "wrong" and says(fb, "sum of x squared")
    # the mean of y / x: one input is 0 up to rounding, so it is about -1.4 million
    near_zero = int(x.abs().argmin())
    for ratio_mean in ((Y / X).mean(), float((y / x).mean())):
        fb = check("check_best_w", ratio_mean)
        assert fb.status == "wrong" and says(fb, "mean of y / x", f"X[{near_zero}] is {float(X[near_zero]):.2g}"), \
            fb.message
    assert abs(float((Y / X).mean())) > 1e5
    fb = check("check_best_w", helpers.least_squares(X, Y, with_bias=True)[0])
    assert fb.status == "wrong" and says(fb, "with a bias")
    fb = check("check_best_w", float((x * y).sum() / (x * x).mean()))
    assert fb.status == "wrong" and says(fb, "100 times", "number of points")
    # the square of the sum where the sum of the squares belongs
    fb = check("check_best_w", float((x * y).sum() / x.sum() ** 2))
    assert fb.status == "wrong" and says(fb, "square of the sum of x", "sum of the squares")
    for value in (3.0, -5.0001, -5.001, -4.0):
        fb = check("check_best_w", value)
        slope = 2 * float((x * (value * x - y)).mean())
        side = "left" if slope > 0 else "right"
        # notebook 2 has not met dL/dw yet: the message says where the loss goes down, in words
        assert fb.status == "wrong" and says(fb, f"goes down towards the {side}") and "dL/dw" not in fb.message
        assert (W_STAR < value) == (side == "left")  # the bottom really is on that side
        assert f"{W_STAR:.4f}" not in fb.message  # the fallback does not give the answer away


def test_check_best_w_names_a_sum_of_ratios_and_a_bottom_squared_twice():
    """From the seventeenth review: both got only "not the bottom of the bowl"."""
    fb = check("check_best_w", ((X * Y) / (X * X)).sum())
    assert fb.status == "wrong" and says(fb, "divides point by point", "adds first and divides once"), fb.message
    fb = check("check_best_w", (X * Y).sum() / (X ** 2).sum() ** 2)
    assert fb.status == "wrong" and says(fb, "squared again", "(sum of x_i^2)^2"), fb.message


def test_check_best_w_names_a_bottom_divided_and_multiplied_back():
    """From review 50: (X*Y).sum()/X.sum()*X.sum() (brackets missing) got only "not the bottom of the bowl"."""
    for value in ((X * Y).sum() / X.sum() * X.sum(), (X * Y).sum() / (X * X).sum() * (X * X).sum(), (X * Y).sum(),
                  (X * Y).mean()):  # review 55: mean(xy), the top as a mean, got "not the bottom of the bowl"
        fb = check("check_best_w", value)
        assert fb.status == "wrong" and says(fb, "top of the formula alone", "Divide it by the bottom", "a / (...)"), fb.message


def test_check_best_w_names_a_top_without_its_sum():
    """Review 51: (X * Y) / (X * X).sum() was told only that it is a tensor of shape (100, 1)."""
    for value in ((X * Y) / (X * X).sum(), (X * Y) / (X ** 2).sum()):
        fb = check("check_best_w", value)
        assert fb.status == "wrong" and says(fb, "100 numbers", "missing its .sum()"), fb.message


def test_check_best_w_names_a_bottom_without_its_sum():
    """Review 54: (X*Y).sum() / (X*X) was told only its shape, and its mean got "not the bottom of the bowl"."""
    for value in ((X * Y).sum() / (X * X), ((X * Y).sum() / (X * X)).mean(), ((X * Y).sum() / (X * X)).sum(),
                  (X * Y).mean() / (X ** 2)):  # review 61: the mean version was told its shape only
        fb = check("check_best_w", value)
        assert fb.status == "wrong" and says(fb, "divided by each x_i^2 on its own", "missing its .sum()"), fb.message


def test_check_best_w_garbage():
    assert check("check_best_w", None).status == "not answered"
    for g in ["five", torch.zeros(3, 2), float("nan"), float("inf"), [1, 2], True, 1j, {}, np.zeros(2), 10 ** 400]:
        assert check("check_best_w", g).status == "invalid"


# ---------------------------------------------------------------- notebook 3

def loss_at(w, X_, Y_):
    return float(((w * X_.double() - Y_.double()) ** 2).mean())


def autograd_slope(w, X_, Y_):
    w = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    ((w * X_.double() - Y_.double()) ** 2).mean().backward()
    return w.grad.item()


def central(w, X, Y, h):
    return (mse(forward(X, w + h), Y) - mse(forward(X, w - h), Y)) / (2 * h)


def test_check_finite_difference_right():
    fb = check("check_finite_difference", central)
    assert fb.status == "correct" and says(fb, "-10, -3 and 2", "7 points of the check's own")
    assert "one side" not in fb.message
    forward_difference = lambda w, X, Y, h: (mse(forward(X, w + h), Y) - mse(forward(X, w), Y)) / h  # noqa: E731
    backward_difference = lambda w, X, Y, h: (mse(forward(X, w), Y) - mse(forward(X, w - h), Y)) / h  # noqa: E731
    # a slope estimate too, but not the formula asked for: not marked correct, and told why, with what it gives at h = 1
    exact = autograd_slope(-10.0, X, Y)
    for fn, h_side in ((forward_difference, 1.0), (backward_difference, -1.0)):
        fb = check("check_finite_difference", fn)
        one_sided = (loss_at(-10.0 + h_side, X, Y) - loss_at(-10.0, X, Y)) / h_side
        assert fb.status == "wrong" and says(fb, "one side only", f"{one_sided:.2f}", f"{exact:.2f}", "2h"), fb.message
        assert abs(one_sided - exact) > 8  # mean(x²)·h, h = 1


def test_check_finite_difference_wrong():
    g = autograd_slope(-10.0, X, Y)
    cases = {
        "no division": (lambda w, X, Y, h: mse(forward(X, w + h), Y) - mse(forward(X, w - h), Y),
                        ["change in the loss itself", "yours is about 0.002 times as large"]),
        "one-sided, no division": (lambda w, X, Y, h: mse(forward(X, w + h), Y) - mse(forward(X, w), Y),
                                   ["change in the loss itself", "yours is about 0.001 times as large"]),
        "divides by h": (lambda w, X, Y, h: (mse(forward(X, w + h), Y) - mse(forward(X, w - h), Y)) / h,
                         ["yours is twice as large", "2h apart"]),
        "one-sided by 2h": (lambda w, X, Y, h: (mse(forward(X, w + h), Y) - mse(forward(X, w), Y)) / (2 * h),
                            ["yours is half as large", "a point h away", "h apart"]),
        "reversed": (lambda w, X, Y, h: (mse(forward(X, w - h), Y) - mse(forward(X, w + h), Y)) / (2 * h),
                     ["sign is flipped"]),
        "sum": (lambda w, X, Y, h: (((w + h) * X - Y) ** 2 - ((w - h) * X - Y) ** 2).sum() / (2 * h),
                ["yours is 100 times as large", "number of points", "sum of the squares"]),
        "the loss": (lambda w, X, Y, h: mse(forward(X, w), Y), ["the loss at w = -10 itself"]),
        "w + h * X without brackets": (  # review 69: the sign-flip message fired, ratio -1.01 by chance
            lambda w, X, Y, h: (mse(w + h * X, Y) - mse(w - h * X, Y)) / (2 * h),
            ["prediction w + h * X, not (w + h) * X", "multiplies before it adds", "brackets"]),
        "the mean divided by n again": (  # review 65: / (2*h) / len(X)
            lambda w, X, Y, h: (mse(forward(X, w + h), Y) - mse(forward(X, w - h), Y)) / (2 * h) / len(X),
            ["yours is 1/100 of it", "number of points", "already a mean"]),
    }
    for name, (fn, words) in cases.items():
        fb = check("check_finite_difference", fn)
        value = float(fn(-10.0, X, Y, 1e-3))
        assert fb.status == "wrong" and says(fb, "at w = -10", f"{value:.5g}", f"{g:.5g}", *words), name
    # the ratios and values the hints name are true
    no_div = cases["no division"][0](-10.0, X, Y, 1e-3).item() / g
    assert no_div == pytest.approx(2e-3, rel=2e-2)
    assert cases["sum"][0](-10.0, X, Y, 1e-3).item() / g == pytest.approx(X.numel(), rel=2e-2)
    assert cases["the loss"][0](-10.0, X, Y, 1e-3).item() == pytest.approx(loss_at(-10.0, X, Y), rel=1e-5)


def test_check_finite_difference_uses_its_arguments():
    X7, Y7 = feedback.other_data()
    fb = check("check_finite_difference", lambda w, X_, Y_, h: central(w, X, Y, h))  # the notebook's X, Y
    on_notebook = float(central(-10.0, X, Y, 1e-3))
    assert fb.status == "wrong" and says(fb, "7 points of the check's own", f"{on_notebook:.5g}",
                                         f"{autograd_slope(-10.0, X7, Y7):.5g}", "exactly what it gave at w = -10 on the notebook's")
    fb = check("check_finite_difference", lambda w, X_, Y_, h: central(w, X_, Y, h))  # the notebook's Y
    assert fb.status == "wrong" and says(fb, "right on the notebook's data", "7 points of the check's own", "raised")
    fb = check("check_finite_difference", lambda w, X_, Y_, h: central(-10.0, X_, Y_, h))  # ignores w
    assert fb.status == "wrong" and says(fb, "at w = -3", f"{float(central(-10.0, X, Y, 1e-3)):.5g}",
                                         "same value it gave at w = -10", "argument w")
    fb = check("check_finite_difference", lambda w, X_, Y_, h: central(w, X_, Y_, h) if w == -10 else 1 / 0)
    assert fb.status == "wrong" and says(fb, "raised ZeroDivisionError") and not says(fb, "right on")


def own_h(w, X_, Y_, h):  # overwrites the h it is given
    h = 0.001
    return (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / (2 * h)


def own_h_of_1(w, X_, Y_, h):
    h = 1.0
    return ((mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / (2 * h)).item()


def own_h_on_a_tensor(w, X_, Y_, h):  # w made a tensor first, nudged by a number of its own
    t = torch.tensor(w)
    return (mse(forward(X_, t + 0.01), Y_) - mse(forward(X_, t - 0.01), Y_)) / 0.02


OWN_H = {
    "h = 0.001 inside": (own_h, "it sets its own h inside the function (h = 0.001)"),
    "h = 1 inside": (own_h_of_1, "it sets its own h inside the function (h = 1)"),
    "0.001 typed in": (lambda w, X_, Y_, h: (mse(forward(X_, w + 0.001), Y_) - mse(forward(X_, w - 0.001), Y_)) / 0.002,
                       "it nudges w by a number written into the function (0.001)"),
    "a tensor nudged by 0.01": (own_h_on_a_tensor, "it nudges w by a number written into the function (0.01)"),
}


@pytest.mark.parametrize("name", OWN_H)
def test_check_finite_difference_names_an_h_of_its_own(name):
    """A nudge by its own h, not the h it is given, used to be told it "uses the formula for the gradient". For this
    parabola the two-sided nudge is exact at any h, so "the same value for every h" is true of it and of the
    formula alike: the check tells them apart by what the code nudges w by, and says so."""
    fn, own = OWN_H[name]
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, "ignores the h it is given", own, "use the argument h"), fb.message
    assert "formula" not in fb.message
    # what it states is so: the same value at h = 0.5 as at h = 0.001, and a number even at h = NaN
    assert float(fn(-10.0, X, Y, 0.5)) == float(fn(-10.0, X, Y, 0.001))
    assert math.isfinite(float(fn(-10.0, X, Y, math.nan)))
    assert says(fb, "h = 0.5", "h = NaN")


def test_check_finite_difference_an_own_h_too_small_to_be_right():
    """h = 0.0001 of its own is off by float32 rounding at w = -10: told it ignores its h, with the h it used."""
    def tiny_h(w, X_, Y_, h):
        step = 0.0001
        return (mse(forward(X_, w + step), Y_) - mse(forward(X_, w - step), Y_)) / (2 * step)

    value, g = float(tiny_h(-10.0, X, Y, 0.001)), autograd_slope(-10.0, X, Y)
    assert abs(value - g) > 2e-3 * abs(g) + 1e-2  # really outside the check's tolerance
    fb = check("check_finite_difference", tiny_h)
    assert fb.status == "wrong" and says(fb, f"{value:.5g}", "ignores the h = 0.001 it is given",
                                         "a number written into the function (0.0001)", "use the argument h"), \
        fb.message


def test_check_finite_difference_the_formula_is_not_told_it_set_an_h():
    fb = check("check_finite_difference", lambda w, X_, Y_, h: (2 * (X_ * (w * X_ - Y_)).mean()).item())
    assert fb.status == "wrong" and says(fb, "does not use h", "formula for the gradient")
    assert "its own h" not in fb.message and "written into" not in fb.message


def test_check_finite_difference_divided_by_2_times_h():
    """a / 2*h is (a / 2) * h: h² times the slope, named as such (it got the generic hint)."""
    fn = lambda w, X_, Y_, h: (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / 2*h  # noqa: E226,E731
    value, g = float(fn(-10.0, X, Y, 1e-3)), autograd_slope(-10.0, X, Y)
    assert value / g == pytest.approx(1e-6, rel=2e-2)
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, f"{value:.5g}", "h² times", "(a / 2) * h", "brackets"), fb.message


def test_check_finite_difference_names_autograd_grad_when_it_is_used():
    def with_autograd_grad(w, X_, Y_, h):
        t = torch.tensor(w, requires_grad=True)
        (g,) = torch.autograd.grad(mse(forward(X_, t), Y_), t)
        return g.item()

    fb = check("check_finite_difference", with_autograd_grad)
    assert fb.status == "wrong" and says(fb, "inside torch.no_grad()", "without backward() or torch.autograd.grad")


def test_check_finite_difference_the_square_of_the_mean():
    """mean(w*x - y)² instead of mean((w*x - y)²): a bracket in the wrong place, named (it got the generic hint)."""
    def fn(w, X_, Y_, h):
        return (torch.mean((w + h) * X_ - Y_) ** 2 - torch.mean((w - h) * X_ - Y_) ** 2) / (2 * h)
    x, y = X.double(), Y.double()
    exact = 2 * float(x.mean()) * float((-10.0 * x - y).mean())  # the slope of mean(w*x - y)² at w = -10
    value = float(fn(-10.0, X, Y, 1e-3))
    assert value == pytest.approx(exact, rel=2e-2)
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, f"{value:.5g}", "square of the mean", "mean(w*x - y)²"), fb.message


def test_check_finite_difference_a_loss_without_its_square():
    """From review 50: mean(w*x - y), the square left out, got "does it use its argument w?"; its slope is mean(x)."""
    def fn(w, X_, Y_, h):
        return (torch.mean((w + h) * X_ - Y_) - torch.mean((w - h) * X_ - Y_)) / (2 * h)
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, "a loss without its square", "** 2"), fb.message
    assert "does it use its argument w" not in fb.message


def test_check_finite_difference_a_loss_of_absolute_differences():
    """Review 51: mean(|w*x - y|) got the generic "Compute the loss mean((w*x - y)^2)"."""
    def fn(w, X_, Y_, h):
        return (torch.mean(((w + h) * X_ - Y_).abs()) - torch.mean(((w - h) * X_ - Y_).abs())) / (2 * h)
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, "mean(|w*x - y|)", "absolute"), fb.message


def test_check_finite_difference_a_fixed_denominator_equal_to_the_checks_first_step():
    """Review 57: / (2 * 0.001), right at the check's first h, was told it was a one-sided nudge ("w - 9.98e+03h")."""
    def fn(w, X_, Y_, h):
        return (torch.mean(((w + h) * X_ - Y_) ** 2) - torch.mean(((w - h) * X_ - Y_) ** 2)) / (2 * 0.001)
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, "500 times as large", "a fixed number, 0.002", "2 * h"), fb.message
    assert "one side" not in fb.message


def test_check_divergence_prediction_oscillates_is_neither_answer():
    """Review 62: "oscillates" was told only that the answer should be one of 'converges', 'diverges'."""
    fb = check("check_divergence_prediction", "oscillates")
    assert fb.status == "invalid" and says(fb, "how the run moves, not where it ends", "swings shrink"), fb.message


def test_check_step_calling_backward_twice():
    """Two backward() calls in one step double w.grad: the step is twice as long, and the message says why."""
    def backward_twice(w, X_, Y_, lr):
        loss = mse(forward(X_, w), Y_)
        loss.backward(retain_graph=True)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()

    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    first = run_steps(backward_twice, X, Y, 0.1)[0]
    assert (first + 10) == pytest.approx(2 * (reference[0] + 10), rel=1e-4)  # twice as long, as it says
    fb = check("check_step", backward_twice)
    assert fb.status == "wrong" and says(fb, f"-10 to {first:.4f}", "twice as long", "call it twice"), fb.message


def test_check_finite_difference_garbage():
    assert check("check_finite_difference", lambda w, X, Y, h: None).status == "not answered"
    fb = check("check_finite_difference", lambda w, X, Y, h: ((w + h) * X - Y) ** 2 - ((w - h) * X - Y) ** 2)
    assert fb.status == "invalid" and says(fb, "tensor of shape (100, 1)")
    for bad in [lambda w, X, Y, h: "x", lambda w, X, Y, h: float("nan"), lambda w, X, Y, h: 1j,
                lambda w, X, Y, h: {}, lambda w, X, Y, h: False]:
        assert check("check_finite_difference", bad).status == "invalid"
    fb = check("check_finite_difference", lambda w, X, Y, h: 1 / 0)
    assert fb.status == "wrong" and says(fb, "raised ZeroDivisionError")
    for g in [None, "five", torch.zeros(3, 2), float("nan"), [1, 2], True, {}]:
        assert check("check_finite_difference", g).status == "invalid"


def step(sign=1, zero="after", no_grad=True, in_place=True, loss="mean", lr_used=None, data=None):
    """A learner's my_step, right by default, with one thing changed."""
    def my_step(w, X_, Y_, lr):
        X_, Y_ = data if data is not None else (X_, Y_)
        lr = lr if lr_used is None else lr_used
        if zero == "before, unguarded":
            w.grad.zero_()
        out = forward(X_, w)
        (mse(out, Y_) if loss == "mean" else ((out - Y_) ** 2).sum()).backward()
        if zero == "before update":
            w.grad.zero_()
        if not in_place:
            return w - lr * w.grad
        if no_grad:
            with torch.no_grad():
                w -= sign * lr * w.grad
        else:
            w -= sign * lr * w.grad
        if zero == "after":
            w.grad.zero_()
    return my_step


def run_steps(my_step, X_, Y_, lr, grad=None):
    w = torch.tensor(-10.0, requires_grad=True)
    if grad is not None:
        w.grad = torch.tensor(grad)
    ws = []
    for _ in range(20):
        my_step(w, X_, Y_, lr)
        ws.append(w.item())
    return ws


def test_check_step_right():
    fb = check("check_step", step())
    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    assert fb.status == "correct" and says(fb, f"{reference[-1]:.4f}", "another learning rate", "other data")


def test_check_step_through_data_is_right_and_told_why_no_grad_is_preferred():
    """From the sixteenth review: `w.data -= ...` was accepted with no word on notebook 3's torch.no_grad()."""
    def through_data(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        w.data -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", through_data)
    assert fb.status == "correct" and says(fb, "goes through .data", "an older way to write the update"), fb.message
    assert ".data" not in check("check_step", step()).message  # said only to a step that uses it


def test_check_step_gradients_pile_up_only_when_they_do():
    fb = check("check_step", step(zero="never"))
    never = run_steps(step(zero="never"), X, Y, 0.1)
    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    assert fb.status == "wrong" and says(fb, "never cleared", "sum of all the gradients",
                                         f"{never[1]:.4f} instead of {reference[1]:.4f}")
    assert never[0] == pytest.approx(reference[0]) and abs(never[1] - reference[1]) > 1
    # zeroing before backward() is right, and is not told that its gradients pile up
    def zero_first(w, X_, Y_, lr):
        if w.grad is not None:
            w.grad.zero_()
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
    assert check("check_step", zero_first).status == "correct"


def test_check_step_zeroing_first_on_a_fresh_w():
    fb = check("check_step", step(zero="before, unguarded"))
    assert fb.status == "wrong" and says(fb, "fresh w", "AttributeError", "w.grad is None until the first backward()",
                                         "do match the notebook's loop")
    with pytest.raises(AttributeError):  # true: it fails on a fresh w
        run_steps(step(zero="before, unguarded"), X, Y, 0.1)
    assert run_steps(step(zero="before, unguarded"), X, Y, 0.1, grad=0.0) == pytest.approx(  # true: then it matches
        helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w, abs=1e-4)


def test_check_step_wrong():
    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    fb = check("check_step", step(sign=-1))
    uphill = run_steps(step(sign=-1), X, Y, 0.1)[0]
    assert fb.status == "wrong" and says(fb, "uphill", f"-10 to {uphill:.4f}", f"{reference[0]:.4f}")
    assert (uphill + 10) == pytest.approx(-(reference[0] + 10), rel=1e-4)
    assert feedback.loss64(uphill, X, Y) > feedback.loss64(-10.0, X, Y)  # the loss really grows

    fb = check("check_step", step(no_grad=False))
    assert fb.status == "wrong" and says(fb, "refused the in-place update", "torch.no_grad()")

    fb = check("check_step", step(in_place=False))
    assert fb.status == "wrong" and says(fb, f"returned {reference[0]:.4f}", "still -10", "in place")

    fb = check("check_step", step(zero="before update"))  # w changed in place: the step itself was 0, and it says so
    assert fb.status == "wrong" and says(fb, "still -10", "w.grad is 0", "clears the gradient before the update "
                                         "uses it", "Update w first"), fb.message
    assert "w = w - ..." not in fb.message and "Either" not in fb.message
    namespace = {"forward": forward, "mse": mse, "torch": torch}  # the same step where its source cannot be read
    exec(compile("def my_step(w, X_, Y_, lr):\n    mse(forward(X_, w), Y_).backward()\n    w.grad.zero_()\n"
                 "    with torch.no_grad():\n        w -= lr * w.grad\n", "<no file>", "exec"), namespace)
    fb = check("check_step", namespace["my_step"])  # then one call is watched: an update in place ran, by 0
    assert fb.status == "wrong" and says(fb, "still -10", "w.grad is 0", "clears the gradient before the update "
                                         "uses it"), fb.message
    exec(compile("def my_step(w, X_, Y_, lr):\n    mse(forward(X_, w), Y_).backward()\n    w.grad.zero_()\n"
                 "    with torch.no_grad():\n        w = w - lr * w.grad\n", "<no file>", "exec"), namespace)
    fb = check("check_step", namespace["my_step"])  # no update in place ran: the new tensor is named
    assert fb.status == "wrong" and says(fb, "still -10", "no update in place ran", "w = w - ... makes a new "
                                         "tensor"), fb.message
    assert "before the update uses it" not in fb.message

    def saves_clears_rebinds(w, X_, Y_, lr):  # the gradient is saved before it is cleared: not a step of 0
        mse(forward(X_, w), Y_).backward()
        g = w.grad.clone()
        w.grad.zero_()
        with torch.no_grad():
            w = w - lr * g  # noqa: F841  a new tensor, lost on return
    fb = check("check_step", saves_clears_rebinds)
    # the new tensor is named, not a cleared gradient
    assert fb.status == "wrong" and says(fb, "still -10", "w.grad is 0", "w = w - ... in your step makes a new "
                                         "tensor"), fb.message
    assert "already been cleared" not in fb.message and "before the update" not in fb.message

    def updates_a_copy(w, X_, Y_, lr):  # clears after an update of something else: not told it clears first
        mse(forward(X_, w), Y_).backward()
        w_new = w.detach().clone()
        with torch.no_grad():
            w_new -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", updates_a_copy)
    assert fb.status == "wrong" and says(fb, "still -10", "already been cleared", "w = w - ..."), fb.message
    assert "before the update uses it" not in fb.message

    def rebinds_then_zeroes(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        w = w - lr * w.grad  # a new tensor without a .grad of its own
        w.grad.zero_()
    # PyTorch's long warning about the .grad of a non-leaf tensor would come before the check's plain words
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fb = check("check_step", rebinds_then_zeroes)
    assert fb.status == "wrong" and says(fb, "AttributeError", "w.grad was None", "new tensor made by w = w - ...")

    def never_backward(w, X_, Y_, lr):  # computes the loss and returns it, but never steps
        return mse(forward(X_, w), Y_)
    fb = check("check_step", never_backward)
    assert fb.status == "wrong" and says(fb, "still -10", "w.grad is None", "call backward()")

    def rebinds(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w = w - lr * w.grad  # noqa: F841  a new tensor, lost on return
    fb = check("check_step", rebinds)
    assert fb.status == "wrong" and says(fb, "still -10", f"w.grad holds {autograd_slope(-10.0, X, Y):.4g}",
                                         "did not change w", "w = w - ... makes a new tensor")

    fb = check("check_step", step(loss="sum"))
    assert fb.status == "wrong" and says(fb, "100 times as long", "sum of the squares")

    def speeds_up(w, X_, Y_, lr, calls=[]):
        calls.append(w)
        n = sum(c is w for c in calls)  # how many times this w has been stepped
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= n * lr * w.grad
        w.grad.zero_()
    fb = check("check_step", speeds_up)
    ws = run_steps(speeds_up, X, Y, 0.1)
    assert fb.status == "wrong" and says(fb, "your first step matches", f"step 2 takes w to {ws[1]:.4f} instead "
                                         f"of {reference[1]:.4f}") and not says(fb, "never cleared")


def test_check_step_without_the_learning_rate_or_with_the_absolute_loss():
    def whole_gradient(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= w.grad
        w.grad.zero_()
    fb = check("check_step", whole_gradient)
    assert fb.status == "wrong" and says(fb, "10 times as long", "missing the learning rate")

    def absolute(w, X_, Y_, lr):
        (forward(X_, w) - Y_).abs().mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", absolute)
    assert fb.status == "wrong" and says(fb, "absolute differences", "squares each difference")


def test_check_step_with_the_notebooks_data_written_in():
    def divides_by_100(w, X_, Y_, lr):
        (((forward(X_, w) - Y_) ** 2).sum() / 100).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", divides_by_100)
    assert fb.status == "wrong" and says(fb, "7 points of the check's own", "divides by 100", "the number of points it is given")

    def fixed_shape(w, X_, Y_, lr):
        mse(forward(X_.view(100, 1), w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", fixed_shape)
    assert fb.status == "wrong" and says(fb, "7 points of the check's own", "shape such as (100, 1)") and "y_pred" not in fb.message

    fb = check("check_step", step(data=(X, helpers.make_data().line)))  # the loss against f, not Y
    assert fb.status == "wrong" and says(fb, "true line f instead of the data") and "first 0 steps" not in fb.message


def test_check_step_asks_for_backward_instead_of_autograd_grad():
    """torch.autograd.grad gets the right steps but skips both things the exercise asks for: backward() and the
    zeroing of w.grad. It used to be accepted; now it is told so, and why the two go together."""
    def autograd_grad(w, X_, Y_, lr):
        (grad,) = torch.autograd.grad(mse(forward(X_, w), Y_), w)
        with torch.no_grad():
            w -= lr * grad

    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    w = torch.tensor(-10.0, requires_grad=True)
    ws = []
    for _ in range(20):
        autograd_grad(w, X, Y, 0.1)
        ws.append(w.item())
    assert ws == pytest.approx(reference, abs=1e-4) and w.grad is None  # right steps, and w.grad never filled
    fb = check("check_step", autograd_grad)
    assert fb.status == "wrong" and says(fb, "match the notebook's loop", "torch.autograd.grad instead of calling "
                                         "loss.backward()", "never adds it into w.grad", "zeroing w.grad",
                                         "adds it into w.grad", "pile up", "optional section on zeroing"), fb.message
    assert "without backward()" not in fb.message  # it did use autograd: not told it wrote the gradient out


def test_check_step_uses_its_arguments():
    reference = helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=20).w
    right_05 = helpers.train(X, Y, w0=-10.0, lr=0.05, iterations=20).w
    fb = check("check_step", step(lr_used=0.1))  # ignores its lr
    assert fb.status == "wrong" and says(fb, "lr = 0.05", f"{reference[-1]:.4f} after 20 steps instead of "
                                         f"{right_05[-1]:.4f}", "exactly as with lr = 0.1", "argument lr")
    X7, Y7 = feedback.other_data()
    right7 = helpers.train(X7, Y7, w0=-10.0, lr=0.05, iterations=20).w
    fb = check("check_step", step(data=(X, Y)))  # the notebook's X and Y, whatever it is given
    assert fb.status == "wrong" and says(fb, "7 points of the check's own", f"{right_05[-1]:.4f} instead of {right7[-1]:.4f}",
                                         "exactly where they end on the notebook's own data at the same lr = 0.05 "
                                         f"({right_05[-1]:.4f})", "arguments X and Y")
    fb = check("check_step", step(lr_used=0.12))
    assert fb.status == "wrong" and says(fb, "your first step is 1.2 times as long as the loop's")

    def lr_squared(w, X_, Y_, lr):  # uses its lr, wrongly: 10 lr² is lr only at lr = 0.1
        step()(w, X_, Y_, 10 * lr ** 2)

    fb = check("check_step", lr_squared)
    assert fb.status == "wrong" and says(fb, "lr = 0.05", "exactly lr times the gradient, whatever lr is")
    assert "does it use its argument lr" not in fb.message  # it does use it


def test_check_step_garbage():
    assert check("check_step", lambda w, X, Y, lr: None).status == "not answered"
    def grows_w(w, X_, Y_, lr):
        w.data = torch.zeros(3)
    fb = check("check_step", grows_w)
    assert fb.status == "wrong" and says(fb, "w has shape (3,)")
    def makes_nan(w, X_, Y_, lr):
        with torch.no_grad():
            w.fill_(float("nan"))
    fb = check("check_step", makes_nan)
    assert fb.status == "wrong" and says(fb, "from -10 to nan") and not says(fb, "nan times")
    def global_y(w, X_, Y_, lr):
        mse(forward(X_, w), Y).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", global_y)
    assert fb.status == "wrong" and says(fb, "right on the notebook's data", "7 points of the check's own", "raised ValueError: y_pred and y must have shapes that broadcast together")
    fb = check("check_step", lambda w, X, Y, lr: 1 / 0)
    assert fb.status == "wrong" and says(fb, "raised ZeroDivisionError")
    for g in [None, "five", torch.zeros(3, 2), float("nan"), [1, 2], True, {}]:
        assert check("check_step", g).status == "invalid"


def test_check_divergence_prediction():
    star = helpers.critical_lr(X)
    lr = checks_nb3.PREDICT_LR
    factor = 1 - 2 * lr * float((X.double() ** 2).mean())
    run = helpers.train(X, Y, lr=lr, iterations=200)
    settles = helpers.steps_to_reach(run.w, W_STAR)
    fb = check("check_divergence_prediction", "converges")
    assert fb.status == "correct" and says(fb, f"{star:.4f}", f"{factor:.3f}", f"{run.w[19]:.3f}",
                                           f"only after {settles} iterations"), fb.message
    assert lr < star < 1.05 * lr and -1 < factor < -0.9  # just under the cap: it zig-zags and still settles
    assert abs(run.w[-1] - W_STAR) < 0.01 and settles > 20
    fb = check("check_divergence_prediction", "diverges")
    # the hint sends the learner back to the rule, without saying which way it goes
    assert fb.status == "wrong" and says(fb, "critical learning rate", "above 1, or below", "exact value box")
    assert "converge" not in fb.message and f"{factor:.3f}" not in fb.message
    assert check("check_divergence_prediction", None).status == "not answered"
    for g in ["maybe", 0.2, torch.tensor(1.0), True, {}]:
        assert check("check_divergence_prediction", g).status == "invalid"


def steps_needed(lr, iterations=200):
    """Iterations after which w stays within 0.01 of w*, counted here without helpers.steps_to_reach."""
    ws = helpers.train(X, Y, w0=-10.0, lr=lr, iterations=iterations).w
    if len(ws) < iterations or not abs(ws[-1] - W_STAR) < 0.01:
        return None
    n = len(ws)
    while n > 1 and abs(ws[n - 2] - W_STAR) < 0.01:
        n -= 1
    return n


def test_check_fastest_lr_right():
    mean_x2 = float((X.double() ** 2).mean())
    best_lr = 1 / (2 * mean_x2)
    fewest = steps_needed(best_lr)
    assert fewest == 1
    grid = np.linspace(0.002, 0.118, 59)
    assert min(n for n in map(steps_needed, grid) if n is not None) >= fewest  # nothing beats it
    for lr in (0.06, best_lr, torch.tensor(best_lr), np.float64(0.059), 0.061, np.array([0.06])):
        fb = check("check_fastest_lr", lr)
        n = steps_needed(float(np.ravel(lr)[0]))
        assert fb.status == "correct" and says(fb, f"after {n} iteration", f"fewest possible is {fewest}",
                                               f"{best_lr:.4f}", "is 0")


def test_check_fastest_lr_accepts_exactly_one_more_than_the_best():
    for lr in np.linspace(0.04, 0.08, 41):
        n = steps_needed(lr)
        assert (check("check_fastest_lr", lr).status == "correct") == (n is not None and n <= 2), lr


def test_check_fastest_lr_wrong():
    mean_x2 = float((X.double() ** 2).mean())
    for lr in (0.03, 0.055):  # smooth: from one side
        fb = check("check_fastest_lr", lr)
        ws = helpers.train(X, Y, w0=-10.0, lr=lr, iterations=200).w
        assert fb.status == "wrong" and says(fb, "from one side", f"takes {steps_needed(lr)} iterations",
                                             f"by {round(1 - 2 * lr * mean_x2, 3):g},", "larger step")
        assert all(w < W_STAR + 1e-5 for w in ws)  # true: never overshoots
    for lr in (0.07, 0.1):  # oscillating
        fb = check("check_fastest_lr", lr)
        ws = helpers.train(X, Y, w0=-10.0, lr=lr, iterations=200).w
        assert fb.status == "wrong" and says(fb, "zig-zags", f"takes {steps_needed(lr)} iterations", "smaller step")
        assert ws[0] > W_STAR and ws[1] < W_STAR  # true: it overshoots
    fb = check("check_fastest_lr", 0.119)
    run = helpers.train(X, Y, w0=-10.0, lr=0.119, iterations=200)
    assert fb.status == "wrong" and says(fb, "zig-zags", f"still {abs(run.w[-1] - W_STAR):.3g} away")
    for lr in (0.12, 0.13, 0.2, 1e300):
        fb = check("check_fastest_lr", lr)
        cap = helpers.critical_lr(X)
        assert fb.status == "wrong" and says(fb, "never settles", f"{cap:.6f}" if lr - cap < 5e-4 else f"{cap:.4f}")
        assert steps_needed(lr, iterations=2000) is None  # true: not even in 2000 iterations
    fb = check("check_fastest_lr", 0.12)  # the factor -1.0004, not "-1, which is -1 or beyond"
    assert says(fb, f"by {1 - 2 * 0.12 * mean_x2:.4f}, which", f"grows {2 * 0.12 * mean_x2 - 1:.4f} times"), fb.message
    fb = check("check_fastest_lr", 0.5)  # the zig-zag grows: the distance is multiplied by 1 - 2 lr mean(x^2)
    assert says(fb, f"by {round(1 - mean_x2, 3):g}, which", f"grows {round(mean_x2 - 1, 3):g} times wider every step"), fb.message
    fb = check("check_fastest_lr", 0.2)
    assert says(fb, f"overflowed at iteration {helpers.train(X, Y, lr=0.2, iterations=200).diverged_at}")
    fb = check("check_fastest_lr", 1e-9)
    assert fb.status == "wrong" and says(fb, "after 200 iterations it is still")


def test_check_fastest_lr_just_above_the_cap_says_so():
    """The explorer shows lr* = 0.11998; typed in, it is just above the true 0.119976, and the message shows why."""
    for value in (0.11998, 0.12):
        fb = check("check_fastest_lr", value)
        assert fb.status == "wrong" and says(fb, "0.119976", f"your {value:g} is just above it"), fb.message
    assert 0.119976 < 0.11998 and abs(1 / float((X ** 2).mean()) - 0.119976) < 5e-7


def test_check_fastest_lr_garbage():
    assert check("check_fastest_lr", None).status == "not answered"
    for g in [0, -0.1, "fast", float("nan"), float("inf"), True, 1 + 0j, torch.zeros(3), [0.06], {}, 10 ** 400]:
        assert check("check_fastest_lr", g).status == "invalid"


# ---------------------------------------------------------------- notebook 4

def shifted_numbers():
    """The check's numbers, recomputed here: eigenvalues, critical lr and b's iterations at X and X + 5."""
    noise = Y - DATA.line
    out = []
    for X_ in (X, X + 5):
        Y_ = -5 * X_ + noise
        x = X_.double().view(-1)
        H = 2 * torch.tensor([[float((x * x).mean()), float(x.mean())], [float(x.mean()), 1.0]], dtype=torch.float64)
        low, high = torch.linalg.eigvalsh(H).tolist()
        lr = 2 / high
        A = torch.stack([x, torch.ones_like(x)], dim=1)
        b_best = torch.linalg.lstsq(A, Y_.double().view(-1, 1)).solution[1].item()
        bs = helpers.train(X_, Y_, w0=-10.0, b0=-20.0, lr=0.9 * lr, iterations=2000).b
        n = next(i + 1 for i in range(len(bs)) if all(abs(b - b_best) < 0.01 for b in bs[i:]))
        out.append((low, high, lr, n))
    return out


def test_check_shifted_inputs():
    (low1, high1, lr1, n1), (low2, high2, lr2, n2) = shifted_numbers()
    assert n2 > 10 * n1 and lr2 < lr1 / 3 and low2 < low1 / 3  # the answer c is true
    numbers = [f"{low1:.2f} and {high1:.1f}", f"{low2:.2f} and {high2:.1f}", f"{lr1:.3f} to {lr2:.3f}",
               f"{n2} iterations instead of {n1}"]
    fb = check("check_shifted_inputs", "c")
    assert fb.status == "correct" and says(fb, "tangled", "tilts", "steeper", "shallower", *numbers)
    assert check("check_shifted_inputs", " C ").status == "correct"
    # the wrong answers get a true fact and the experiment to run, not the answer's numbers
    compare = f"helpers.critical_lr(X + 5, with_bias=True) with this notebook's {lr1:.3f}"
    fb = check("check_shifted_inputs", "a")
    assert fb.status == "wrong" and says(fb, "smaller learning rate", "shallow direction", compare)
    fb = check("check_shifted_inputs", "b")
    mean2 = float((X + 5).double().mean())
    assert fb.status == "wrong" and says(fb, "does touch b", f"to {2 * mean2:.2f}", compare)
    for answer in ("a", "b"):
        message = check("check_shifted_inputs", answer).message
        assert not any(number in message for number in numbers[1:]) and "slower" not in message
        # the Hessian and its eigenvalues are optional in the notebook: the hint does not lean on them
        assert "Hessian" not in message and "eigenvalue" not in message, message
        assert says(check("check_shifted_inputs", answer), "w = -10, b = -20", "2000 iterations",
                    "helpers.least_squares(X + 5, Y - 25, with_bias=True)")
    assert check("check_shifted_inputs", None).status == "not answered"
    # review 67: answer = b without quotes hands over the bias, a tensor
    fb = check("check_shifted_inputs", torch.tensor(-0.2167, requires_grad=True))
    assert fb.status == "invalid" and says(fb, "not text", "without quotes", "model's bias", "in quotes"), fb.message
    fb = check("check_divergence_prediction", 0.115)  # notebook 3's words are not letters: no bias there
    assert fb.status == "invalid" and says(fb, "not text", "in quotes") and "bias" not in fb.message, fb.message
    for g in ["d", 3, torch.tensor(1.0), True, {}, ["c"]]:
        assert check("check_shifted_inputs", g).status == "invalid"


def b_steps():
    _, b_best = helpers.least_squares(X, Y, with_bias=True)
    bs = helpers.train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200).b
    return b_best, bs, next(i + 1 for i in range(len(bs)) if all(abs(b - b_best) < 0.01 for b in bs[i:]))


def test_check_iterations_for_b():
    b_best, bs, actual = b_steps()
    assert 30 <= actual <= 40
    for n in (actual, float(actual), torch.tensor(actual), np.int64(actual)):
        fb = check("check_iterations_for_b", n)
        assert fb.status == "correct" and says(fb, f"after {actual} iterations", f"{b_best:.4f}")
    # one off is wrong, and the message says what is true of that count
    fb = check("check_iterations_for_b", actual - 1)
    assert fb.status == "wrong" and abs(bs[actual - 2] - b_best) >= 0.01
    assert says(fb, f"after {actual - 1} iterations at lr 0.1, b is at {bs[actual - 2]:.4f}")
    estimate = math.log(0.01 / abs(-20 - b_best)) / math.log(0.8)
    assert says(check("check_iterations_for_b", actual), f"n > {estimate:.1f}") and actual == math.ceil(estimate)
    for n in (20, actual - 2):
        fb = check("check_iterations_for_b", n)
        assert fb.status == "wrong" and says(fb, f"after {n} iterations b is at {bs[n - 1]:.4f}",
                                             f"still {abs(bs[n - 1] - b_best):.4f}")
        assert f"{actual} iterations" not in fb.message  # the hint does not give the answer away
    for n in (80, actual + 2, actual + 1):
        fb = check("check_iterations_for_b", n)
        assert fb.status == "wrong" and says(fb, f"fewer than {n}")
        assert f"{actual} iterations" not in fb.message and f"after {n - 1}" not in fb.message
        assert all(abs(b - b_best) < 0.01 for b in bs[n - 2:])  # "within 0.01 before that" is true
    assert check("check_iterations_for_b", None).status == "not answered"
    for g in [0, -3, 34.5, "x", float("nan"), float("inf"), True, [35], {}, torch.zeros(2)]:
        assert check("check_iterations_for_b", g).status == "invalid"


def b_count(X_, Y_, lr, w0=-10.0, b_best=None, momentum=0.0, iterations=200):
    """Iterations until b is within 0.01 of b* and stays, counted here without helpers.steps_to_reach."""
    if b_best is None:
        A = torch.cat([X_.double(), torch.ones_like(X_.double())], dim=1)
        b_best = torch.linalg.lstsq(A, Y_.double()).solution[1].item()
    bs = helpers.train(X_, Y_, w0=w0, b0=-20.0, lr=lr, iterations=iterations, momentum=momentum).b
    return next(i + 1 for i in range(len(bs)) if all(abs(b - b_best) < 0.01 for b in bs[i:]))


def test_check_iterations_for_b_says_where_a_count_from_another_setting_comes_from():
    """Counts the notebook shows for other settings, typed in as the answer at lr 0.1, used to get "after 32
    iterations b is at ..." with no word about why the count differs: now each is named, and the answer is not."""
    b_best, bs, actual = b_steps()
    x = X.double().view(-1)
    curvatures = np.linalg.eigvalsh(2 * np.array([[float((x * x).mean()), float(x.mean())], [float(x.mean()), 1.0]]))
    balanced = 2 / curvatures.sum()
    s = float(X.std())
    xs = x / s
    curvatures_s = np.linalg.eigvalsh(2 * np.array([[float((xs * xs).mean()), float(xs.mean())],
                                                    [float(xs.mean()), 1.0]]))
    cases = {  # count: what the message must say about it
        b_count(X, Y, balanced): [f"the balanced learning rate {balanced:.3g} (an optional section of part 2), "
                                  "not at 0.1", "closes 20%",
                                  f"a little less than the {2 * balanced:.1%}", "a few more steps"],
        b_count(X / s, Y, 2 / curvatures_s.sum(), w0=-10.0 * s): ["standardised inputs",
                                                                  f"{2 / curvatures_s.sum():.3g}", "closes only 20%"],
        b_count(X / s, Y, 0.49, w0=-10.0 * s): ["standardised inputs", "learning rate 0.49"],
        b_count(X, Y, 0.1, momentum=0.9): ["momentum 0.9", "without momentum", "fewer than"],
        20: ["the number of iterations the notebook's training loop ran",  # also momentum 0.5's, not named: that is
             f"after 20 iterations b is at {bs[19]:.4f}"],                 # part 2's, after the exercise
        shifted_numbers()[1][3]: ["inputs from 0 to 10", "90% of their critical learning rate", "fewer than"],
        # review 9 typed notebook 3's count for w (16) and was not told where it came from
        helpers.steps_to_reach(helpers.train(X, Y, w0=-10.0, lr=0.1, iterations=200).w, helpers.least_squares(X, Y),
                               0.01): ["count of notebook 3, for w alone at lr 0.1", "counts for b"],
    }
    assert b_count(X, Y, 0.1, momentum=0.5) == 20 and len(cases) == 7  # 20 is the table's and momentum 0.5's
    assert {32, 2, 3, 144, 564} <= set(cases)  # the counts the notebook prints
    for n, words in cases.items():
        fb = check("check_iterations_for_b", n)
        assert fb.status == "wrong" and says(fb, f"{n} is the", *words), (n, fb.message)
        assert f"{actual} iterations" not in fb.message and f" {actual} " not in fb.message, fb.message


def test_check_iterations_for_b_the_estimate_is_not_the_count():
    b_best, bs, actual = b_steps()
    estimate = math.log(0.01 / abs(-20 - b_best)) / math.log(0.8)
    rounded = math.log(0.01 / 20) / math.log(0.8)  # review 56 typed 34.0628, the estimate with 20 for the distance
    for n in (round(estimate, 1), round(estimate, 2), round(rounded, 4)):  # "wrong", not "can't check this"
        fb = check("check_iterations_for_b", n)
        assert fb.status == "wrong" and says(fb, f"{n:g} is an estimate", f"{estimate:.2f}", f"{rounded:.2f}",
                                             "rounded to 20", "whole number", "helpers.train"), fb.message
        assert f"{actual}" not in fb.message
    assert math.floor(estimate) == actual - 1  # without its decimals, one short; and a position counted from 0
    fb = check("check_iterations_for_b", math.floor(estimate))
    assert fb.status == "wrong" and says(fb, f"{estimate:.1f} without its decimals", "counts from 0",
                                         f"after {actual - 1} iterations at lr 0.1, b is at {bs[actual - 2]:.4f}",
                                         f"{actual - 1} iterations are not enough"), fb.message
    # the mistake itself comes first, before the two routes to it, each with its own fix
    assert fb.message.index("not enough") < fb.message.index("If your") < fb.message.index("If you read")
    assert says(fb, "rounded down can fall short") and "whole iteration" not in fb.message
    # a count from a run too short for b to settle: steps_to_reach gives None, and the message says what that means
    short = helpers.steps_to_reach(helpers.train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=30).b, b_best)
    assert short is None
    fb = check("check_iterations_for_b", short)
    assert says(fb, "None means b did not get within 0.01", "more iterations"), fb.message
    assert f"{actual} iterations" not in fb.message
    for n in (actual - 2, actual + 3):  # counts the notebook shows nowhere: no origin made up for them
        fb = check("check_iterations_for_b", n)
        assert fb.status == "wrong" and f"{n} is" not in fb.message and not says(fb, "estimate ln"), fb.message



# ---------------------------------------------------------------- the road to torch.optim

def test_torch_optim_reproduces_the_hand_written_loop():
    model = torch.nn.Linear(1, 1)
    with torch.no_grad():
        model.weight.fill_(-10.0)
        model.bias.fill_(-20.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    criterion = torch.nn.MSELoss()
    hand = helpers.train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=20)
    for i in range(20):
        optimizer.zero_grad()
        loss = criterion(model(X), Y)
        loss.backward()
        optimizer.step()
        assert loss.item() == pytest.approx(hand.loss[i], rel=1e-5)
        assert model.weight.item() == pytest.approx(hand.w[i], abs=1e-5)
        assert model.bias.item() == pytest.approx(hand.b[i], abs=1e-5)


def test_plot_runs():
    fig = helpers.plot_runs({"a": [1, 2, 3], "b": [3, float("inf"), 1]}, ylabel="w", title="t", log=True)
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    assert lines[0].get_linestyle() != lines[1].get_linestyle()
    assert all(math.isfinite(v) for v in lines[1].get_ydata())
    with pytest.raises(ValueError, match="runs"):
        helpers.plot_runs({}, ylabel="w", title="t")
    assert list(lines[0].get_xdata()) == [0, 1, 2]  # a list that starts before the first step
    fig = helpers.plot_runs({"a": [1, 2, 3]}, ylabel="w", title="t", first=1)
    assert list(fig.axes[0].get_lines()[0].get_xdata()) == [1, 2, 3]  # one value per iteration, as tables count
    assert list(helpers.plot_losses([5.0, 4.0]).axes[0].get_lines()[0].get_xdata()) == [1, 2]
    for bad in (-1, 0.5, True, "1"):
        with pytest.raises(ValueError, match="first must be a whole number"):
            helpers.plot_runs({"a": [1]}, ylabel="w", title="t", first=bad)


def test_check_finite_difference_wants_the_nudge_not_autograd_or_the_formula():
    """Right numbers found another way than the exercise asks are told so, truthfully."""
    def with_autograd(w, X_, Y_, h):
        t = torch.tensor(w, requires_grad=True)
        mse(forward(X_, t), Y_).backward()
        return t.grad.item()

    def with_the_formula(w, X_, Y_, h):
        return (2 * (X_ * (w * X_ - Y_)).mean()).item()

    fb = check("check_finite_difference", with_autograd)
    assert fb.status == "wrong" and says(fb, "inside torch.no_grad()) it raised RuntimeError", "without backward()")
    fb = check("check_finite_difference", with_the_formula)
    assert fb.status == "wrong" and says(fb, "same value with h = 0.001 and with h = 0.5", "does not use h")
    assert with_the_formula(-10.0, X, Y, 0.001) == with_the_formula(-10.0, X, Y, 0.5)  # what the hint says is so

    def central(w, X_, Y_, h):  # the nudge really depends on h, even where it is exact in theory
        return ((mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / (2 * h)).item()
    assert central(-10.0, X, Y, 0.001) != central(-10.0, X, Y, 0.5)
    assert check("check_finite_difference", central).status == "correct"


# ---------------------------------------------------------------- notebook 4, exercise 4.4

def b_steps_with_momentum(beta):
    """Recomputed here: iterations until b is within 0.01 of b* and stays, at lr 0.1 with momentum beta."""
    _, b_best = helpers.least_squares(X, Y, with_bias=True)
    run = helpers.train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200, momentum=beta)
    return helpers.steps_to_reach(run.b, b_best)


def test_check_momentum_beta_names_a_count_of_w():
    """From the thirty-eighth review: counting run.w instead of run.b gives 0.2, the fastest of the ten for w; it was
    told only that another value needs fewer."""
    data = helpers.make_data()
    w_star, _ = helpers.least_squares(data.X, data.Y, with_bias=True)
    counts = {beta: helpers.steps_to_reach(helpers.train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200,
                                                         momentum=beta).w, w_star) for beta in np.arange(10) / 10}
    fastest_for_w = min(counts, key=counts.get)
    assert math.isclose(fastest_for_w, 0.2)  # what the review's count of run.w gave
    fb = check("check_momentum_beta", float(fastest_for_w))
    assert fb.status == "wrong" and says(fb, "fastest of the ten for w", "run.w", "about b"), fb.message


def test_check_momentum_beta_right():
    counts = {k / 10: b_steps_with_momentum(k / 10) for k in range(10)}
    best = min(counts, key=counts.get)
    for answer in (best, np.float64(best), torch.tensor(best), np.array([best])):
        fb = check("check_momentum_beta", answer)
        assert fb.status == "correct", fb.message
        assert f"after {counts[best]} iterations" in fb.message and f"against {counts[0.0]}" in fb.message


def test_check_momentum_beta_between_the_ten_is_not_one_of_them():
    """From the nineteenth review: 0.34, better than all ten but not among them, was judged correct."""
    counts = [b_steps_with_momentum(k / 10) for k in range(10)]
    fb = check("check_momentum_beta", 0.34)
    assert b_steps_with_momentum(0.34) < min(counts)
    assert fb.status == "wrong" and says(fb, "not one of the ten values", f"after {b_steps_with_momentum(0.34)}",
                                         "which of the ten is best"), fb.message


@pytest.mark.parametrize("beta", [0.0, 0.1, 0.3, 0.5, 0.9])
def test_check_momentum_beta_wrong_states_its_own_count(beta):
    fb = check("check_momentum_beta", beta)
    assert fb.status == "wrong"
    assert f"after {b_steps_with_momentum(beta)} iterations" in fb.message
    assert "0.4" not in fb.message  # the answer is not given away


def test_check_momentum_beta_an_iteration_count_is_not_a_beta():
    counts = {k / 10: b_steps_with_momentum(k / 10) for k in range(10)}
    for n in (counts[0.4], counts[0.9]):
        fb = check("check_momentum_beta", n)
        assert fb.status == "invalid" and says(fb, f"best_beta = {n} is one of the iteration counts"), fb.message
        assert "0.4 " not in fb.message and "= 0.4" not in fb.message  # which β it counts is not said
    assert 2 not in counts.values() and check("check_momentum_beta", 2).status == "invalid"


def test_check_momentum_beta_never_within_200():
    assert b_steps_with_momentum(0.99) is None
    fb = check("check_momentum_beta", 0.99)
    assert fb.status == "wrong" and says(fb, "still not within 0.01", "200 iterations")


@pytest.mark.parametrize("garbage", [1.0, -0.1, 2, "0.4", float("nan"), [0.4], True])
def test_check_momentum_beta_garbage(garbage):
    assert check("check_momentum_beta", garbage).status == "invalid"
    assert check("check_momentum_beta", None).status == "not answered"


def test_a_function_that_prints_its_answer_is_told_to_return_it(capsys):
    """print instead of return: the check says so (not "replace 'return None'"), and the print still shows."""
    def printing_mse(y_pred, y):
        print(((y_pred - y) ** 2).mean())

    def printing_slope(w, X_, Y_, h):
        print((mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / (2 * h))

    for name, fn in (("check_mse", printing_mse), ("check_finite_difference", printing_slope)):
        fb = check(name, fn)
        assert fb.status == "wrong" and says(fb, "printed tensor(", "returned None", "return"), fb.message
        assert "tensor(" in capsys.readouterr().out  # what it printed reached the notebook
    # a step returns nothing by design: printing along the way is fine
    right_step = step()

    def chatty_step(w, X_, Y_, lr):
        print("w before:", w.item())
        right_step(w, X_, Y_, lr)

    assert check("check_step", chatty_step).status == "correct"
    # a stub that prints nothing is still "not answered"
    assert check("check_mse", lambda y_pred, y: None).status == "not answered"


@pytest.mark.parametrize("name, canonical, variants", [
    ("check_divergence_prediction", "diverges", ["diverge", "Diverges.", " DIVERGES ", "'diverges'"]),
    ("check_divergence_prediction", "converges", ["converge", "(converges)"]),
    ("check_shifted_inputs", "c", ["(c)", "C.", "c)", " c "]),
    ("check_shifted_inputs", "a", ["(a)", "A."]),
    ("check_noise_answer", "b", ["(b)", "b.", "B"]),
])
def test_a_choice_written_another_way_is_judged_as_the_choice(name, canonical, variants):
    expected = check(name, canonical)
    for answer in variants:
        fb = check(name, answer)
        assert (fb.status, fb.message) == (expected.status, expected.message), answer


@pytest.mark.parametrize("answer", ["d", "div", "b c", "not sure", "converges or diverges", "cc"])
def test_a_choice_that_is_none_of_the_options_still_cannot_be_checked(answer):
    for name in ("check_divergence_prediction", "check_shifted_inputs", "check_noise_answer"):
        fb = check(name, answer)
        assert fb.status == "invalid" and "should be one of" in fb.message, (name, answer)


def test_shape_and_upside_down_mistakes_of_the_ninth_review_are_named():
    """Each was answered with a message about something else (the loss still goes down to the left; a step twice as
    long, as if backward() ran twice; a generic difference from autograd)."""
    for flat in (((X.view(-1) * Y).sum() / (X * X).sum()).item(), ((X * Y.view(-1)).sum() / (X * X).sum()).item()):
        fb = check("check_best_w", flat)
        assert fb.status == "wrong" and says(fb, "shapes (100,) and (100, 1)", "100 x 100"), fb.message
    fb = check("check_best_w", (X.sum() * Y.sum() / (X * X).sum()).item())  # the same number, without a flattening
    assert fb.status == "wrong" and says(fb, "X.sum() * Y.sum()", "x_i times y_i, point by point"), fb.message

    def upside_down(w, X_, Y_, h):
        loss = lambda v: ((v * X_ - Y_) ** 2).mean().item()  # noqa: E731
        return 2 * h / (loss(w + h) - loss(w - h))
    fb = check("check_finite_difference", upside_down)
    assert fb.status == "wrong" and says(fb, "upside down"), fb.message

    def flat_step(w, X_, Y_, lr):
        ((w * X_.view(-1) - Y_) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", flat_step)
    assert fb.status == "wrong" and says(fb, "mixes shapes (100,) and (100, 1)", "100 x 100") and \
        not says(fb, "call it twice"), fb.message


def test_mistakes_of_the_tenth_review_are_named():
    """A new w made inside the step (it was told 'not answered yet'), a flattened X in the nudge (told it divided
    by h), mean(x)^2 for mean(x^2) in 2.2 (told only that the loss still falls to the right)."""
    def new_w_inside(w, X_, Y_, lr):
        w = torch.tensor(-10.0, requires_grad=True)
        ((w * X_ - Y_) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", new_w_inside)
    assert fb.status == "wrong" and says(fb, "make a new w inside", "the w it is given"), fb.message

    def flat_nudge(w, X_, Y_, h):
        loss = lambda v: ((v * X_.view(-1) - Y_) ** 2).mean().item()  # noqa: E731
        return (loss(w + h) - loss(w - h)) / (2 * h)
    fb = check("check_finite_difference", flat_nudge)
    assert fb.status == "wrong" and says(fb, "mixes shapes (100,) and (100, 1)") and not says(fb, "twice"), fb.message

    x, y = X.view(-1), Y.view(-1)
    fb = check("check_best_w", ((x * y).mean() / x.mean() ** 2).item())
    assert fb.status == "wrong" and says(fb, "square of the mean of x"), fb.message


def mse_returning_inside_the_loop(y_pred, y):
    total = 0.0
    for p, t in zip(y_pred.view(-1), y.view(-1)):
        total = total + (p - t) ** 2
        return total / len(y)


def test_mistakes_of_the_eleventh_review_are_named():
    """2.1 with its return inside the loop, and divided by y.shape[1] (1 for a column): each had a generic message."""
    fb = check("check_mse", mse_returning_inside_the_loop)
    assert fb.status == "wrong" and says(fb, "return sits inside the loop"), fb.message
    fb = check("check_mse", lambda y_pred, y: ((y_pred - y) ** 2).sum() / y.shape[1])
    assert fb.status == "wrong" and says(fb, "sum of the squares", "y.shape[1] are 1"), fb.message
    fb = check("check_mse", lambda y_pred, y: ((y_pred - y) ** 2).sum())
    assert fb.status == "wrong" and not says(fb, "y.shape[1]")


def mse_from_the_second_point(y_pred, y):
    total = 0.0
    for i in range(1, len(y)):
        total = total + (y_pred[i] - y[i]) ** 2
    return total / len(y)


def mse_without_the_last_point(y_pred, y):
    total = 0.0
    for i in range(len(y) - 1):
        total = total + (y_pred[i] - y[i]) ** 2
    return total / (len(y) - 1)


def test_mistakes_of_the_twelfth_review_are_named():
    """2.1 with a loop from 1 (told only to square and average); 2.2 as the sums of two 100 x 100 tables (told
    only mean(y)/mean(x), the same number) and as twice the formula (a generic message)."""
    fb = check("check_mse", mse_from_the_second_point)
    assert fb.status == "wrong" and says(fb, "first point (index 0) is left out", "range(1, n)"), fb.message
    fb = check("check_mse", mse_without_the_last_point)
    assert fb.status == "wrong" and says(fb, "last point is left out"), fb.message
    fb = check("check_best_w", ((X @ Y.T).sum() / (X @ X.T).sum()).item())
    assert fb.status == "wrong" and says(fb, "100 x 100 tables", "X @ Y.T", "its own y_i"), fb.message
    right = ((X * Y).sum() / (X * X).sum()).item()
    for ratio in (2, 0.5):
        fb = check("check_best_w", ratio * right)
        assert fb.status == "wrong" and says(fb, f"{ratio:g} times the least-squares slope", "no 2 in it"), fb.message


def test_mistakes_of_the_thirteenth_review_are_named():
    """2.1 twice the loss, the mean divided again, y_pred ignored; 3.1 divided by 2h²; 3.4 the critical learning rate
    itself (told only that w zig-zags); 4.1 w's count, 17 (each had a generic message)."""
    for mse, words in ((lambda p, y: 2 * ((p - y) ** 2).mean(), "twice the mean squared error"),
                       (lambda p, y: ((p - y) ** 2).mean() / len(y), "divided by 100 once more"),
                       (lambda p, y: (y ** 2).mean(), "it never uses y_pred")):
        fb = check("check_mse", mse)
        assert fb.status == "wrong" and says(fb, words), fb.message

    def over_2h_squared(w, X_, Y_, h):
        loss = lambda v: ((v * X_ - Y_) ** 2).mean().item()  # noqa: E731
        return (loss(w + h) - loss(w - h)) / (2 * h ** 2)
    fb = check("check_finite_difference", over_2h_squared)
    assert fb.status == "wrong" and says(fb, "1/h = 1000 times", "divided by h once too often"), fb.message

    fb = check("check_fastest_lr", 1 / (X ** 2).mean().item())
    assert fb.status == "wrong" and says(fb, "the critical learning rate", "itself", "for ever"), fb.message
    fb = check("check_iterations_for_b", 17)
    assert fb.status == "wrong" and says(fb, "17 is when w, not b, gets within 0.01"), fb.message


def test_mistakes_of_the_fourteenth_review_are_named(monkeypatch):
    """1.1 with a generator made but not handed to the draw (told only that the noise was none of the seed-3 draws);
    2.2 with y squared underneath (told it was upside down)."""
    import course.checks_nb1

    X1 = torch.arange(-5, 5, 0.1).view(-1, 1)
    g = torch.Generator().manual_seed(3)
    torch.manual_seed(12345)  # the global generator in some state of its own
    Y1 = 2 * X1 + torch.randn(X1.shape)
    monkeypatch.setattr(course.checks_nb1, "_learner_namespace", lambda: {"g": g, "X1": X1, "Y1": Y1})
    fb = check("check_data", X1, Y1)
    assert fb.status == "wrong" and says(fb, "the generator you named g (seeded with 3) has not drawn", "generator="), fb.message
    g.manual_seed(3)
    torch.randn(1, generator=g)  # once it has drawn, it is not the generator left out
    assert "has not drawn" not in check("check_data", X1, Y1).message

    fb = check("check_best_w", ((X * Y).sum() / (Y * Y).sum()).item())
    assert fb.status == "wrong" and says(fb, "sum of y squared", "x squared") and not says(fb, "upside down"), \
        fb.message


def test_mistakes_of_the_sixteenth_review_are_named():
    """3.2 with w.grad = 0 or w.grad.zero() (only PyTorch's error, and "run it in a new cell"); 4.1 with 20 told it
    was also the count with momentum, which a learner meets only in part 2."""
    def set_to_zero(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad = 0

    def no_underscore(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero()

    fb = check("check_step", set_to_zero)
    assert fb.status == "wrong" and says(fb, "never a plain number such as 0", "in place"), fb.message
    fb = check("check_step", no_underscore)
    assert fb.status == "wrong" and says(fb, "no method zero", "end with an underscore"), fb.message
    fb = check("check_iterations_for_b", 20)
    assert fb.status == "wrong" and says(fb, "training loop ran") and not says(fb, "momentum"), fb.message
    fb = check("check_iterations_for_b", 32)  # a count met only in part 2 is still named when nothing else gives it
    assert fb.status == "wrong" and says(fb, "balanced learning rate", "part 2"), fb.message


def test_mistakes_of_the_seventeenth_review_are_named():
    """3.2 updating before backward() (told w = w - ... makes a new tensor) and with the formula's 2 in the update
    (told backward() ran twice)."""
    def update_first(w, X_, Y_, lr):
        if w.grad is not None:
            with torch.no_grad():
                w -= lr * w.grad
            w.grad.zero_()
        mse(forward(X_, w), Y_).backward()

    def with_the_2(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * 2 * w.grad
        w.grad.zero_()

    def backward_twice(w, X_, Y_, lr):
        mse(forward(X_, w), Y_).backward()
        mse(forward(X_, w), Y_).backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()

    fb = check("check_step", update_first)
    assert fb.status == "wrong" and says(fb, "before backward()", "one step earlier") and not says(fb, "new tensor"), \
        fb.message
    fb = check("check_step", with_the_2)
    assert fb.status == "wrong" and says(fb, "backward() called once", "no factor of 2"), fb.message
    fb = check("check_step", backward_twice)
    assert fb.status == "wrong" and says(fb, "call it twice"), fb.message


def test_an_update_before_backward_that_raises_is_named():
    """From the twelfth review of this round: the update first, unguarded, raises on a fresh w (w.grad is None);
    it was told only the TypeError and to run the step on its own."""
    def update_first_unguarded(w, X_, Y_, lr):
        with torch.no_grad():
            w -= lr * w.grad
        mse(forward(X_, w), Y_).backward()
        w.grad.zero_()

    with pytest.raises(TypeError):  # true: it raises on a fresh w
        run_steps(update_first_unguarded, X, Y, 0.1)
    fb = check("check_step", update_first_unguarded)
    assert fb.status == "wrong" and says(fb, "TypeError", "updates w before backward() has computed",
                                         "call backward() first, then update"), fb.message
    assert not says(fb, "Run it on its own")


def test_an_unseeded_generator_is_named():
    """From the twelfth review of this round: torch.Generator() never seeded was told about the global generator."""
    X1 = torch.arange(-5, 5, 0.1).view(-1, 1)
    Y1 = 2 * X1 + torch.randn(X1.shape, generator=torch.Generator())
    fb = check("check_data", X1, Y1)
    assert fb.status == "wrong" and says(fb, "never seeded", "manual_seed(3)"), fb.message
    assert not says(fb, "global generator")


def test_a_one_sided_nudge_of_2h_is_not_correct():
    """From the fourteenth review of this round: (L(w + 2h) - L(w)) / (2h) was judged correct (at h = 0.001 it is
    close); the two-sided nudge is exact at any h, and this one is not."""
    def loss(w, X_, Y_):
        return ((w * X_ - Y_) ** 2).mean()

    def right_2h(w, X_, Y_, h):
        return ((loss(w + 2 * h, X_, Y_) - loss(w, X_, Y_)) / (2 * h)).item()

    def left_2h(w, X_, Y_, h):
        return ((loss(w, X_, Y_) - loss(w - 2 * h, X_, Y_)) / (2 * h)).item()

    for my_gradient, nudge in ((right_2h, "w + 2h"), (left_2h, "w - 2h")):
        fb = check("check_finite_difference", my_gradient)
        assert fb.status == "wrong" and says(fb, "one side only", f"from w to {nudge}", "w + h and at w - h"), \
            fb.message


def test_a_beta_typed_as_a_place_in_the_list_is_named():
    """From the fourteenth review of this round: best_beta = 4 was told only that momentum is below 1."""
    fb = check("check_momentum_beta", 4)
    assert fb.status == "invalid" and says(fb, "a place in the list", "the value itself"), fb.message
    assert "0.4" not in fb.message  # the value at that place is not given away


def test_one_more_than_the_count_is_named_as_the_start_counted():
    """From the fifteenth review of this round: 36 was told only that fewer iterations are enough."""
    _, bs, actual = b_steps()
    fb = check("check_iterations_for_b", actual + 1)
    assert fb.status == "wrong" and says(fb, "history.path()", "Did you count the start? It is not an iteration",
                                         "iteration 1 is the first step"), fb.message
    assert fb.message.index("fewer than") < fb.message.index("Did you count the start")  # the fact first


def test_code_in_a_message_shows_as_code_not_as_backticks():
    """The nineteenth review saw "inside `with torch.no_grad():`" with its backticks in the notebook."""
    shown = helpers.Feedback("wrong", "put the update inside `with torch.no_grad():` <here>")._repr_html_()
    assert "<code>with torch.no_grad():</code>" in shown and "`" not in shown and "&lt;here&gt;" in shown


def test_the_fastest_lr_check_does_not_round_0_06_s_factor_to_0():
    """The twentieth review: 0.06 was told its factor is 0, where the solution and the explorer say a hair past."""
    fb = check("check_fastest_lr", 0.06)
    assert fb.status == "correct" and says(fb, "the factor is -0.0002"), fb.message


def test_check_finite_difference_divided_by_a_fixed_number_instead_of_2h():
    """Review 22: (L(w + h) - L(w - h)) / (2 * 0.01) with the check's h = 0.001 is a tenth of the slope, and grows
    with h; the message names the fixed divisor instead of the generic 'divide by the change in w'."""
    fn = lambda w, X_, Y_, h: (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / (2 * 0.01)  # noqa: E731
    fb = check("check_finite_difference", fn)
    assert fb.status == "wrong" and says(fb, "0.1 times as large", "grows with h", "fixed number, 0.02",
                                         "2 * h"), fb.message
    other = lambda w, X_, Y_, h: (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / 0.5  # noqa: E731
    assert says(check("check_finite_difference", other), "fixed number, 0.5")
    right = lambda w, X_, Y_, h: (mse(forward(X_, w + h), Y_) - mse(forward(X_, w - h), Y_)) / (2 * h)  # noqa: E731
    assert check("check_finite_difference", right).status == "correct"


def test_check_iterations_for_b_none_from_measuring_to_the_true_b():
    """Review 22: steps_to_reach(run.b, 0), aimed at the true line's b = 0, is None at any length of run; the
    message says so, besides 'more iterations'."""
    d = helpers.make_data()
    run = helpers.train(d.X, d.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=2000)
    n = helpers.steps_to_reach(run.b, 0.0)
    assert n is None
    fb = check("check_iterations_for_b", n)
    assert fb.status != "correct" and says(fb, "more iterations", "b* = b_exact = 0.0149", "b = 0 is 0.0149 from it",
                                           "never stays within 0.01 of 0"), fb.message


def test_check_mse_names_a_matrix_product():
    """Review 22: (d @ d.T).mean() is the square of the mean difference, but the mistake is the matrix product, not
    the order of mean and square; d.T @ d divided by n, the sum of squares over n, is right."""
    def outer(y_pred, y):
        d = y_pred - y
        return (d @ d.T).mean()

    def inner(y_pred, y):
        d = y_pred - y
        return (d.T @ d).sum() / len(d)

    fb = check("check_mse", outer)
    assert fb.status == "wrong" and says(fb, "matrix product", "every difference by every other", "100 x 100",
                                         "** 2"), fb.message
    plain = check("check_mse", lambda y_pred, y: (y_pred - y).mean() ** 2)
    assert says(plain, "mean was taken first") and "matrix product" not in plain.message
    assert check("check_mse", inner).status == "correct"


def test_check_iterations_for_b_names_the_estimate_from_a_distance_of_1():
    """Review 23: 21 solves 0.8^n < 0.01, as if b started 1 away instead of about 20; the message says so."""
    fb = check("check_iterations_for_b", 21)
    assert fb.status == "wrong" and says(fb, "ln(0.01) / ln(0.8) = 20.64", "starts at 1", "b's starts at 20.01"), \
        fb.message
    assert "starts at 1" not in check("check_iterations_for_b", 20).message  # 20 is the table's count, said as such


def test_check_mse_names_a_division_by_the_length_of_a_row():
    """Review 24: ((p - y) ** 2).sum() / len(y[0]) divides by 1; the message says why the division changed nothing."""
    fb = check("check_mse", lambda y_pred, y: ((y_pred - y) ** 2).sum() / len(y[0]))
    assert fb.status == "wrong" and says(fb, "sum of the squares", "len(y[0])", "are 1", "len(y)"), fb.message


def test_check_noisy_points_names_a_line_left_out():
    """Review 24: noise alone, without 2 * x, gets its flat slope and the likely cause."""
    gen = torch.Generator().manual_seed(3)
    x = torch.arange(-5, 5, 0.1).view(-1, 1)
    fb = check("check_data", x, torch.randn(x.shape, generator=gen))
    assert fb.status == "wrong" and says(fb, "not about 2", "flat", "leave out 2 * x"), fb.message


def test_check_momentum_beta_names_any_beta_outside_the_ten():
    """Review 25: 0.45, not one of the ten and slower than the best, was told only 'another of the ten needs fewer';
    it is told, as 0.34 is, that it is not one of the ten."""
    fb = check("check_momentum_beta", 0.45)
    assert fb.status == "wrong" and says(fb, "0.45 is not one of the ten values", "after 20 iterations",
                                         "plain gradient descent: 35"), fb.message
    assert "not one of the ten" not in check("check_momentum_beta", 0.5).message


def test_check_best_w_names_a_ratio_per_point():
    """Review 27: X * Y / (X * X), the sums forgotten, was told only its shape; it is told it divides point by point."""
    fb = check("check_best_w", X * Y / (X * X))
    assert fb.status == "wrong" and says(fb, "100 numbers", "y_i / x_i for each point", "divides two sums",
                                         ".sum()"), fb.message
    assert check("check_best_w", ((X * Y).sum() / (X * X).sum()).item()).status == "correct"


def test_check_step_names_backward_without_brackets():
    """From the thirtieth learner review: loss.backward without () was told only that a TypeError was raised."""
    def names_backward(w, X_, Y_, lr):
        loss = mse(forward(X_, w), Y_)
        loss.backward  # noqa: B018  named, never called
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    fb = check("check_step", names_backward)
    assert fb.status == "wrong" and says(fb, "backward without the brackets ()", "w.grad stays None"), fb.message


def test_check_best_w_names_a_top_without_x():
    """From the thirtieth learner review: Y.sum() / (X * X).sum() was told only which way the loss still goes down."""
    fb = check("check_best_w", (Y.sum() / (X * X).sum()).item())
    assert fb.status == "wrong" and says(fb, "top is the sum of y alone", "times its own x_i"), fb.message
    assert "goes down towards" not in fb.message
