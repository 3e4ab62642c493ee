"""Every number the notebooks' prose (and the teacher's guide, TEACHING.md) states as a result, and how it is
recomputed.

Read it as a table: notebook, the words as they stand in the markdown, the number as written, and
how the test gets the true value. ``tests/test_claims.py`` checks each claim with a tolerance of
half a unit in the last written digit ("0.23" must be within 0.005), and checks that every number
in the markdown is either a claim below or one of the notebook's SETTINGS (the values the series
chooses: learning rates, starting points, counts of points and iterations, the true slope).

A claim whose ``written`` is None states a fact without a number of its own (its numbers are
settings); its ``value`` must then be True. ``kind`` is "about" (the default), "at most" (the true
value must not exceed the written one) or "at least".
"""

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import numpy as np
import torch

import helpers
from course import ranges
from helpers import forward, mse


@dataclass(frozen=True)
class Claim:
    notebook: str  # "01" .. "04"
    words: str  # exactly as in the markdown source; covers every place it appears
    written: str | None  # the number as written inside ``words``
    value: Callable[[], float | bool]  # the true value, recomputed
    kind: str = "about"


# The values each notebook chooses rather than finds. A number in the markdown that is not a claim
# must be one of these (or part of the structure: list numbers, exercise numbers, exponents).
SETTINGS = {
    "guide": {"0.4": "noise", "100": "points", "4": "noise of exercise 1.2", "-5": "true slope", "5": "inputs",
              "0": "a guess / x from 0", "1": "x from 0 to 1", "-10": "starting w", "-7.5": "a guess",
              "0.1": "learning rate", "0.119": "a learning rate", "0.01": "closeness", "0.3": "a learning rate",
              "200": "iterations", "0.13": "a learning rate", "-20": "starting b", "20": "iterations",
              "10": "x up to 10", "90%": "fraction of the cap", "2": "mean(x^2)", "3.3": "exercise number",
              "4.3": "exercise number", "4.4": "exercise number",
              "0.9": "a momentum beta", "-1": "a bound of the factor",
              "8": "the iteration shown on the contour map"},
    "01": {"100": "points", "-5": "true slope / first input", "5": "inputs end before 5", "0.1": "input step",
           "-1": "view(-1, 1) / one standard deviation", "0": "seed, centre of the noise", "1": "std of N(0, 1)",
           "2": "slope of exercise 1.1 / two standard deviations", "-2": "two standard deviations",
           "0.4": "noise", "3": "noise on the slider, seed of exercise 1.1", "4": "noise of exercise 1.2",
           "7": "a seed set from code"},
    "02": {"100": "points", "-5": "true slope", "-10": "starting guess", "-7.5": "a guess", "0": "a guess",
           "-15": "range of the curve", "5": "range of the curve", "-8.3": "slider value set from code",
           "0.4": "noise", "1": "list", "2": "list / a made-up x", "0.01": "the nudge h",
           "10": "the made-up y (as -10 + 10)"},
    "03": {"-5": "true slope", "-10": "starting w", "0.1": "learning rate", "-0.1": "minus the learning rate",
           "20": "iterations", "19": "last row label", "0": "first row label / a factor of 0", "100": "points",
           "1": "bounds of the factor / h = 1", "-1": "bounds of the factor", "2": "eta*/2, after 2 steps",
           "5": "step 5 of the loop", "10": "log axis: each grid line 10 times the one below",
           "0.01": "the closeness exercise 3.4 asks for", "0.13": "a learning rate", "60": "iterations",
           "0.3": "a learning rate", "0.115": "learning rate of exercise 3.3", "0.001": "h",
           "0.000001": "a tiny h", "0.119": "a learning rate", "200": "iterations"},
    "04": {"-9": "w one unit up from -10", "-19": "b one unit up from -20",
           "-1": "the factor's bound, in the algebra of the cap", "-10": "starting w", "-20": "starting b", "0.1": "learning rate", "20": "iterations / b0 gap",
           "200": "iterations of exercise 4.4's runs",
           "0": "true b", "5": "inputs reach +-5", "1": "a factor 1 - ...", "2": "2 mean(x^2), 2/lambda",
           "0.5": "a learning rate", "60": "iterations", "100": "iterations", "0.01": "learning rate / closeness",
           "10": "x up to 10", "90%": "fraction of the cap", "0.05": "a learning rate",
           "0.11": "a learning rate", "0.13": "a learning rate", "-5": "true slope", "16.7": "see claims",
           "0.8": "see claims", "0.9": "a momentum beta", "0.2": "a momentum beta", "0.34": "a momentum beta", "0.3": "a momentum beta",
           "0.4": "a momentum beta", "0.115": "a learning rate",
           "12": "epochs", "1000": "iterations of exercise 4.2", "9.9": "the new data's x", "3": "the line y = 3x + 2",
           "0.49": "the standardised learning rate (claimed where it matters)", "0.03": "a learning rate tried", "50": "steps of the momentum loop",
           "8": "the iteration shown on the contour map"},
}


# ---------------------------------------------------------------- the computations


@lru_cache(maxsize=None)
def data():
    return helpers.make_data()


def slope_w_difference():
    """dL/dw at w = -9 minus dL/dw at w = -10, both at b = -20, by autograd."""
    X, Y = data().X, data().Y
    slopes = []
    for w0 in (-9.0, -10.0):
        w, b = torch.tensor(w0, requires_grad=True), torch.tensor(-20.0, requires_grad=True)
        helpers.mse(helpers.forward(X, w, b), Y).backward()
        slopes.append(w.grad.item())
    return slopes[0] - slopes[1]


def slope_b_difference():
    """dL/db at b = -19 minus dL/db at b = -20, both at w = -10, by autograd."""
    X, Y = data().X, data().Y
    slopes = []
    for b0 in (-19.0, -20.0):
        w, b = torch.tensor(-10.0, requires_grad=True), torch.tensor(b0, requires_grad=True)
        helpers.mse(helpers.forward(X, w, b), Y).backward()
        slopes.append(b.grad.item())
    return slopes[0] - slopes[1]


def errors_ratio_product(k):
    """The error after k steps of notebook 3's run over the error at the start (the run itself, not the factor)."""
    w_star = w_best()
    return (run(iterations=k).w[-1] - w_star) / (-10.0 - w_star)


def momentum_count(beta, iterations):
    """Exercise 4.4's count: iterations until b stays within 0.01 of b* at lr 0.1 with momentum beta, or None."""
    trained = helpers.train(data().X, data().Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=iterations, momentum=beta)
    return helpers.steps_to_reach(trained.b, wb_best()[1])


def slope_b_at(w0, b0):
    """Notebook 4's slope_b: dL/db at (w0, b0), by the formula, in float32 as the notebook computes it."""
    X, Y = data().X, data().Y
    return 2 * float((w0 * X + b0 - Y).mean())


def slope_w_at(w0, b0):
    """dL/dw by autograd at w0, with bias b0 (None: notebook 3's model without b)."""
    w = torch.tensor(w0, requires_grad=True)
    b = None if b0 is None else torch.tensor(b0)
    mse(forward(data().X, w) if b is None else forward(data().X, w, b), data().Y).backward()
    return w.grad.item()


def condition(X):
    """The condition number of the loss of w x + b on inputs X: its largest curvature over its smallest."""
    low, high = helpers.curvatures(X, with_bias=True)
    return high / low


def mean_x2():
    return float((data().X ** 2).mean())


def w_best():
    return helpers.least_squares(data().X, data().Y)


def wb_best():
    return helpers.least_squares(data().X, data().Y, with_bias=True)


def loss_at(w, b=0.0):
    return float(helpers.loss_curve(data().X, data().Y, [w], b=b)[0])


@lru_cache(maxsize=None)
def run(lr=0.1, iterations=20, w0=-10.0, b0=None):
    return helpers.train(data().X, data().Y, w0=w0, lr=lr, iterations=iterations, b0=b0)


def run_wb(lr=0.1, iterations=20):
    return run(lr, iterations, -10.0, -20.0)


def gradient_at(w):
    t = torch.tensor(w, requires_grad=True)
    mse(forward(data().X, t), data().Y).backward()
    return t.grad.item()


@lru_cache(maxsize=None)
def without_zeroing():
    """w after each of 20 steps of notebook 3's loop with the zeroing left out."""
    X, Y = data().X, data().Y
    w, ws = torch.tensor(-10.0, requires_grad=True), []
    for _ in range(20):
        mse(forward(X, w), Y).backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        ws.append(w.item())
    return tuple(ws)


def one_sided_nudge():
    """Notebook 3's first slope: the loss at w = -9.99 minus the loss at -10, over 0.01 (float32, as printed)."""
    X, Y = data().X, data().Y
    return (mse(forward(X, -10.0 + 0.01), Y).item() - mse(forward(X, -10.0), Y).item()) / 0.01


def data_style_step():
    """One step of notebook 3's old-style update through .data."""
    w = torch.tensor(-10.0, requires_grad=True)
    mse(forward(data().X, w), data().Y).backward()
    w.data = w.data - 0.1 * w.grad.data
    return w.item()


def loss_gaps():
    lowest = loss_at(w_best())
    return [loss - lowest for loss in run().loss]


def eig(X=None):
    return np.linalg.eigvalsh(helpers.hessian(data().X if X is None else X, with_bias=True))


def b_kept_percent(unbiased=True):
    """Per cent of b's distance to b* that each of the first 3 steps keeps, on x / s at lr 0.49 (notebook 4)."""
    X, Y = data().X, data().Y
    s = float(X.std(unbiased=unbiased))
    history = helpers.train(X / s, Y, w0=-10.0 * s, b0=-20.0, lr=0.49, iterations=3)
    d = [abs(b - wb_best()[1]) for b in [-20.0] + history.b]
    return [100 * d[k + 1] / d[k] for k in range(3)]


def steep_direction(X=None):
    """The steepest direction of the two-parameter bowl, as a unit vector (dw, db)."""
    values, vectors = np.linalg.eigh(helpers.hessian(data().X if X is None else X, with_bias=True))
    return vectors[:, 1]


def flattest_move_ratio(X):
    """The flattest direction of the two-parameter bowl on inputs X, as the change of b per unit change of w."""
    values, vectors = np.linalg.eigh(helpers.hessian(X, with_bias=True))
    dw, db = vectors[:, 0]
    return float(db / dw)


def w_sign_alternations():
    """How many steps of part 1's plain run at lr 0.1 (from -10, -20) flip the sign of dL/dw before it first keeps it."""
    X, Y = data().X.double(), data().Y.double()
    path = helpers.train(data().X, data().Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200).path()
    signs = [np.sign(float((2 * X * (w * X + b - Y)).mean())) for w, b in path]
    return next(k for k in range(1, len(signs)) if signs[k] == signs[k - 1]) - 1


def gaps_wb():
    w_star, b_star = wb_best()
    path = run_wb().path()
    return [abs(w - w_star) for w, _ in path], [abs(b - b_star) for _, b in path]


def shifted():
    """Exercise 4.3: the same line measured at x + 5."""
    X, Y, line = data()
    X2 = X + 5
    return X2, -5 * X2 + (Y - line)


def b_steps_at_90_percent(X, Y):
    lr = 0.9 * helpers.critical_lr(X, with_bias=True)
    history = helpers.train(X, Y, w0=-10.0, b0=-20.0, lr=lr, iterations=2000)
    return helpers.steps_to_reach(history.b, helpers.least_squares(X, Y, with_bias=True)[1])


def standardised():
    """Notebook 4's "Going further", part 1: the inputs divided by their standard deviation."""
    return data().X / data().X.std()


def best_lr(X):
    """2 / (smallest + largest curvature): the learning rate at which both directions shrink equally fast."""
    return 2 / eig(X).sum()


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)
def batches_preset_run():
    """The two-parameter explorer's run at its *batches of 10* preset: (the loss per step, w after step 1)."""
    e = helpers.TrainingExplorer(data().X, data().Y, with_bias=True)
    e.apply_preset("mini-batch")
    return e.run.losses(e.run.steps(e.iterations.value)), e.run.state(1)[0]


def b_steps(which, lr, momentum=0.0, iterations=200):
    """Iterations until b is within 0.01 of b* and stays, from the line w = -10, b = -20."""
    X = standardised() if which == "standardised" else data().X
    w0 = -10.0 * float(data().X.std()) if which == "standardised" else -10.0
    history = helpers.train(X, data().Y, w0=w0, b0=-20.0, lr=lr, iterations=iterations, momentum=momentum)
    return helpers.steps_to_reach(history.b, wb_best()[1])


def b_distances_standardised():
    """b's distance to b* at the start and after each of 6 steps, on standardised x at lr 0.49 (notebook 4)."""
    history = helpers.train(standardised(), data().Y, w0=-10.0 * float(data().X.std()), b0=-20.0, lr=0.49,
                            iterations=6)
    return [abs(b - wb_best()[1]) for b in [-20.0] + list(history.b)]


def b_path(momentum):
    """b after each of 200 steps at lr 0.1 with momentum, from (-10, -20)."""
    return helpers.train(data().X, data().Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200, momentum=momentum).b


@lru_cache(maxsize=None)
def in_batches(batch_size, lr=0.1, epochs=12, seed=0):
    """Notebook 4's train_in_batches: the loss on all points before training and after each epoch, and the path."""
    X, Y = data().X, data().Y
    generator = torch.Generator().manual_seed(seed)
    w = torch.tensor(-10.0, requires_grad=True)
    b = torch.tensor(-20.0, requires_grad=True)
    path, losses = [(w.item(), b.item())], [loss_at(-10.0, -20.0)]
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=generator)
        for start in range(0, len(X), batch_size):
            batch = order[start:start + batch_size]
            mse(forward(X[batch], w, b), Y[batch]).backward()
            with torch.no_grad():
                w -= lr * w.grad
                b -= lr * b.grad
            w.grad.zero_()
            b.grad.zero_()
            path.append((w.item(), b.item()))
        with torch.no_grad():
            losses.append(mse(forward(X, w, b), Y).item())
    return tuple(losses), tuple(path)


def pytest_approx(values):
    import pytest
    return pytest.approx(values, rel=1e-4)


def slope_growth():
    """Notebook 4: how much dL/dw grows when w grows by 1, and dL/db when b grows by 1 (from w = -10, b = -20)."""
    def grads(w0, b0):
        w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
        mse(forward(data().X.double(), w, b), data().Y.double()).backward()
        return w.grad.item(), b.grad.item()
    return grads(-9.0, -20.0)[0] - grads(-10.0, -20.0)[0], grads(-10.0, -19.0)[1] - grads(-10.0, -20.0)[1]


def error_ratios(steps=20):
    """Notebook 3: each error w - w* of the lr 0.1 run over the one before (the start's error first)."""
    errors = [-10.0 - w_best()] + [w - w_best() for w in run(iterations=steps).w]
    return [errors[k + 1] / errors[k] for k in range(steps)]


def w_ratios():
    """Notebook 4's plain run: w's distance to w* after each step divided by the one before."""
    gaps = gaps_wb()[0]
    return [gaps[k + 1] / gaps[k] for k in range(20)]


def new_data():
    """Exercise 4.2's new data, as the notebook and its check make them."""
    from course.checks_loop import exercise_data
    return exercise_data()


@lru_cache(maxsize=None)
def loop_lr_bounds():
    """The lowest and highest learning rate (to 0.0001) at which exercise 4.2's loop passes on the new data."""
    X, Y = new_data()
    w_star, b_star = helpers.least_squares(X, Y, with_bias=True)

    def passes(lr):
        history = helpers.train(X, Y, w0=0.0, b0=0.0, lr=lr, iterations=1000)
        return abs(history.w[-1] - w_star) < 0.01 and abs(history.b[-1] - b_star) < 0.01

    passing = [k / 10000 for k in range(50, 300) if passes(k / 10000)]
    assert passing == [k / 10000 for k in range(round(passing[0] * 10000), round(passing[-1] * 10000) + 1)]
    return passing[0], passing[-1]


def momentum_by_hand_matches_optim():
    """Notebook 4's momentum written out agrees with torch.optim.SGD(momentum=0.5) to 1e-5 over 50 steps."""
    X, Y = data().X, data().Y
    w = torch.tensor(-10.0, requires_grad=True)
    b = torch.tensor(-20.0, requires_grad=True)
    v_w, v_b, ours = torch.tensor(0.0), torch.tensor(0.0), []
    for _ in range(50):
        mse(forward(X, w, b), Y).backward()
        with torch.no_grad():
            v_w, v_b = 0.5 * v_w + w.grad, 0.5 * v_b + b.grad
            w -= 0.1 * v_w
            b -= 0.1 * v_b
        w.grad.zero_()
        b.grad.zero_()
        ours.append((w.item(), b.item()))
    theirs = helpers.train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=50, momentum=0.5).path()[1:]
    return max(abs(p - q) for a, c in zip(ours, theirs) for p, q in zip(a, c)) < 1e-5


def exercise_1_1_spreads():
    """Notebook 1: the spread (as the data explorer's readout computes it) of exercise 1.1's points around 2x, and of
    the tutorial's."""
    X = torch.arange(-5, 5, 0.1).view(-1, 1)
    mine = 1.0 * torch.randn(X.shape, generator=torch.Generator().manual_seed(3))
    return float(mine.std(unbiased=False)), float((data()[1] - data()[2]).std(unbiased=False))


def guide_estimates():
    """The guide's "*In class:* about N minutes" for notebooks 1, 2, 3 and part 1 of notebook 4 (then part 2)."""
    import re
    from pathlib import Path
    text = (Path(__file__).parent.parent / "TEACHING.md").read_text(encoding="utf-8")
    found = [int(n) for n in re.findall(r"\*In class:\* (?:part 1 )?about (\d+) minutes", text)]
    return found + [int(re.search(r"part 2 \(exercise 4\.2, then rescaling the input\), about (\d+) minutes", text).group(1))]


def workshop_minutes():
    """The 2-hour workshop's table: minutes in all, for teaching (all but the break and the closing), and for
    notebook 4's block."""
    import re
    from pathlib import Path
    text = (Path(__file__).parent.parent / "TEACHING.md").read_text(encoding="utf-8").split("## A 2-hour workshop")[1]
    rows = [(int(a), int(b), what) for a, b, what in re.findall(r"^\| (\d+)-(\d+) \| (.*) \|$", text, re.M)]
    assert all(rows[k][1] == rows[k + 1][0] for k in range(len(rows) - 1)) and rows[0][0] == 0  # no gap, no overlap
    teaching = [(b - a, what) for a, b, what in rows if not what.startswith(("Break", "Questions"))]
    first_4 = next(k for k, (_, what) in enumerate(teaching) if what.startswith("Notebook 4"))
    blocks, current = {}, None  # minutes per notebook: from the row that names it to the next one that names one
    for minutes, what in teaching:
        named = re.match(r"Notebook (\d)", what)
        current = int(named.group(1)) if named else current
        blocks[current] = blocks.get(current, 0) + minutes
    return {"all": rows[-1][1], "teaching": sum(m for m, _ in teaching),
            "notebook 4": sum(m for m, _ in teaching[first_4:]), "blocks": blocks}


def tiny_h_slope(w, h=0.000001):
    """Exercise 3.1's two-sided nudge with a tiny h, in PyTorch's float32 as the notebook computes it."""
    X, Y = data()[:2]
    return float((mse(forward(X, w + h), Y) - mse(forward(X, w - h), Y)) / (2 * h))


def prose(nb_id):
    """A notebook's markdown, cell by cell."""
    import json
    from pathlib import Path
    path = next((Path(__file__).parent.parent / "notebooks").glob(f"{nb_id}_*.ipynb"))
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "markdown"]


def unit_inputs():
    """The guide's discussion of notebook 1: 100 inputs from 0 to 1 in steps of 0.01."""
    return torch.arange(0, 100).view(-1, 1) / 100


def noisy_slopes():
    """The guide, notebook 1: the best-fitting slope at noise 4 for each seed of the data explorer's slider."""
    low, high, step = ranges.SEED
    return [helpers.least_squares(*helpers.make_data(noise=4.0, seed=seed)[:2]) for seed in range(low, high + 1, step)]


def normal_within(k):
    """Share of a standard normal distribution between -k and k, in percent."""
    return 100 * math.erf(k / math.sqrt(2))


# The original article printed these (its noise was not seeded); notebook 3 quotes them.


CLAIMS = [
    # ------------------------------------------------------------ the teacher's guide, TEACHING.md
    Claim("guide", "(its loss, 92.86, is the loss at w = −1.67, after the step", "92.86",
          lambda: loss_at(run(iterations=1).w[-1])),
    Claim("guide", "(its loss, 92.86, is the loss at w = −1.67, after the step", "−1.67", lambda: run(iterations=1).w[-1]),
    Claim("guide", "the table's row 1 shows 208.53, before it", "208.53", lambda: run(iterations=1).loss[0]),
    Claim("guide", "95 of the 100 lie within ±0.8", "95", lambda: int(((data().Y - data().line).abs() < 0.8).sum())),
    Claim("guide", "95 of the 100 lie within ±0.8", "0.8", lambda: 2 * 0.4),
    Claim("guide", "type 0.06, 0.1 and 0.119", "0.06", lambda: 1 / (2 * mean_x2())),
    Claim("guide", "trains faster.\" 0.06 needs", "0.06", lambda: 1 / (2 * mean_x2())),
    Claim("guide", "set iterations to 34, then 35 (▶ after each in predict first)", "35",
          lambda: helpers.steps_to_reach(run_wb(0.1, 100).b, wb_best()[1])),
    Claim("guide", "set iterations to 34, then 35 (▶ after each in predict first)", "34",
          lambda: helpers.steps_to_reach(run_wb(0.1, 100).b, wb_best()[1]) - 1),
    Claim("guide", "set iterations to 34, then 35 (▶ after each in predict first)", None, lambda: abs(run_wb(0.1, 100).b[33] - wb_best()[1]) > 0.01),
    Claim("guide", "compare the readout's b with b* = 0.0149", "0.0149", lambda: wb_best()[1]),
    Claim("guide", "0.0047 is 0.0102 short, 0.0067 only 0.0082", "0.0047", lambda: run_wb(0.1, 100).b[33]),
    Claim("guide", "0.0047 is 0.0102 short, 0.0067 only 0.0082", "0.0102", lambda: wb_best()[1] - run_wb(0.1, 100).b[33]),
    Claim("guide", "0.0047 is 0.0102 short, 0.0067 only 0.0082", "0.0067", lambda: run_wb(0.1, 100).b[34]),
    Claim("guide", "0.0047 is 0.0102 short, 0.0067 only 0.0082", "0.0082", lambda: wb_best()[1] - run_wb(0.1, 100).b[34]),
    Claim("guide", "shows the count when the replay ends, within about 6 s", "6", lambda: helpers.TrainingExplorer.PLAY_SECONDS),
    Claim("guide", "only from 35 on is it within 0.01", "35",
          lambda: helpers.steps_to_reach(run_wb(0.1, 100).b, wb_best()[1])),
    Claim("guide", "the *momentum β 0.5* preset", "0.5", lambda: ranges.PRESETS_WITH_BIAS["momentum"][0]["beta"]),
    Claim("guide", "the *momentum β 0.5* preset (b settles after 20 iterations)", "20",
          lambda: b_steps("original", 0.1, ranges.PRESETS_WITH_BIAS["momentum"][0]["beta"])),
    Claim("guide", "at β = 0.9, b settles only after 144, beyond the preset's 60", "144",
          lambda: b_steps("original", 0.1, 0.9)),
    Claim("guide", "at β = 0.9, b settles only after 144, beyond the preset's 60", "60",
          lambda: ranges.PRESETS_WITH_BIAS["momentum"][0]["iterations"]),
    Claim("guide", "then β = 0.9 with iterations raised to 200", None,
          lambda: b_steps("original", 0.1, 0.9) <= 200),
    Claim("guide", "between about −4.7 and −5.3 over the slider's seeds 0 to 50", "−4.7",
          lambda: max(noisy_slopes())),
    Claim("guide", "between about −4.7 and −5.3 over the slider's seeds 0 to 50", "−5.3",
          lambda: min(noisy_slopes())),
    Claim("guide", "between about −4.7 and −5.3 over the slider's seeds 0 to 50", "50", lambda: ranges.SEED[1]),
    # the workshop plan, from the guide's own estimates and its own table
    Claim("guide", "part 1 of notebook 4 take 110 minutes", "110", lambda: sum(guide_estimates()[:4])),
    Claim("guide", "has about 105 for teaching after a break and a", "105", lambda: workshop_minutes()["teaching"]),
    Claim("guide", "gives up its exact-answer section (5 minutes)", "5",
          lambda: guide_estimates()[3] - workshop_minutes()["notebook 4"]),
    Claim("guide", "A 2-hour workshop: all four notebooks", None, lambda: workshop_minutes()["all"] == 120),
    Claim("guide", "Built from this guide's own estimates", None,  # each notebook's block is the guide's figure
          lambda: [workshop_minutes()["blocks"][k] for k in (1, 2, 3)] == guide_estimates()[:3]),
    Claim("guide", "its first step even raises the loss, from 599 to 1157", "599", lambda: batches_preset_run()[0][0]),
    Claim("guide", "its first step even raises the loss, from 599 to 1157", "1157", lambda: batches_preset_run()[0][1]),
    Claim("guide", "the first batch's 10 points throw w to +5.6", "+5.6", lambda: batches_preset_run()[1]),
    Claim("guide", "A replay takes about 6 seconds at most", "6", lambda: helpers.TrainingExplorer.PLAY_SECONDS),
    Claim("guide", "a run of more than 40 iterations", "40",
          lambda: helpers.TrainingExplorer.PLAY_SECONDS / helpers.TrainingExplorer.PLAY_INTERVAL),
    Claim("guide", "(200 iterations, 5 at a time)", "5",
          lambda: math.ceil(200 * helpers.TrainingExplorer.PLAY_INTERVAL / helpers.TrainingExplorer.PLAY_SECONDS)),
    Claim("guide", "A learner working alone meets five such questions too", None,
          lambda: 5 == sum(text.count("**Predict first:**") for nb_id in ("01", "02", "03", "04") for text in prose(nb_id))),
    Claim("guide", "then *iteration shown* back to 8: w is within 0.25 of its best value, b still 3.4 below its own", "0.25",
          lambda: abs(run_wb().w[7] - wb_best()[0]), "at most"),
    Claim("guide", "then *iteration shown* back to 8: w is within 0.25 of its best value, b still 3.4 below its own", "3.4",
          lambda: wb_best()[1] - run_wb().b[7]),
    # the answers to the discussion questions
    Claim("guide", "ends near −5 with a loss near 0.17 has worked", "0.17", lambda: loss_at(w_best())),
    Claim("guide", "mean(x²) drops from 8.335 to 0.328", "8.335", mean_x2),
    Claim("guide", "mean(x²) drops from 8.335 to 0.328", "0.328", lambda: float((unit_inputs() ** 2).mean())),
    Claim("guide", "grows from 0.014 to 0.070)", "0.014", lambda: 0.4 / float((data().X ** 2).sum().sqrt())),
    Claim("guide", "grows from 0.014 to 0.070)", "0.070", lambda: 0.4 / float((unit_inputs() ** 2).sum().sqrt())),
    Claim("guide", "about 5 times less well", "5",
          lambda: float((data().X ** 2).sum().sqrt()) / float((unit_inputs() ** 2).sum().sqrt())),
    Claim("guide", "0.12 to about 3.0 (notebook 3)", "0.12", lambda: 1 / mean_x2()),
    Claim("guide", "0.12 to about 3.0 (notebook 3)", "3.0", lambda: 1 / float((unit_inputs() ** 2).mean())),
    Claim("guide", "so η* is a quarter: about 0.03", "0.03", lambda: 1 / float(((2 * data().X) ** 2).mean())),
    Claim("guide", "With mean(x) = −0.05 the leak is tiny", "−0.05", lambda: float(data().X.mean())),
    Claim("guide", "with mean(x) = 4.95 (optional exercise", "4.95", lambda: float(shifted()[0].mean())),
    Claim("guide", "their cap,\n  0.02977, is also lowered by mean(x) = 4.95", "0.02977",
          lambda: helpers.critical_lr(new_data()[0], with_bias=True)),
    Claim("guide", "their cap,\n  0.02977, is also lowered by mean(x) = 4.95", "4.95", lambda: float(new_data()[0].mean())),
    Claim("guide", "its curvatures become 67.2 and 0.50,", "67.2", lambda: eig(shifted()[0])[1]),
    Claim("guide", "its curvatures become 67.2 and 0.50,", "0.50", lambda: eig(shifted()[0])[0]),
    Claim("guide", "and b needs 564 iterations instead of 32 at 90% of each cap", "564",
          lambda: b_steps_at_90_percent(*shifted())),
    Claim("guide", "and b needs 564 iterations instead of 32 at 90% of each cap", "32",
          lambda: b_steps_at_90_percent(data().X, data().Y)),
    Claim("guide", "it stays near −5 (−5.00 at seed 0)", "−5.00",
          lambda: helpers.least_squares(*helpers.make_data(noise=4.0, seed=0)[:2])),
    Claim("guide", "about the same: 208.5 and 208.6", "208.5", lambda: loss_at(-10.0)),
    Claim("guide", "about the same: 208.5 and 208.6", "208.6", lambda: loss_at(0.0)),
    Claim("guide", "about 0.17, the noise the line cannot explain", "0.17", lambda: loss_at(w_best())),
    Claim("guide", "The bottom of the bowl is at −5.0002", "−5.0002", w_best),
    Claim("guide", "past −5, at −1.67", "−1.67", lambda: run().w[0]),
    Claim("guide", "where notebook 2's slope is −83.35, with learning rate", "−83.35", lambda: gradient_at(-10.0)),
    Claim("guide", "from w = −10, where the slope is −83.35, with learning rate", "−83.35", lambda: gradient_at(-10.0)),
    Claim("guide", "from w = −10 (slope −83.35) with learning rate", "−83.35", lambda: gradient_at(-10.0)),
    Claim("guide", "At 0.13, only about 8% above η*", "8%", lambda: 100 * (0.13 * mean_x2() - 1)),
    Claim("guide", "(the slider itself steps from 0.1288 to 0.1318)", "0.1288",
          lambda: max(10 ** v for v in ranges.values(ranges.LR_LOG10) if 10 ** v < 0.13)),
    Claim("guide", "(the slider itself steps from 0.1288 to 0.1318)", "0.1318",
          lambda: min(10 ** v for v in ranges.values(ranges.LR_LOG10) if 10 ** v > 0.13)),
    Claim("guide", "more than 100,000, 483 times its start", "100,000", lambda: loss_at(run(lr=0.13).w[-1]), "at least"),
    Claim("guide", "more than 100,000, 483 times its start", "483", lambda: loss_at(run(lr=0.13).w[-1]) / run().loss[0]),
    Claim("guide", "each step multiplies the distance by 1.167, 20 steps by", "1.167", lambda: abs(1 - 2 * 0.13 * mean_x2())),
    Claim("guide", "20 steps by 1.167²⁰ ≈ 22, and the loss above its lowest", "22", lambda: abs(1 - 2 * 0.13 * mean_x2()) ** 20),
    Claim("guide", "20 steps by 1.167²⁰ ≈ 22, and", "1.167", lambda: abs(1 - 2 * 0.13 * mean_x2())),
    Claim("guide", "grows with the square of the distance: about 22², here", "22", lambda: abs(1 - 2 * 0.13 * mean_x2()) ** 20,
          "about"),
    Claim("guide", "grows with the square of the distance: about 22², here 483", "483",
          lambda: loss_at(run(lr=0.13).w[-1]) / run().loss[0]),
    Claim("guide", "each error is −0.667 times the one before", "−0.667", lambda: 1 - 2 * 0.1 * mean_x2()),
    Claim("guide", "w swings between −11.5 and +1.4", "−11.5", lambda: min(without_zeroing())),
    Claim("guide", "w swings between −11.5 and +1.4", "+1.4", lambda: max(without_zeroing())),
    Claim("guide", "0.06, half of η*: one step lands on it", "0.06", lambda: 1 / (2 * mean_x2())),
    Claim("guide", "one step lands on it", None,
          lambda: helpers.steps_to_reach(run(lr=0.06, iterations=20).w, w_best()) == 1),
    Claim("guide", "the run stops after 29 iterations", "29", lambda: run(lr=0.3, iterations=200).diverged_at),
    Claim("guide", "0.06 needs 1 iteration, 0.1 needs 16, 0.119", "1",
          lambda: helpers.steps_to_reach(run(lr=0.06, iterations=20).w, w_best())),
    Claim("guide", "0.06 needs 1 iteration, 0.1 needs 16, 0.119", "16",
          lambda: helpers.steps_to_reach(run().w, w_best())),
    Claim("guide", "is still not there after 200, and at 0.13 the run diverges", None,
          lambda: helpers.steps_to_reach(run(lr=0.119, iterations=200).w, w_best()) is None
          and helpers.regime(0.13, helpers.critical_lr(data().X)) == "diverging"),
    Claim("guide", "Above η* ≈ 0.12 every step", "0.12", lambda: 1 / mean_x2()),
    Claim("guide", "Between 0.06 and 0.12 it zig-zags", "0.06", lambda: 1 / (2 * mean_x2())),
    Claim("guide", "Between 0.06 and 0.12 it zig-zags", "0.12", lambda: 1 / mean_x2()),
    Claim("guide", "after 20 steps w is at −5.00, b only at −0.22", "−5.00", lambda: run_wb().w[-1]),
    Claim("guide", "after 20 steps w is at −5.00, b only at −0.22", "−0.22", lambda: run_wb().b[-1]),
    Claim("guide", "20%: its factor is 0.8, against −0.67 for w", "20%", lambda: 100 * 0.1 * eig()[0]),
    Claim("guide", "20%: its factor is 0.8, against −0.67 for w", "0.8", lambda: 1 - 0.1 * eig()[0]),
    Claim("guide", "20%: its factor is 0.8, against −0.67 for w", "−0.67", lambda: 1 - 0.1 * eig()[1]),
    Claim("guide", "within 0.01 of its best value? | 35 |", "35",
          lambda: helpers.steps_to_reach(run_wb(0.1, 100).b, wb_best()[1])),
    Claim("guide", "much slower: 564 iterations instead of 32", "564", lambda: b_steps_at_90_percent(*shifted())),
    Claim("guide", "much slower: 564 iterations instead of 32", "32", lambda: b_steps_at_90_percent(data().X, data().Y)),
    Claim("guide", "the factor, 0.8, comes from b's curvature, 2, against 16.7 for w", "0.8", lambda: 1 - 0.1 * eig()[0]),
    Claim("guide", "the factor, 0.8, comes from b's curvature, 2, against 16.7 for w", "2", lambda: eig()[0]),
    Claim("guide", "the factor, 0.8, comes from b's curvature, 2, against 16.7 for w", "16.7", lambda: eig()[1]),
    Claim("guide", "diverges once it reaches about 0.12", "0.12", lambda: helpers.critical_lr(data().X, with_bias=True)),
    Claim("guide", "w is 0.0031 from least squares and b", "0.0031", lambda: abs(run_wb().w[-1] - wb_best()[0])),
    Claim("guide", "is 0.23 away; `helpers.least_squares`", "0.23", lambda: abs(run_wb().b[-1] - wb_best()[1])),
    Claim("guide", "Reveal 0.06 and why", "0.06", lambda: 1 / (2 * mean_x2())),
    Claim("guide", "η* = 1/mean(x²) ≈ 0.12 on the board", "0.12", lambda: 1 / mean_x2()),

    # ------------------------------------------------------------ notebook 1
    Claim("01", "about 95% between $-2$ and $2$", "95%", lambda: normal_within(2)),
    # exercise 1.1's solution: noise 1.0 with seed 3 against the tutorial's 0.4 with seed 0, spreads as the readout has them
    Claim("01", "about $2.2$ times as wide ($0.91$ against $0.41$)", "0.91", lambda: exercise_1_1_spreads()[0]),
    Claim("01", "about $2.2$ times as wide ($0.91$ against $0.41$)", "0.41", lambda: exercise_1_1_spreads()[1]),
    Claim("01", "about $2.2$ times as wide ($0.91$ against $0.41$)", "2.2",
          lambda: exercise_1_1_spreads()[0] / exercise_1_1_spreads()[1]),
    Claim("01", "you get $0.92$: `.std()` divides by 99", "0.92",
          lambda: float((1.0 * torch.randn(100, generator=torch.Generator().manual_seed(3))).std())),
    Claim("01", "you get $0.92$: `.std()` divides by 99", "99", lambda: data().X.numel() - 1),
    Claim("01", "about 95% of it should lie within $\\pm 2 \\times 0.4 = \\pm 0.8$", "95",
          lambda: 100 * math.erf(2 / math.sqrt(2))),  # the share of a normal within 2 standard deviations
    Claim("01", "about 95% of it should lie within $\\pm 2 \\times 0.4 = \\pm 0.8$", "0.8", lambda: 2 * 0.4),
    Claim("01", "That is 95, as the bell curve predicts", "95",
          lambda: int(((data().Y - data().line).abs() < 0.8).sum())),
    Claim("01", "the line's range of $-24.5$ to $25$", "-24.5", lambda: float(data().line.min())),
    Claim("01", "the line's range of $-24.5$ to $25$", "25", lambda: float(data().line.max())),
    Claim("01", "the noise is $2.5$ times the tutorial's $0.4$", "2.5", lambda: 1.0 / 0.4),
    Claim("01", "this notebook ($-5$, $-4.9$", "-4.9", lambda: float(data().X[1])),
    Claim("01", "..., $4.9$), with noise", "4.9", lambda: float(data().X[-1])),
    Claim("01", "it stays within about $0.3$ of $-5$, whichever seed the explorer's slider picks", "0.3",
          lambda: max(abs(s + 5) for s in noisy_slopes())),  # 0.30 at most over the slider's seeds
    Claim("01", "\\sqrt{833.5}", "833.5", lambda: float((data().X ** 2).sum())),
    Claim("01", "x_{100}^2 = 833.5$, which", "833.5", lambda: float((data().X ** 2).sum())),
    Claim("01", "stays near $-5$: $-5.00$ at seed 0", "-5.00",
          lambda: helpers.least_squares(*helpers.make_data(noise=4.0, seed=0)[:2])),
    Claim("01", "between $-5.29$ and $-4.70$ whichever seed from 0 to 50", "-5.29", lambda: min(noisy_slopes())),
    Claim("01", "between $-5.29$ and $-4.70$ whichever seed from 0 to 50", "-4.70", lambda: max(noisy_slopes())),
    Claim("01", "whichever seed from 0 to 50 you drag to", "50", lambda: ranges.SEED[1]),
    Claim("01", "whichever seed from 0 to 50 you drag to", "0", lambda: ranges.SEED[0]),
    Claim("01", "\\approx 0.14$", "0.14", lambda: 4 / math.sqrt(float((data().X ** 2).sum()))),
    # ------------------------------------------------------------ notebook 2
    Claim("02", "$x = -5.0, -4.9, -4.8$", "-5.0", lambda: float(data().X[0])),
    Claim("02", "$x = -5.0, -4.9, -4.8$", "-4.9", lambda: float(data().X[1])),
    Claim("02", "$x = -5.0, -4.9, -4.8$", "-4.8", lambda: float(data().X[2])),
    Claim("02", "Even there the loss is not 0 but about $0.17$", "0.17", lambda: loss_at(-5.0)),
    Claim("02", "gave the noise's spread as about $0.41$", "0.41",
          lambda: exercise_1_1_spreads()[1]),
    Claim("02", "the loss averages squares: $0.41^2 \\approx 0.17$", "0.41", lambda: exercise_1_1_spreads()[1]),
    Claim("02", "the loss averages squares: $0.41^2 \\approx 0.17$", "0.17", lambda: exercise_1_1_spreads()[1] ** 2),
    Claim("02", "the loss averages squares: $0.41^2 \\approx 0.17$", "0.17", lambda: loss_at(w_best())),
    Claim("02", "cost about the same, $208.5$ and $208.6$", "208.5", lambda: loss_at(-10.0)),
    Claim("02", "cost about the same, $208.5$ and $208.6$", "208.6", lambda: loss_at(0.0)),
    Claim("02", "both sit five units from $-5$", None, lambda: abs(abs(-10 - w_best()) - abs(0 - w_best())) < 0.01),
    Claim("02", "the bowl rises the same way on both sides", None,
          lambda: abs(loss_at(-10.0) - loss_at(0.0)) < 0.01 * loss_at(-10.0)),
    Claim("02", "the *sum* of squares, 100 times larger", "100", lambda: data().X.numel()),
    Claim("02", "It comes out at $-5.0002$", "-5.0002", w_best),
    Claim("02", "where the loss is about $0.17$", "0.17", lambda: loss_at(w_best())),
    # ------------------------------------------------------------ notebook 3
    # notebook 2's last section: the slope of the bowl
    Claim("02", "About $-83$: steep", "-83", lambda: one_sided_nudge()),
    Claim("02", "The nudge, $-83.27$, is a little off", "-83.27", lambda: one_sided_nudge()),
    Claim("02", "between $-10$ and $-9.99$, not at", "-9.99", lambda: -10 + 0.01),
    # the made-up point of the power rule check: x = 2, y = -10, at w = -10 and nudged to -9.99
    Claim("02", "the term is $(-20 + 10)^2 = 100$", "-20", lambda: -10 * 2),
    Claim("02", "at $w = -9.99$ it is $(-19.98 + 10)^2 = 99.6004$", "-9.99", lambda: -10 + 0.01),
    Claim("02", "at $w = -9.99$ it is $(-19.98 + 10)^2 = 99.6004$", "-19.98", lambda: -9.99 * 2),
    Claim("02", "at $w = -9.99$ it is $(-19.98 + 10)^2 = 99.6004$", "99.6004", lambda: (-9.99 * 2 + 10) ** 2),
    Claim("02", "the nudge gives $(99.6004 - 100)/0.01 = -39.96$", "99.6004", lambda: (-9.99 * 2 + 10) ** 2),
    Claim("02", "the nudge gives $(99.6004 - 100)/0.01 = -39.96$", "-39.96",
          lambda: ((-9.99 * 2 + 10) ** 2 - (-10 * 2 + 10) ** 2) / 0.01),
    Claim("02", "the formula $2 \\times (-10) \\times 2 = -40$", "-40", lambda: 2 * (-10 * 2 + 10) * 2),
    Claim("03", "$2 \\times 8.335 \\times (-10 + 5.0002) = -83.35$", "8.335", mean_x2),
    Claim("03", "$2 \\times 8.335 \\times (-10 + 5.0002) = -83.35$", "5.0002", lambda: -w_best()),
    Claim("03", "$2 \\times 8.335 \\times (-10 + 5.0002) = -83.35$", "-83.35", lambda: gradient_at(-10.0)),
    Claim("03", "the $w$ where the slope is 0, here $-5.0002$", "-5.0002", lambda: w_best()),
    Claim("03", "the $w$ where the slope is 0, here $-5.0002$", None, lambda: abs(gradient_at(w_best())) < 1e-3),
    Claim("03", "Every step multiplies the error by the same number, $-0.667$", "-0.667",
          lambda: (run().w[0] - w_best()) / (-10 - w_best())),
    Claim("03", "Every step multiplies the error by the same number, $-0.667$", None,
          lambda: all(abs(r - (1 - 2 * 0.1 * mean_x2())) < 5e-4 for r in error_ratios())),
    Claim("03", "the size shrinks to two thirds", None, lambda: abs(abs(1 - 2 * 0.1 * mean_x2()) - 2 / 3) < 5e-3),
    Claim("03", "here $1 - 2 \\times 0.1 \\times 8.335 = -0.667$", "8.335", mean_x2),
    Claim("03", "here $1 - 2 \\times 0.1 \\times 8.335 = -0.667$", "-0.667", lambda: 1 - 2 * 0.1 * mean_x2()),
    # the optional section: the loss is a parabola around w*
    Claim("03", "the loss gap shrinks by $0.445$ a step", "0.445", lambda: (1 - 2 * 0.1 * mean_x2()) ** 2),
    Claim("03", "Check at $w = -10$, which is $4.9998$ from $w^*$", "4.9998", lambda: abs(-10 - w_best())),
    Claim("03", "Why $0.445$? It is $0.667^2$", "0.445", lambda: (1 - 2 * 0.1 * mean_x2()) ** 2),
    Claim("03", "Why $0.445$? It is $0.667^2$", "0.667", lambda: abs(1 - 2 * 0.1 * mean_x2())),
    Claim("03", "it is the lowest loss, $L(w^*) = 0.1681$", "0.1681", lambda: loss_at(w_best())),
    Claim("03", "$8.335 \\times 4.9998^2 + 0.1681 \\approx 208.53$", "8.335", mean_x2),
    Claim("03", "$8.335 \\times 4.9998^2 + 0.1681 \\approx 208.53$", "4.9998", lambda: abs(-10 - w_best())),
    Claim("03", "$8.335 \\times 4.9998^2 + 0.1681 \\approx 208.53$", "0.1681", lambda: loss_at(w_best())),
    Claim("03", "$8.335 \\times 4.9998^2 + 0.1681 \\approx 208.53$", "208.53",
          lambda: mean_x2() * (-10 - w_best()) ** 2 + loss_at(w_best())),
    Claim("03", "$8.335 \\times 4.9998^2 + 0.1681 \\approx 208.53$", None,
          lambda: abs(mean_x2() * (-10 - w_best()) ** 2 + loss_at(w_best()) - loss_at(-10.0)) < 1e-3),
    Claim("03", "Each step multiplies $e$ by $-0.667$", "-0.667", lambda: 1 - 2 * 0.1 * mean_x2()),
    Claim("03", "negative at $w = -10$ ($-83.35$ there)", "-83.35", lambda: gradient_at(-10.0)),
    Claim("03", "$-0.1 \\times (-83.35) = +8.335$", "-83.35", lambda: gradient_at(-10.0)),
    Claim("03", "$-0.1 \\times (-83.35) = +8.335$", "+8.335", lambda: -0.1 * gradient_at(-10.0)),
    Claim("03", "the first step, $+8.335$ from $w = -10$, lands past it, at about $-1.67$", "+8.335",
          lambda: -0.1 * gradient_at(-10.0)),
    Claim("03", "the first step, $+8.335$ from $w = -10$, lands past it, at about $-1.67$", "-1.67", lambda: run(iterations=1).w[-1]),
    Claim("03", "The loss falls from about $208.5$", "208.5", lambda: run().loss[0]),
    Claim("03", "to about $0.17$, the noise level", "0.17", lambda: run().loss[-1]),
    Claim("03", "It **jumps over** it: $-1.67$", "-1.67", lambda: run().w[0]),
    Claim("03", "then $-7.22$", "-7.22", lambda: run().w[1]),
    Claim("03", "then $-3.52$", "-3.52", lambda: run().w[2]),
    Claim("03", "After 20 iterations $w \\approx -5.00$", "-5.00", lambda: run().w[-1]),
    Claim("03", "It gives the same step, $-1.6653$", "-1.6653", lambda: data_style_step()),
    Claim("03", "every step multiplies the loss gap by $0.445$", "0.445",
          lambda: max((b / a for a, b in zip(loss_gaps(), loss_gaps()[1:])), key=lambda r: abs(r - 0.445))),
    Claim("03", "from about $208$ down", "208", lambda: loss_gaps()[0]),
    Claim("03", "down to below $0.0001$", "0.0001", lambda: loss_gaps()[-1], "at most"),
    Claim("03", "between about $-11.5$", "-11.5", lambda: min(without_zeroing())),
    Claim("03", "and $+1.4$ and never settles", "+1.4", lambda: max(without_zeroing())),
    Claim("03", "still $5.75$ from the best $w$", "5.75", lambda: abs(without_zeroing()[-1] - w_best())),
    Claim("03", "after 2 steps ($6.11$)", "6.11", lambda: abs(without_zeroing()[1] - w_best())),
    Claim("03", "$0.667^2 = 0.445$", "0.667", lambda: abs(1 - 2 * 0.1 * mean_x2())),
    Claim("03", "$0.667^2 = 0.445$", "0.445", lambda: (1 - 2 * 0.1 * mean_x2()) ** 2),
    Claim("03", "At iteration 1 that is $w = -1.67$ with loss $92.86$", "-1.67", lambda: run(iterations=1).w[-1]),
    Claim("03", "At iteration 1 that is $w = -1.67$ with loss $92.86$", "92.86",
          lambda: loss_at(run(iterations=1).w[-1])),
    Claim("03", "(the table's row 1 shows $208.53$ beside it: the loss at the start", "208.53",
          lambda: run(iterations=1).loss[0]),
    Claim("03", "flattens out at the lowest possible loss, 0.168", "0.168",
          lambda: loss_at(w_best())),
    Claim("03", "flattens out at the lowest possible loss, 0.168", None,
          lambda: min(run().loss) >= loss_at(w_best()) - 1e-6),
    # the explorer's prediction: just above the critical learning rate, 20 iterations compound
    Claim("03", "$0.13$ is only about 8% above the critical learning rate", "8%", lambda: 100 * (0.13 * mean_x2() - 1)),
    Claim("03", "$0.13$ is only about 8% above the critical learning rate", "0.13", lambda: ranges.PRESETS["diverging"][0]["lr"]),
    Claim("03", "will the loss be near where it started ($208.5$)", "208.5", lambda: run().loss[0]),
    Claim("03", "or more than a hundred times as high?", None,  # the answer, in the readout: about 480 times
          lambda: loss_at(run(lr=0.13).w[-1]) > 100 * run().loss[0]),
    Claim("03", "type $0.13$ into the box beside the learning-rate slider (the slider moves in steps", "0.13",
          lambda: ranges.PRESETS["diverging"][0]["lr"]),
    Claim("03", "type $0.13$ into the box beside the learning-rate slider (the slider moves in steps", None,
          lambda: 0.13 not in [round(10 ** v, 4) for v in ranges.values(ranges.LR_LOG10)]),
    Claim("04", "Here the mean is already about 0 ($-0.05$), so dividing was enough", "-0.05", lambda: float(data().X.mean())),
    Claim("04", "with inputs far from 0, such as exercise 4.2's 0 to 9.9, subtract the mean", "9.9",
          lambda: float(new_data()[0].max())),
    Claim("04", "with inputs far from 0, such as exercise 4.2's 0 to 9.9, subtract the mean", None,  # centring is the cure
          lambda: condition((new_data()[0] - new_data()[0].mean()) / new_data()[0].std()) < 1.1
          < 10 < condition(new_data()[0] / new_data()[0].std())),
    Claim("03", "it keeps about 7 significant digits", "7", lambda: 24 * math.log10(2)),
    Claim("03", "at $w = -10$ the estimate is $-83.92$ instead of $-83.35$", "-83.92", lambda: tiny_h_slope(-10.0)),
    Claim("03", "at $w = -10$ the estimate is $-83.92$ instead of $-83.35$", "-83.35", lambda: gradient_at(-10.0)),
    Claim("03", "and at $w = 2$ it is $91.55$ instead of $116.69$, more than a fifth off", "91.55",
          lambda: tiny_h_slope(2.0)),
    Claim("03", "and at $w = 2$ it is $91.55$ instead of $116.69$, more than a fifth off", "116.69",
          lambda: gradient_at(2.0)),
    Claim("03", "and at $w = 2$ it is $91.55$ instead of $116.69$, more than a fifth off", None,
          lambda: abs(tiny_h_slope(2.0) - gradient_at(2.0)) > abs(gradient_at(2.0)) / 5),
    # exercise 3.3: lr 0.115, just under the critical learning rate
    Claim("03", "$0.115 < \\eta^* \\approx 0.1200$", "0.1200", lambda: 1 / mean_x2()),
    Claim("03", "$0.115 < \\eta^* \\approx 0.1200$", None, lambda: 0.115 < 1 / mean_x2()),
    Claim("03", "\\times 8.335 \\approx", "8.335", mean_x2),
    Claim("03", "\\approx -0.917$", "-0.917", lambda: 1 - 2 * 0.115 * mean_x2()),
    Claim("03", "by only about $8\\%$", "8", lambda: 100 * (1 - abs(1 - 2 * 0.115 * mean_x2()))),
    Claim("03", "$w$ is still at $-5.885$", "-5.885", lambda: run(lr=0.115).w[19]),
    Claim("03", "of $w^*$ only after 72.", "72", lambda: helpers.steps_to_reach(run(lr=0.115, iterations=200).w, w_best())),
    Claim("03", "\\approx 0.0600$, gets there in a single step", "0.0600", lambda: 1 / (2 * mean_x2())),
    Claim("03", "Typed as $0.06$, a hair above", "0.06", lambda: 1 / (2 * mean_x2())),
    Claim("03", "it shrinks: the error keeps $0.667$ of its size after one step", None,
          lambda: abs(abs(errors_ratio_product(1)) - abs(1 - 0.2 * mean_x2())) < 0.0005),
    Claim("03", "(the size of $-0.667$ is $0.667$)", "-0.667", lambda: 1 - 0.2 * mean_x2()),
    Claim("03", "is $0.667$). Multiply a number", "0.667", lambda: abs(1 - 0.2 * mean_x2())),
    Claim("03", "here $1/8.335 = 0.1200$ (the cell below prints it)", "8.335", mean_x2),
    Claim("03", "here $1/8.335 = 0.1200$ (the cell below prints it)", "0.1200", lambda: 1 / mean_x2()),
    Claim("03", "the error keeps $0.667$ of its size after one step", "0.667", lambda: abs(1 - 0.2 * mean_x2())),
    # a worked example of "one minus a number is above -1 while the number is below 2"
    Claim("03", "($1 - 1.5 = -0.5$, but $1 - 2.5 = -1.5$)", "-0.5", lambda: 1 - 1.5),
    Claim("03", "($1 - 1.5 = -0.5$, but $1 - 2.5 = -1.5$)", "-1.5", lambda: 1 - 2.5),
    Claim("03", "($1 - 1.5 = -0.5$, but $1 - 2.5 = -1.5$)", "1.5", lambda: 1.5),
    Claim("03", "($1 - 1.5 = -0.5$, but $1 - 2.5 = -1.5$)", "2.5", lambda: 2.5),
    Claim("03", "$0.667^2 \\approx 0.44$ after two", "0.667", lambda: abs(1 - 0.2 * mean_x2())),
    Claim("03", "$0.667^2 \\approx 0.44$ after two", "0.44", lambda: abs(errors_ratio_product(2))),
    Claim("03", "$0.667^3 \\approx 0.30$ after three", "0.667", lambda: abs(1 - 0.2 * mean_x2())),
    Claim("03", "$0.667^3 \\approx 0.30$ after three", "0.30", lambda: abs(errors_ratio_product(3))),
    Claim("03", "a hair above the exact $0.059988$, it overshoots", "0.059988", lambda: 1 / (2 * mean_x2())),
    Claim("03", "a hair above the exact $0.059988$, it overshoots", None, lambda: 0.06 > 1 / (2 * mean_x2())),
    Claim("03", "and $w$ is within $0.01$ of $w^*$ after one step", None,
          lambda: helpers.steps_to_reach(run(lr=0.06).w, w_best()) == 1),
    Claim("03", "gets there in a single step", None,
          lambda: helpers.steps_to_reach(run(lr=1 / (2 * mean_x2())).w, w_best()) == 1),
    Claim("03", "at $0.119$ the factor is $-0.984$", "-0.984", lambda: 1 - 2 * 0.119 * mean_x2()),
    Claim("03", "after 200 iterations $w$ is still not within $0.01$ of $w^*$", None,
          lambda: helpers.steps_to_reach(run(lr=0.119, iterations=200).w, w_best()) is None),
    Claim("03", "\\approx 0.12$.\n\n**Next", "0.12", lambda: 1 / mean_x2()),
    # ------------------------------------------------------------ notebook 4
    # ------------------------------------------------------------ notebook 4, part 1
    Claim("04", "The loss starts near $599$", "599", lambda: run_wb().loss[0]),
    Claim("04", "about $0.25$, still above", "0.25", lambda: run_wb().loss[-1]),
    Claim("04", "still above the $0.17$ that notebook 3 reached", "0.17", lambda: loss_at(w_best())),
    Claim("04", "the lowest loss the noise allows", None, lambda: abs(loss_at(*wb_best()) - loss_at(w_best())) < 0.005),
    Claim("04", "$w$ is at $-5.00$, but $b$ is only at about $-0.22$", "-5.00", lambda: run_wb().w[-1]),
    Claim("04", "$w$ is at $-5.00$, but $b$ is only at about $-0.22$", "-0.22", lambda: run_wb().b[-1]),
    Claim("04", "16.67$ higher: exactly $2\\operatorname{mean}(x^2)$", None,
          lambda: round(slope_w_difference(), 2) == round(2 * mean_x2(), 2)),
    Claim("04", "Along $w$ it is $16.67$; along $b$ only $2$.", "2", lambda: slope_b_difference()),
    Claim("04", "Along $w$ it is $16.67$; along $b$ only $2$.", "16.67", lambda: slope_w_difference()),
    # the slope really grows by that much per unit of w (and by 2 per unit of b), whatever w and b are
    Claim("04", "so the slope grows by $2\\operatorname{mean}(x \\cdot x)", None, lambda: slope_growth() == pytest_approx(
          (2 * mean_x2(), 2.0))),
    Claim("04", "One unit more of $w$, and the slope is $16.67$ higher", "16.67", lambda: slope_w_difference()),
    Claim("04", "$1 - 0.1 \\times 16.67 = -0.667$", "16.67", lambda: 2 * mean_x2()),
    Claim("04", "$1 - 0.1 \\times 16.67 = -0.667$", "-0.667", lambda: 1 - 0.1 * 2 * mean_x2()),
    Claim("04", "grows by just $2$ per unit of $b$", "2", lambda: helpers.hessian(data().X, with_bias=True)[1, 1]),
    Claim("04", "grows by just $2$ per unit of $b$", "2", lambda: slope_b_difference()),
    Claim("04", "$1 - 0.1 \\times 2 = 0.8$: it keeps 80% of its distance and closes only a fifth", "0.8", lambda: 1 - 0.1 * 2),
    Claim("04", "$1 - 0.1 \\times 2 = 0.8$: it keeps 80% of its distance and closes only a fifth", "80%",
          lambda: 100 * gaps_wb()[1][1] / gaps_wb()[1][0]),
    Claim("04", "$0.8^{20} \\approx 0.012$", "0.012", lambda: 0.8 ** 20),
    Claim("04", "the starting distance of about $20$", "20", lambda: abs(-20 - wb_best()[1])),
    Claim("04", "about $0.23$. The", "0.23", lambda: abs(-20 - wb_best()[1]) * 0.8 ** 20),
    Claim("04", "The table's $b = -0.2167$", "-0.2167", lambda: run_wb().b[-1]),
    Claim("04", "is indeed $0.23$ from the best $b$", "0.23", lambda: abs(run_wb().b[-1] - wb_best()[1])),
    Claim("04", "from the best $b$, $0.015$", "0.015", lambda: wb_best()[1]),
    Claim("04", "once the learning rate reaches about $0.12$", "0.12",
          lambda: helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "$1 - 0.12 \\times 2 = 0.76$", "0.12", lambda: helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "$1 - 0.12 \\times 2 = 0.76$", "0.76", lambda: 1 - 0.12 * eig()[0]),
    Claim("04", "(it is $0.0031$ off)", "0.0031", lambda: abs(run_wb().w[-1] - wb_best()[0])),
    Claim("04", "but $b$ is still $0.23$ away", "0.23", lambda: abs(run_wb().b[-1] - wb_best()[1])),
    Claim("04", "21 pairs for 20 iterations", "21", lambda: len(run_wb().path())),
    Claim("04", "$\\times 0.80$ per step, every step", "0.80",
          lambda: min(gaps_wb()[1][k + 1] / gaps_wb()[1][k] for k in range(20))),
    Claim("04", "$\\times 0.80$ per step, every step", "0.80",
          lambda: max(gaps_wb()[1][k + 1] / gaps_wb()[1][k] for k in range(20))),
    Claim("04", "by a factor of more than 1,000", "1,000", lambda: gaps_wb()[0][0] / gaps_wb()[0][-1], "at least"),
    Claim("04", "shrinks by about the factor $0.667$ ($0.63$", "0.667", lambda: abs(1 - 0.1 * 2 * mean_x2())),
    Claim("04", "($0.63$, $0.72$, $0.61$, ...)", "0.63", lambda: w_ratios()[0]),
    Claim("04", "($0.63$, $0.72$, $0.61$, ...)", "0.72", lambda: w_ratios()[1]),
    Claim("04", "($0.63$, $0.72$, $0.61$, ...)", "0.61", lambda: w_ratios()[2]),
    Claim("04", "($w$ is a little further off than its factor $0.667$ alone predicts", "0.667",
          lambda: abs(1 - 0.1 * eig()[1])),
    Claim("04", "($w$ is a little further off than its factor $0.667$ alone predicts", None,  # 0.0031 against 0.0015
          lambda: bool(1.7 < abs(run_wb().w[-1] - wb_best()[0]) / (abs(1 - 0.1 * eig()[1]) ** 20 * 5) < 2.3)),
    Claim("04", "in the last steps $b$, still far off, pulls on it", None,  # steps 12, 14, ... 20
          lambda: [k + 1 for k, r in enumerate(w_ratios()) if r > 1] == [12, 14, 16, 18, 20]),
    Claim("04", "from step 12 on it grows again at every other step", "12",
          lambda: 1 + min(k for k, r in enumerate(w_ratios()) if r > 1)),
    Claim("04", "from step 12 on it grows again at every other step", None,
          lambda: [k + 1 for k, r in enumerate(w_ratios()) if r > 1] == [12, 14, 16, 18, 20]),
    Claim("04", "after 20 steps $w$ is $0.0031$ off", "0.0031", lambda: abs(run_wb().w[-1] - wb_best()[0])),
    Claim("04", "twice the $5 \\times 0.667^{20} \\approx 0.0015$", "0.667", lambda: abs(1 - 0.1 * 2 * mean_x2())),
    Claim("04", "twice the $5 \\times 0.667^{20} \\approx 0.0015$", "0.0015",
          lambda: abs(-10 - wb_best()[0]) * abs(1 - 0.1 * 2 * mean_x2()) ** 20),
    Claim("04", "twice the $5 \\times 0.667^{20} \\approx 0.0015$", None,
          lambda: round(abs(run_wb().w[-1] - wb_best()[0]) / (abs(-10 - wb_best()[0])
                                                              * abs(1 - 0.1 * 2 * mean_x2()) ** 20)) == 2),
    Claim("04", "= 2 \\times (-0.05) \\times \\delta", "-0.05", lambda: float(data().X.mean())),
    # the leak, measured on the required path and worked out in the optional section
    Claim("04", "shows $-83.35$ with $b = 0$ and $-81.35$ with $b = -20$", "-83.35", lambda: slope_w_at(-10.0, 0.0)),
    Claim("04", "shows $-83.35$ with $b = 0$ and $-81.35$ with $b = -20$", "-81.35", lambda: slope_w_at(-10.0, -20.0)),
    Claim("04", "($-40.03$ with $w = -5$, $-39.53$ with $w = -10$)", "-40.03", lambda: slope_b_at(-5.0, -20.0)),
    Claim("04", "($-40.03$ with $w = -5$, $-39.53$ with $w = -10$)", "-39.53", lambda: slope_b_at(-10.0, -20.0)),
    Claim("04", "five units of error in $w$ change $b$'s slope by only $0.5$ out of $40$", "0.5",
          lambda: slope_b_at(-10.0, -20.0) - slope_b_at(-5.0, -20.0)),
    Claim("04", "five units of error in $w$ change $b$'s slope by only $0.5$ out of $40$", "40",
          lambda: -slope_b_at(-5.0, -20.0), "about"),
    Claim("04", "change $w$'s slope by only 2 out of 83", "2", lambda: slope_w_at(-10.0, -20.0) - slope_w_at(-10.0, 0.0)),
    Claim("04", "change $w$'s slope by only 2 out of 83", "83", lambda: -slope_w_at(-10.0, 0.0), "about"),
    Claim("04", "= 2 \\times (-0.05) \\times \\delta = -0.1\\,\\delta$. The inputs", "-0.1", lambda: 2 * float(data().X.mean())),
    Claim("04", "for $\\delta = -20$ that is $+2$, the change measured above", "+2",
          lambda: 2 * float(data().X.mean()) * -20.0),
    Claim("04", "for $\\delta = -20$ that is $+2$, the change measured above", None,
          lambda: abs(slope_w_at(-10.0, -20.0) - slope_w_at(-10.0, 0.0) - 2 * float(data().X.mean()) * -20.0) < 1e-3),
    Claim("04", "With $\\operatorname{mean}(x) = -0.05$ the push", "-0.05", lambda: float(data().X.mean())),
    Claim("04", "(at every one of the first 32 steps, in plain gradient descent)", "32", lambda: w_sign_alternations()),
    Claim("04", "here that mean is near 0 ($-0.05$), so $s^2$ is about $\\operatorname{mean}(x^2)$ itself", "-0.05",
          lambda: float(data().X.mean())),
    Claim("04", "the first line the rescaling cell printed. So $\\operatorname{mean}\\big((x/s)^2\\big)$ is about 1", None,
          lambda: abs(float(data().X.std()) ** 2 / mean_x2() - 1) < 0.02),
    Claim("04", "falls to about 2: the same as along $b$", None,
          lambda: abs(2 * float((standardised() ** 2).mean()) - 2) < 0.05),
    Claim("04", "here that changes $s$ by about half a percent", None,
          lambda: 0.004 < float(data().X.std()) / float(data().X.std(unbiased=False)) - 1 < 0.006),
    Claim("04", "$w$'s last $0.003$", "0.003", lambda: abs(run_wb().w[-1] - wb_best()[0])),
    Claim("04", "The readout's loss after 20 iterations, $0.2215$, is the loss at the final $w$ and $b$", "0.2215",
          lambda: loss_at(run_wb().w[-1], run_wb().b[-1])),
    Claim("04", "The readout's loss after 20 iterations, $0.2215$, is the loss at the final $w$ and $b$", "20",
          lambda: len(run_wb().loss)),
    Claim("04", "the table's last row shows $0.252$, the loss at the start of that step", "0.252", lambda: run_wb().loss[-1]),
    Claim("04", "closes only 2% of its remaining distance per step", "2%", lambda: 100 * 0.01 * eig()[0]),
    Claim("04", "where $w$ is within $0.25$ of its best value and $b$ still $3.4$ below its own", "0.25",
          lambda: abs(run_wb().w[7] - wb_best()[0]), "at most"),
    Claim("04", "where $w$ is within $0.25$ of its best value and $b$ still $3.4$ below its own", "3.4",
          lambda: wb_best()[1] - run_wb().b[7]),
    Claim("04", "$w$ no longer zig-zags", None,
          lambda: all(a < b for a, b in zip(run(0.01, 100, -10.0, -20.0).w, run(0.01, 100, -10.0, -20.0).w[1:]))
          and ranges.PRESETS["slow"][0]["lr"] == 0.01),
    Claim("04", "$b^* \\approx 0.015$", "0.015", lambda: wb_best()[1]),
    Claim("04", "The distance starts at about $20$", "20", lambda: abs(-20 - wb_best()[1])),
    Claim("04", "shrinks by $0.8$ per step", "0.8", lambda: 1 - 0.1 * eig()[0]),
    Claim("04", "\\ln(0.0005)", "0.0005", lambda: 0.01 / 20),
    Claim("04", "\\approx 34.1$", "34.1", lambda: math.log(0.01 / 20) / math.log(0.8)),
    Claim("04", "gives 35.", "35", lambda: helpers.steps_to_reach(run_wb(0.1, 100).b, wb_best()[1])),
    # exercise 4.2, the whole loop on new data
    Claim("04", "with $x$ from 0 to 9.9 (the next", "9.9", lambda: float(new_data()[0].max())),
    Claim("04", "$\\operatorname{mean}(x^2) = 32.8$, four times", "32.8", lambda: float((new_data()[0].double() ** 2).mean())),
    Claim("04", "four times the $8.3$ of this", "8.3", mean_x2),
    Claim("04", "four times the $8.3$ of this", None, lambda: round(float((new_data()[0].double() ** 2).mean()) / mean_x2()) == 4),
    Claim("04", "$1/\\operatorname{mean}(x^2) = 0.0305$", "0.0305", lambda: 1 / float((new_data()[0].double() ** 2).mean())),
    Claim("04", "because with $\\operatorname{mean}(x) = 4.95$ $w$ and $b$", "4.95", lambda: float(new_data()[0].mean())),
    Claim("04", "my_lr = 0.02\n", None, lambda: loop_lr_bounds()[0] <= 0.02 <= loop_lr_bounds()[1]),
    Claim("04", "and two thirds of it is a good first try", None,
          lambda: loop_lr_bounds()[0] <= 2 / 3 * helpers.critical_lr(new_data()[0], with_bias=True)
          <= loop_lr_bounds()[1]),
    # ------------------------------------------------------------ notebook 4, part 2
    Claim("04", "the steep $w$ direction (curvature $16.67$)", "16.67", lambda: 2 * mean_x2()),
    Claim("04", "caps the learning rate at about $0.12$; at", "0.12",
          lambda: helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "only by the factor $0.8$ a step", "0.8", lambda: 1 - 0.1 * eig()[0]),
    Claim("04", "the shallow $b$ direction (curvature $2$)", "2", lambda: eig()[0]),
        Claim("04", "PyTorch keeps about 7 significant digits", "7", lambda: 24 * math.log10(2)),  # float32: 24 bits of mantissa
    Claim("04", "within $0.01$ of $b^* = 0.0149$ and stays there:", "0.0149", lambda: wb_best()[1]),
    Claim("04", "rises from about $0.12$ to about $2/2 = 1$", "0.12",
          lambda: helpers.critical_lr(data().X, with_bias=True), "about"),
    Claim("04", "rises from about $0.12$ to about $2/2 = 1$", None,  # 0.987: about 1
          lambda: abs(helpers.critical_lr(standardised(), with_bias=True) - 1) < 0.02),
    Claim("04", "At $\\eta = 0.49$, just under half the cap", "0.49",
          lambda: ranges.PRESETS_WITH_BIAS["standardised"][0]["lr"]),
    Claim("04", "At $\\eta = 0.49$, just under half the cap", None,
          lambda: 0.49 < helpers.critical_lr(standardised(), with_bias=True) / 2 < 0.5),
    Claim("04", "just under half the cap, each factor per step, $1 - \\eta \\times \\text{curvature}$, is about", None,
          lambda: all(abs(1 - 0.49 * lam) < 0.05 for lam in eig(standardised()))),
    Claim("04", "3 iterations instead of 35: $b$'s distance goes from 20", "3", lambda: b_steps("standardised", 0.49)),
    Claim("04", "3 iterations instead of 35: $b$'s distance goes from 20", "35", lambda: b_steps("original", 0.1)),
    Claim("04", "a little more than the $2\\%$ of $1 - 0.49 \\times 2$", "2", lambda: 100 * (1 - 0.49 * 2)),
    Claim("04", "a little more than the $2\\%$ of", None,  # 3.2, 4.0, 4.2 % against 2 %
          lambda: all(1.5 < p / (100 * (1 - 0.49 * 2)) < 2.2 for p in b_kept_percent())),
    Claim("04", "$w$ and $b$ still pull a little on each other.", None,
          lambda: min(b_kept_percent(unbiased=False)[1:]) > 3.5),  # with s from a plain mean, w's curvature is 2.0006
    Claim("04", "its **shallow direction** mostly $b$: part 1's two bowls.", None,  # the directions, nearly the axes
          lambda: bool(0.99 < abs(steep_direction()[0]) < 1 and abs(2 * float(data().X.mean())) > 0.01)),
    # exercise 4.3's solution
    Claim("04", "the cap falls from $0.120$ to $0.030$", "0.120", lambda: helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "the cap falls from $0.120$ to $0.030$", "0.030", lambda: helpers.critical_lr(shifted()[0], with_bias=True)),
    Claim("04", "factor per step is $1 - 2 \\times 0.027 \\approx 0.95$ instead of $1 - 2 \\times 0.108 \\approx 0.78$", "0.027",
          lambda: 0.9 * helpers.critical_lr(shifted()[0], with_bias=True)),
    Claim("04", "factor per step is $1 - 2 \\times 0.027 \\approx 0.95$ instead of $1 - 2 \\times 0.108 \\approx 0.78$", "0.95",
          lambda: 1 - 2 * 0.9 * helpers.critical_lr(shifted()[0], with_bias=True)),
    Claim("04", "factor per step is $1 - 2 \\times 0.027 \\approx 0.95$ instead of $1 - 2 \\times 0.108 \\approx 0.78$", "0.108",
          lambda: 0.9 * helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "factor per step is $1 - 2 \\times 0.027 \\approx 0.95$ instead of $1 - 2 \\times 0.108 \\approx 0.78$", "0.78",
          lambda: 1 - 2 * 0.9 * helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "even on its own, $b$ would need over 130 iterations", "130",  # 20 times that factor per step, to 0.01
          lambda: math.ceil(math.log(0.01 / 20) / math.log(1 - 2 * 0.9 * helpers.critical_lr(shifted()[0], with_bias=True))),
          "at least"),
    Claim("04", "With $\\operatorname{mean}(x) = 4.95$, a wrong $b$ moves $w$'s slope a lot", "4.95",
          lambda: float(shifted()[0].mean())),
    Claim("04", "along that joint move the valley is flatter still than along $b$", None,
          lambda: bool(eig(shifted()[0])[0] < 2)),
    Claim("04", "because its bowl is flat (curvature $2$) where $w$'s is steep ($16.67$)", "16.67", lambda: eig()[1]),
    Claim("04", "because its bowl is flat (curvature $2$) where $w$'s is steep ($16.67$)", "2", lambda: eig()[0]),
    Claim("04", "For the first point, $x = -5$, the row is $[-5, 1]$", "-5", lambda: float(data().X[0, 0])),
    Claim("04", "at $w = -10$, $b = -20$ it gives $50 - 20 = 30$", "50", lambda: float(data().X[0, 0]) * -10.0),
    Claim("04", "at $w = -10$, $b = -20$ it gives $50 - 20 = 30$", "30",
          lambda: float(helpers.forward(data().X, torch.tensor(-10.0), torch.tensor(-20.0))[0, 0])),
    Claim("04", "The run kept $3.2$ to $4.2\\%$ of $b$'s distance at each step", "3.2", lambda: min(b_kept_percent())),
    Claim("04", "The run kept $3.2$ to $4.2\\%$ of $b$'s distance at each step", "4.2", lambda: max(b_kept_percent())),
    Claim("04", "not its start: from only 5 away, as $w$ started, $0.012$ of that would still leave $0.06$", "5",
          lambda: abs(-10.0 - wb_best()[0])),
    Claim("04", "not its start: from only 5 away, as $w$ started, $0.012$ of that would still leave $0.06$", "0.012",
          lambda: 0.8 ** 20),
    Claim("04", "not its start: from only 5 away, as $w$ started, $0.012$ of that would still leave $0.06$", "0.06",
          lambda: abs(helpers.train(data().X, data().Y, w0=-10.0, b0=wb_best()[1] - 5, lr=0.1, iterations=20).b[-1]
                      - wb_best()[1])),  # the run itself, from b only 5 away: 0.058
    Claim("04", "from 20 to $0.65$, $0.026$, then $0.001$", "20", lambda: b_distances_standardised()[0]),
    Claim("04", "from 20 to $0.65$, $0.026$, then $0.001$", "0.65", lambda: b_distances_standardised()[1]),
    Claim("04", "from 20 to $0.65$, $0.026$, then $0.001$", "0.026", lambda: b_distances_standardised()[2]),
    Claim("04", "from 20 to $0.65$, $0.026$, then $0.001$", "0.001", lambda: b_distances_standardised()[3]),
    Claim("04", "200 iterations let even $\\beta = 0.9$ settle (with 100, its count is `None`)", None,
          lambda: momentum_count(0.9, 200) is not None and momentum_count(0.9, 100) is None),
    Claim("04", "On the original inputs, $\\kappa = 8.3$", "8.3", lambda: eig()[1] / eig()[0]),
    Claim("04", "Here $\\kappa \\approx 16.67/2 \\approx 8.3$", "16.67", lambda: eig()[1]),
    Claim("04", "Here $\\kappa \\approx 16.67/2 \\approx 8.3$", "8.3", lambda: eig()[1] / eig()[0]),
    Claim("04", "and $(\\kappa - 1)/(\\kappa + 1)$ is the $0.786$ above", "0.786",
          lambda: (eig()[1] / eig()[0] - 1) / (eig()[1] / eig()[0] + 1)),
    Claim("04", "Call the smallest curvature $\\lambda_{\\min}$ (here $b$'s $2$) and the largest $\\lambda_{\\max}$ (here $w$'s $16.67$)",
          "2", lambda: eig()[0]),
    Claim("04", "Call the smallest curvature $\\lambda_{\\min}$ (here $b$'s $2$) and the largest $\\lambda_{\\max}$ (here $w$'s $16.67$)",
          "16.67", lambda: eig()[1]),
    Claim("04", "With part 1's numbers: $\\eta = 2/(2 + 16.67) = 0.10712$", "0.10712", lambda: 2 / (eig()[0] + eig()[1])),
    Claim("04", "With part 1's numbers: $\\eta = 2/(2 + 16.67) = 0.10712$", "16.67", lambda: eig()[1]),
    # the table of three rates: each factor, and which is furthest from 0
    Claim("04", "| $0.05$ | $0.90$ | $0.17$ | $b$'s $0.90$ |", "0.90", lambda: 1 - 0.05 * eig()[0]),
    Claim("04", "| $0.05$ | $0.90$ | $0.17$ | $b$'s $0.90$ |", "0.17", lambda: 1 - 0.05 * eig()[1]),
    Claim("04", "| $0.10712$ | $0.786$ | $-0.786$ | both, $0.786$ |", "0.10712", lambda: 2 / (eig()[0] + eig()[1])),
    Claim("04", "| $0.10712$ | $0.786$ | $-0.786$ | both, $0.786$ |", "0.786", lambda: 1 - 0.10712 * 2),
    Claim("04", "| $0.10712$ | $0.786$ | $-0.786$ | both, $0.786$ |", "-0.786", lambda: 1 - 0.10712 * 16.67),
    Claim("04", "| $0.10712$ | $0.786$ | $-0.786$ | both, $0.786$ |", None,  # the header's rounded 16.67 too
          lambda: bool(abs((1 - 0.10712 * eig()[1]) - (1 - 0.10712 * 16.67)) < 5e-4)),
    Claim("04", "| $0.115$ | $0.77$ | $-0.92$ | $w$'s $-0.92$ |", "0.77", lambda: 1 - 0.115 * eig()[0]),
    Claim("04", "| $0.115$ | $0.77$ | $-0.92$ | $w$'s $-0.92$ |", "-0.92", lambda: 1 - 0.115 * eig()[1]),
    Claim("04", "$b$'s $0.90$ |", "0.90", lambda: 1 - 0.05 * eig()[0]),
    Claim("04", "both, $0.786$ |", "0.786", lambda: 1 - 2 / (eig()[0] + eig()[1]) * eig()[0]),
    Claim("04", "$w$'s $-0.92$ |", "-0.92", lambda: 1 - 0.115 * eig()[1]),
    Claim("04", "factor along $w$, $1 - 16.67\\,\\eta$", "16.67", lambda: eig()[1]),
    Claim("04", "the middle row of the table", None,  # the balanced rate is where both sizes meet
          lambda: bool(abs(abs(1 - 2 / (eig()[0] + eig()[1]) * eig()[0]) - abs(1 - 2 / (eig()[0] + eig()[1]) * eig()[1])) < 1e-9)),
    Claim("04", "The run starts at $w_s = -10\\,s$ (about $-29$)", "-29", lambda: -10 * float(data().X.std())),
    Claim("04", "is about $1 - 0.49 \\times 2 = 0.02$: a step should leave", "0.02", lambda: 1 - 0.49 * 2),
    Claim("04", "is about $1 - 0.49 \\times 2 = 0.02$: a step should leave", None,  # "about": the true factors
          lambda: all(abs(1 - 0.49 * lam) < 0.05 for lam in eig(standardised()))),
    Claim("04", "to two decimals, part 1's $2$ and $16.67$", "16.67",
          lambda: helpers.curvatures(data().X, with_bias=True)[1]),
    # notebook 3's box "Why so high?": the factor at 0.13, its 20th power, and the loss gap's square
    Claim("03", "the factor is $1 - 2 \\times 0.13 \\times 8.335 = -1.167$", "8.335", mean_x2),
    Claim("03", "the factor is $1 - 2 \\times 0.13 \\times 8.335 = -1.167$", "-1.167", lambda: 1 - 2 * 0.13 * mean_x2()),
    Claim("03", "by $1.167$, a little more than 1", "1.167", lambda: abs(1 - 2 * 0.13 * mean_x2())),
    Claim("03", "multiply it by $1.167^{20} \\approx 22$", "22", lambda: abs(1 - 2 * 0.13 * mean_x2()) ** 20, "about"),
    Claim("03", "multiply it by $1.167^{20} \\approx 22$", None,  # what the run does, not only the formula
          lambda: 21 < abs(run(lr=0.13).w[-1] - w_best()) / abs(-10.0 - w_best()) < 23),
    Claim("03", "so it is multiplied by about $22^2$: the readout's loss is 483 times", "483",
          lambda: loss_at(run(lr=0.13).w[-1]) / run().loss[0]),
    Claim("03", "so it is multiplied by about $22^2$: the readout's loss is 483 times", None,  # the gap: about 22 squared
          lambda: abs((loss_at(run(lr=0.13).w[-1]) - loss_at(w_best())) / (run().loss[0] - loss_at(w_best()))
                      / (abs(1 - 2 * 0.13 * mean_x2()) ** 40) - 1) < 0.01),
    Claim("03", "multiply it by $1.167^{20} \\approx 22$", "1.167", lambda: abs(1 - 2 * 0.13 * mean_x2())),
    Claim("03", "so it is multiplied by about $22^2$", "22", lambda: abs(1 - 2 * 0.13 * mean_x2()) ** 20, "about"),
    Claim("04", "to two decimals, part 1's $2$ and $16.67$", None,
          lambda: bool(np.round(helpers.curvatures(data().X, with_bias=True), 2).tolist()
                       == np.round(np.diag(helpers.hessian(data().X, with_bias=True))[::-1], 2).tolist())),
    Claim("04", "(a little apart from the 1.98 and 2 along the axes, because a wrong $b$", "1.98",
          lambda: 2 * float((standardised().double() ** 2).mean())),
    Claim("04", "Its readout gives the curvatures as 1.95 and 2.03: both close to 2", "1.95", lambda: eig(standardised())[0]),
    Claim("04", "Its readout gives the curvatures as 1.95 and 2.03: both close to 2", "2.03", lambda: eig(standardised())[1]),
    Claim("04", "on the standardised inputs both are close to 2", None,
          lambda: bool(all(abs(lam - 2) < 0.05 for lam in eig(standardised())))),
    Claim("04", "The larger sets the cap: $2/2.026 = 0.987$", "2.026", lambda: eig(standardised())[1]),
    Claim("04", "The larger sets the cap: $2/2.026 = 0.987$", "0.987",
          lambda: helpers.critical_lr(standardised(), with_bias=True)),
    Claim("04", "The larger sets the cap: $2/2.026 = 0.987$", None,
          lambda: bool(abs(2 / eig(standardised())[1] - helpers.critical_lr(standardised(), with_bias=True)) < 1e-6)),
    Claim("04", "the best single learning rate, $0.107$, leaves", "0.107", lambda: best_lr(data().X)),
    Claim("04", "a factor of $0.786$, and", "0.786", lambda: (eig()[1] - eig()[0]) / eig().sum()),
    Claim("04", "$b$ needs 32 iterations instead of 35", "32", lambda: b_steps("original", best_lr(data().X))),
    Claim("04", "$b$ needs 32 iterations instead of 35", "35", lambda: b_steps("original", 0.1)),
    Claim("04", "brings $\\kappa$ down to $1.04$", "1.04", lambda: eig(standardised())[1] / eig(standardised())[0]),
    Claim("04", "and the factor to $0.018$: 2 iterations", "0.018",
          lambda: (eig(standardised())[1] - eig(standardised())[0]) / eig(standardised()).sum()),
    Claim("04", "and the factor to $0.018$: 2 iterations", "2",
          lambda: b_steps("standardised", best_lr(standardised()))),
    Claim("04", "The same numbers, up to rounding", None, lambda: momentum_by_hand_matches_optim()),
    Claim("04", "after 20 iterations instead of 35", "20", lambda: b_steps("original", 0.1, 0.5)),
    Claim("04", "after 20 iterations instead of 35", "35", lambda: b_steps("original", 0.1)),
    Claim("04", "it takes 144: the parameters", "144", lambda: b_steps("original", 0.1, 0.9)),
    Claim("04", "from $599.1$, after one epoch", "599.1", lambda: in_batches(10)[0][0]),
    Claim("04", "the batches are at $10.7$, the full", "10.7", lambda: in_batches(10)[0][1]),
    Claim("04", "the full batch at $345.1$", "345.1", lambda: in_batches(100)[0][1]),
    Claim("04", "between $0.171$ and", "0.171", lambda: min(in_batches(10)[0][2:])),
    Claim("04", "and $0.365$ instead", "0.365", lambda: max(in_batches(10)[0][2:])),
    Claim("04", "lowest possible $0.168$:", "0.168", lambda: loss_at(*wb_best())),
    Claim("04", "In these 12 epochs $b$ never stays within", None,
          lambda: helpers.steps_to_reach([b for _, b in in_batches(10)[1][1:]], wb_best()[1]) is None),
    Claim("04", "| plain gradient descent (the baseline) | $0.1$ | 35 |", "35", lambda: b_steps("original", 0.1)),
    Claim("04", "| standardised inputs | $0.49$ | 3 |", "0.49", lambda: ranges.PRESETS_WITH_BIAS["standardised"][0]["lr"]),
    Claim("04", "| standardised inputs | $0.49$ | 3 |", "3", lambda: b_steps("standardised", 0.49)),
    Claim("04", "$\\beta = 0.5$ | $0.1$ | 20 |", "20", lambda: b_steps("original", 0.1, 0.5)),
    Claim("04", "| $0.1$ | 144 |", "144", lambda: b_steps("original", 0.1, 0.9)),
    Claim("04", "| never, in 12 epochs |", None,
          lambda: helpers.steps_to_reach([b for _, b in in_batches(10)[1][1:]], wb_best()[1]) is None),
    # exercise 4.3
    Claim("04", "because $\\operatorname{mean}(x) = -0.05$ is close to 0. Suppose", "-0.05", lambda: float(data().X.mean())),
    Claim("04", "needs 564 iterations", "564", lambda: b_steps_at_90_percent(*shifted())),
    # exercise 4.4
    Claim("04", "$\\beta = 0.5$ (20 iterations)", "20", lambda: b_steps("original", 0.1, 0.5)),
    Claim("04", "$\\beta = 0.9$ (144)", "144", lambda: b_steps("original", 0.1, 0.9)),
    Claim("04", "```\n\n35, 30,", "35", lambda: b_steps("original", 0.1, 0.0)),
    Claim("04", "35, 30,", "30", lambda: b_steps("original", 0.1, 0.1)),
    Claim("04", "30, 25,", "25", lambda: b_steps("original", 0.1, 0.2)),
    Claim("04", "25, 17,", "17", lambda: b_steps("original", 0.1, 0.3)),
    Claim("04", "17, 16,", "16", lambda: b_steps("original", 0.1, 0.4)),
    Claim("04", "16, 20,", "20", lambda: b_steps("original", 0.1, 0.5)),
    Claim("04", "20, 30, 43", "30", lambda: b_steps("original", 0.1, 0.6)),
    Claim("04", "30, 43,", "43", lambda: b_steps("original", 0.1, 0.7)),
    Claim("04", "43, 69", "69", lambda: b_steps("original", 0.1, 0.8)),
    Claim("04", "69 and 144 iterations", "144", lambda: b_steps("original", 0.1, 0.9)),
    Claim("04", "$\\beta = 0.4$ is fastest", "0.4",
          lambda: min((b_steps("original", 0.1, k / 10), k / 10) for k in range(10))[1]),
    Claim("04", "Up to $\\beta = 0.3$, $b$ never passes $b^*$", None,
          lambda: all(max(b_path(k / 10)) <= wb_best()[1] + 1e-5 for k in range(4))),  # float32 rounding
    Claim("04", "from $\\beta = 0.4$ on, $b$ overshoots", None,
          lambda: all(max(b_path(k / 10)) > wb_best()[1] for k in range(4, 10))),
    Claim("04", "$\\beta = 0.34$ needs only 12", "12", lambda: b_steps("original", 0.1, 0.34)),
    Claim("04", "(Between the ten, $\\beta = 0.34$ needs only 12.)", None,
          lambda: b_steps("original", 0.1, 0.34) < min(b_steps("original", 0.1, k / 10) for k in range(10))),
    # review fixes
    Claim("04", "$20 \\times 0.8^{34} \\approx 0.0101$ is not yet", "0.0101", lambda: abs(-20 - wb_best()[1]) * 0.8 ** 34),
    Claim("04", "$20 \\times 0.8^{34} \\approx 0.0101$ is not yet", None, lambda: abs(-20 - wb_best()[1]) * 0.8 ** 34 >= 0.01),
    Claim("04", "$20 \\times 0.8^{35} \\approx 0.0081$ is", "0.0081", lambda: abs(-20 - wb_best()[1]) * 0.8 ** 35),
    Claim("04", "the cap drops to $0.02977$", "0.02977", lambda: helpers.critical_lr(new_data()[0], with_bias=True)),
    Claim("04", "enough from $0.0101$ up", "0.0101", lambda: loop_lr_bounds()[0]),
    Claim("04", "from $0.0297$ on, just under the cap", "0.0297", lambda: loop_lr_bounds()[1] + 0.0001),
    Claim("04", "from $0.0297$ on, just under the cap", None,
          lambda: loop_lr_bounds()[1] + 0.0001 < helpers.critical_lr(new_data()[0], with_bias=True)),
    Claim("04", "(2.026 is the 2.03 before rounding)", "2.026", lambda: eig(standardised())[1]),
    Claim("04", "(2.026 is the 2.03 before rounding)", "2.03", lambda: eig(standardised())[1]),
    Claim("04", "($1 + 0.5 + 0.25 + \\dots = 2$)", "0.25", lambda: 0.5 ** 2),
    Claim("04", "($1 + 0.5 + 0.25 + \\dots = 2$)", None, lambda: math.isclose(sum(0.5 ** k for k in range(60)), 2)),
    Claim("04", "inputs `X + 5`, targets `Y - 25`.", None, lambda: torch.allclose(shifted()[1], data().Y - 25, atol=1e-4)),
    Claim("04", "Then measure, at 90% of each cap, from $w = -10$, $b = -20$", None,
          lambda: b_steps_at_90_percent(*shifted()) < 2000),  # the exercise's 2000 iterations are enough
    Claim("04", "Raising $w$ while lowering $b$ turns the line about a point among the data", None,
          lambda: 0 < -flattest_move_ratio(shifted()[0]) < float(shifted()[0].max())),  # it pivots near x = 6.6
    Claim("04", "needs 564 iterations instead of 32 (each", "32", lambda: b_steps_at_90_percent(data().X, data().Y)),
    Claim("04", "(each at 90% of its cap, $0.108$ on the original", "0.108",
          lambda: 0.9 * helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "after 12 epochs the batches are far closer: $0.179$ against $2.081$", "0.179",
          lambda: in_batches(10)[0][12]),
    Claim("04", "after 12 epochs the batches are far closer: $0.179$ against $2.081$", "2.081",
          lambda: in_batches(100)[0][12]),
    Claim("04", "(the last one for 10 epochs)", "10",
          lambda: ranges.PRESETS_WITH_BIAS["mini-batch"][0]["iterations"] * ranges.PRESETS_WITH_BIAS["mini-batch"][0]["batch"] / 100),
    # summary
    Claim("04", "The curvature is about $16.7$ along $w$ and $2$ along $b$", "16.7", lambda: eig()[1]),
    Claim("04", "The curvature is about $16.7$ along $w$ and $2$ along $b$", "2", lambda: eig()[0]),
    Claim("04", "by its curvature: $0.12$ here, just under $0.03$ on exercise 4.2's data", "0.12",
          lambda: helpers.critical_lr(data().X, with_bias=True)),
    Claim("04", "by its curvature: $0.12$ here, just under $0.03$ on exercise 4.2's data", "0.03",
          lambda: helpers.critical_lr(new_data()[0], with_bias=True)),
    Claim("04", "on exercise 4.2's data, where $x$ reaches 10 (`helpers", "10", lambda: float(new_data()[0].max()) + 0.1),
    Claim("04", "just under $0.03$ on exercise 4.2's data", None,
          lambda: helpers.critical_lr(new_data()[0], with_bias=True) < 0.03),
    Claim("04", "computes the cap: $0.02977$, so $0.03$ itself diverges", "0.02977",
          lambda: helpers.critical_lr(new_data()[0], with_bias=True)),
    Claim("04", "computes the cap: $0.02977$, so $0.03$ itself diverges", None,
          lambda: helpers.train(*new_data(), w0=0.0, b0=0.0, lr=0.03, iterations=1000).diverged_at is not None
          or not math.isfinite(helpers.train(*new_data(), w0=0.0, b0=0.0, lr=0.03, iterations=1000).w[-1])
          or abs(helpers.train(*new_data(), w0=0.0, b0=0.0, lr=0.03, iterations=1000).w[-1]) > 1e3),
    Claim("04", "The first squares each $x$, then averages: $8.335$ here", "8.335", lambda: mean_x2()),
    Claim("04", "The second averages, then squares: $(-0.05)^2 = 0.0025$", "-0.05", lambda: float(data().X.mean())),
    Claim("04", "The second averages, then squares: $(-0.05)^2 = 0.0025$", "0.0025", lambda: float(data().X.mean()) ** 2),
    Claim("04", "closes only 20 % of its distance per step", "20 %", lambda: 100 * 0.1 * eig()[0]),
    Claim("04", "bring $b$ in 3 iterations instead of 35", "3", lambda: b_steps("standardised", 0.49)),
    Claim("04", "bring $b$ in 3 iterations instead of 35", "35", lambda: b_steps("original", 0.1)),
    Claim("04", "(with momentum $\\beta = 0.5$, an optional section, in 20)", "20", lambda: b_steps("original", 0.1, 0.5)),
    # the guide on notebook 4's "Going further"
    # the standardised preset against the table of "Going further"
    Claim("guide", "the explorer's readout 1.95 and 2.03", "1.95", lambda: eig(standardised())[0]),
    Claim("guide", "the explorer's readout 1.95 and 2.03", "2.03", lambda: eig(standardised())[1]),
    Claim("guide", "the rescaling section prints 1.98 and 2, along", "1.98", lambda: 2 * float((standardised() ** 2).mean())),
    Claim("guide", "lr* rises to 0.987", "0.987", lambda: helpers.critical_lr(standardised(), with_bias=True)),
    Claim("guide", "0.987 and b is within 0.01 after 3 iterations", "3", lambda: b_steps("standardised", 0.49)),
    Claim("guide", "after 3 iterations at lr 0.49", "0.49", lambda: ranges.PRESETS_WITH_BIAS["standardised"][0]["lr"]),
    Claim("guide", "slower: 144 iterations", "144", lambda: b_steps("original", 0.1, 0.9)),
    Claim("guide", "iterations against 35;", "35", lambda: b_steps("original", 0.1)),
    Claim("guide", "faster at first (10.7", "10.7", lambda: in_batches(10)[0][1]),
    Claim("guide", "against 345.1 after one epoch", "345.1", lambda: in_batches(100)[0][1]),
    Claim("guide", "β = 0.4 needs 16 iterations", "16", lambda: b_steps("original", 0.1, 0.4)),
    Claim("guide", "β = 0.9 needs 144", "144", lambda: b_steps("original", 0.1, 0.9)),
]
