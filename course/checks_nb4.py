"""Exercise checks of notebook 4 (training two parameters): 4.1 ``check_iterations_for_b``,
4.3 ``check_shifted_inputs``, 4.4 ``check_momentum_beta``. (4.2, ``check_training_loop``, is in course/checks_loop.py.)
"""

import math

import numpy as np

from course.feedback import Feedback, as_number, choice
from helpers import critical_lr, hessian, least_squares, make_data, steps_to_reach, train


def check_shifted_inputs(answer):
    """Check exercise 4.3: what happens to the training of b when the inputs run from 0 to 10 instead of -5 to 5?

    The check measures it: the same line y = -5x and the same noise at X + 5, the curvatures of the steep and the
    shallow direction (the Hessian's eigenvalues, named only as curvatures: the Hessian is optional in the
    notebook), the critical learning rate, and the iterations b needs (helpers.steps_to_reach, 2000 iterations of
    helpers.train from w = -10, b = -20 at 90% of each critical learning rate).

    Args:
        answer: "a", "b" or "c".

    Returns:
        Feedback.
    """
    answer = choice(answer, ("a", "b", "c"), 'Set answer = "a", "b" or "c".')
    if isinstance(answer, Feedback):
        return answer
    data = make_data()
    noise = data.Y - data.line
    found = []
    for X in (data.X, data.X + 5.0):
        Y = -5.0 * X + noise
        low, high = np.linalg.eigvalsh(hessian(X, with_bias=True))
        lr = critical_lr(X, with_bias=True)
        _, b_best = least_squares(X, Y, with_bias=True)
        run = train(X, Y, w0=-10.0, b0=-20.0, lr=0.9 * lr, iterations=2000)
        n = steps_to_reach(run.b, b_best, 0.01)
        found.append({"low": low, "high": high, "lr": lr, "n": "over 2000" if n is None else n,
                      "mean": float(X.mean()), "from": round(float(X.min()), 1) + 0.0,
                      "to": round(float(X.max()), 1) + 0.0})
    before, after = found
    numbers = (f"The curvatures of the shallow and the steep direction go from {before['low']:.2f} and "
               f"{before['high']:.1f} (x from "
               f"{before['from']:g} to {before['to']:g}) to {after['low']:.2f} and {after['high']:.1f} (x from "
               f"{after['from']:g} to {after['to']:g}), the critical learning rate from {before['lr']:.3f} to "
               f"{after['lr']:.3f}, and at 90% of it b needs {after['n']} iterations instead of {before['n']} to "
               "get within 0.01 of its best value and stay there.")
    if answer == "c":
        return Feedback("correct", f"b converges much more slowly. With mean(x) = {after['mean']:.2f}, far from 0, "
                                   "w and b are tangled: the valley of the loss tilts, its steep direction gets "
                                   "steeper, so the learning rate must be smaller, and its shallow direction gets "
                                   f"shallower, so b creeps. {numbers}")
    compare = (f"Compare helpers.critical_lr(X + 5, with_bias=True) with this notebook's {before['lr']:.3f}, then "
               "train both from w = -10, b = -20 at 90% of their caps for 2000 iterations and count b's iterations "
               "with helpers.steps_to_reach (b*: helpers.least_squares(X + 5, Y - 25, with_bias=True)).")
    if answer == "a":
        return Feedback("wrong", "larger inputs do make the loss steeper along its steep direction, and that "
                                 f"forces a smaller learning rate. But what happens along the shallow direction? "
                                 f"{compare}")
    return Feedback("wrong", f"shifting x does touch b: b's error leaks into w's slope with the weight 2 mean(x), "
                             f"which goes from {2 * before['mean']:.2f} to {2 * after['mean']:.2f}, and that tangles "
                             f"w and b. {compare}")


# Counts that notebook 4 shows elsewhere, which a learner may bring to the question "how many iterations at lr 0.1?"
TABLE_ITERATIONS = 20  # the iterations of the notebook's training loop and its table
SHOWN_BETAS = (0.5, 0.9)  # the momentum runs of "Going further", before the exercise on the best momentum


def _counts_elsewhere(data, b_best):
    """The counts of b's iterations the notebook shows for other settings: a list of (count, what it is the count
    of, why the count at lr 0.1 differs), all measured here as the notebook measures them."""
    from course.ranges import PRESETS_WITH_BIAS

    X, Y = data.X, data.Y

    def count(X_, Y_, lr, w0=-10.0, b_target=b_best, momentum=0.0, iterations=200):
        run = train(X_, Y_, w0=w0, b0=-20.0, lr=lr, iterations=iterations, momentum=momentum)
        return steps_to_reach(run.b, b_target, 0.01)

    closes = f"{0.1 * 2:.0%}"  # what each step at lr 0.1 closes of b's distance: b's curvature is 2
    found = [(TABLE_ITERATIONS, f"the number of iterations the notebook's training loop ran (its table has "
                                f"{TABLE_ITERATIONS} rows)", "")]
    w_best = least_squares(X, Y, with_bias=True)[0]
    found.append((steps_to_reach(train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200).w, w_best, 0.01),
                  "when w, not b, gets within 0.01 of its best value and stays there",
                  f"b, with its curvature of 2 against w's {float(hessian(X, with_bias=True)[0, 0]):.2f}, closes "
                  "less of its distance each step."))
    n3 = steps_to_reach(train(X, Y, w0=-10.0, lr=0.1, iterations=200).w, least_squares(X, Y), 0.01)  # notebook 3
    found.append((n3, f"the count of notebook 3, for w alone at lr 0.1 (its readout's 'w gets within 0.01 ... after {n3}')",
                  "This exercise counts for b, which closes less of its distance each step than w did there."))
    low, high = np.linalg.eigvalsh(hessian(X, with_bias=True))
    for lr, what in ((2 / (low + high), "the balanced learning rate"),):
        less = "a little less" if lr > 0.1 else "more"
        more = "a few more" if lr > 0.1 else "fewer"
        found.append((count(X, Y, lr), f"the count of plain gradient descent at {what} {lr:.3g} (an optional "
                                       "section of part 2), not at 0.1",
                      f"At 0.1 each step closes {closes} of b's distance to b*, {less} than the {lr * 2:.1%} at "
                      f"{lr:.3g}, so b needs {more} steps."))
    s = float(X.std())
    low, high = np.linalg.eigvalsh(hessian(X / s, with_bias=True))
    for lr in (2 / (low + high), PRESETS_WITH_BIAS["standardised"][0]["lr"]):
        found.append((count(X / s, Y, lr, w0=-10.0 * s), f"the count on the standardised inputs x / s of part 2, "
                      f"at learning rate {lr:.3g}",
                      "There both curvatures are about 2; this exercise trains on the original inputs, where the "
                      f"steep w direction keeps the learning rate small and each step at 0.1 closes only {closes} of "
                      "b's distance to b*."))
    for beta in SHOWN_BETAS:
        found.append((count(X, Y, 0.1, momentum=beta), f"the count with momentum {beta:g} at lr 0.1 (part 2)",
                      "This exercise asks about plain gradient descent, without momentum."))
    noise = Y - data.line
    X5 = X + 5.0
    Y5 = -5.0 * X5 + noise
    _, b5 = least_squares(X5, Y5, with_bias=True)
    lr5 = 0.9 * critical_lr(X5, with_bias=True)
    found.append((count(X5, Y5, lr5, b_target=b5, iterations=2000),
                  f"the count for inputs from 0 to 10 (X + 5, exercise 4.3) at 90% of their critical learning "
                  f"rate, {lr5:.3f}",
                  "Here the inputs run from -5 to 5, and the learning rate is 0.1."))
    return [(n, what, why) for n, what, why in found if n is not None]


def check_iterations_for_b(n):
    """Check exercise 4.1: how many iterations at learning rate 0.1 until b is within 0.01 of its best value?

    A count the notebook shows for other settings (the balanced learning rate, standardised inputs, momentum,
    inputs from 0 to 10, the table's 20 iterations) is told what it is the count of; the estimate from the factor
    0.8, with its decimals or without, is told that it is an estimate.

    Args:
        n: a whole number of iterations.

    Returns:
        Feedback.
    """
    data = make_data()
    _, b_best = least_squares(data.X, data.Y, with_bias=True)
    value = as_number(n, "n", how="Set n to a whole number: estimate it from the factor by which b's distance "
                                  "to b* shrinks each step, then count it with helpers.train. If n came from "
                                  "helpers.steps_to_reach, None means b did not get within 0.01 and stay there "
                                  "within the run you counted: give that run more iterations, and measure the "
                                  f"distance to b* = b_exact = {b_best:.4f}, where gradient descent heads. The true "
                                  f"line's b = 0 is {abs(b_best):.4f} from it, so b never stays within 0.01 of 0.")
    if isinstance(value, Feedback):
        return value
    factor = 1 - 0.1 * float(hessian(data.X, with_bias=True)[1, 1])  # the curvature along b alone is 2
    gap = abs(-20.0 - b_best)
    estimate = math.log(0.01 / gap) / math.log(factor)
    how = (f"Estimate how many steps the factor {factor:.1f} per step needs to shrink a distance of {gap:.2f} below "
           "0.01, then count them with helpers.train at lr 0.1.")
    if value != int(value) and abs(value - estimate) < 0.05:
        rounded = math.log(0.01 / 20) / math.log(factor)  # the same estimate with the distance rounded to 20
        return Feedback("wrong", f"n = {value:g} is an estimate: ln(0.01 / {gap:.2f}) / ln({factor:.1f}) = "
                                 f"{estimate:.2f}, or {rounded:.2f} with the distance rounded to 20. It comes from "
                                 f"the starting distance {gap:.2f}, shrunk by the factor "
                                 f"{factor:.1f} per step. A count of iterations is a whole number: run helpers.train "
                                 "at lr 0.1 and count after how many iterations b is within 0.01 of b* and stays "
                                 "there.")
    if value != int(value) or value < 1:
        return Feedback("invalid", f"n = {value:g}; a number of iterations is a whole number, 1 or more.")
    value = int(value)
    run = train(data.X, data.Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200)
    actual = steps_to_reach(run.b, b_best)
    if value == actual:
        return Feedback("correct", f"b gets within 0.01 of b* = {b_best:.4f}, and stays there, after {actual} "
                                   f"iterations, as the factor {factor:.1f} per step predicts: "
                                   f"{factor:.1f}^n * {gap:.2f} < 0.01 for n > {estimate:.1f}.")
    if value == math.floor(estimate) == actual - 1 and not any(c == value for c, _, _ in _counts_elsewhere(data,
                                                                                                             b_best)):
        b = run.b[value - 1]  # one short, by either of two routes: the fact first, then each route with its fix
        return Feedback("wrong", f"after {value} iterations at lr 0.1, b is at {b:.4f}, still {abs(b - b_best):.4f} "
                                 f"from b* = {b_best:.4f}: more than 0.01, so {value} iterations are not enough. If "
                                 f"your {value} is the estimate {estimate:.1f} without its decimals: an estimate rounded "
                                 "down can fall short. If you read it off as a position in the list of b values a run "
                                 "returns: that list counts from 0, so its position i holds b after i + 1 "
                                 "iterations. Count it with helpers.train at lr 0.1 to be sure.")
    origins = [(what, why) for count, what, why in _counts_elsewhere(data, b_best) if count == value]
    if any("part 2" not in what for what, _ in origins):  # a count met before the exercise is where it came from:
        origins = [(what, why) for what, why in origins if "part 2" not in what]  # part 2's are not named then
    if value in (math.floor(estimate), round(estimate)):
        made_whole = "without its decimals" if value == math.floor(estimate) else "rounded to a whole number"
        origins.append((f"the estimate ln(0.01 / {gap:.2f}) / ln({factor:.1f}) = {estimate:.2f} {made_whole}", ""))
    from_one = math.log(0.01) / math.log(factor)  # 0.8^n < 0.01, as if b started 1 away
    if value in (math.ceil(from_one), round(from_one)) and value != actual:
        origins.append((f"the estimate ln(0.01) / ln({factor:.1f}) = {from_one:.2f}, rounded up, for a distance that "
                        f"starts at 1: b's starts at {gap:.2f}, so it has further to shrink", ""))
    if value == actual + 1:  # most likely the start counted as a step: the fact first, then each route, no answer
        return Feedback("wrong", f"it takes fewer than {value} iterations: b is within 0.01 of b* = {b_best:.4f}, and "
                                 f"stays there, before that. Did you count the start? It is not an iteration: "
                                 f"iteration 1 is the first step. history.path() begins with the start, so counted "
                                 f"from 1 its place i holds b after i - 1 iterations. {how}")
    if value == actual - 1:  # an off-by-one is likely: said as a condition, since the estimate gives it too
        origins.append(("", "If you read it off as a position in the list of b values a run returns: that list "
                            "counts from 0, so its position i holds b after i + 1 iterations."))
    came = ""
    if origins:
        named = [what for what, _ in origins if what]
        came = " ".join([f"{value} is " + ", and also ".join(named) + "."] * bool(named)
                        + [why for _, why in origins if why]) + " At lr 0.1, "
    iterations = "iteration" if value == 1 else "iterations"
    if value < actual:
        b = run.b[value - 1]
        where = (f"b is at {b:.4f}, still {abs(b - b_best):.4f} from b* = {b_best:.4f}" if abs(b - b_best) >= 0.01
                 else "b is within 0.01 of b*, but it does not stay there yet")
        return Feedback("wrong", f"{came}after {value} {iterations} {where}. {how}")
    return Feedback("wrong", f"{came}it takes fewer than {value} iterations: b is within 0.01 of b* = {b_best:.4f}, "
                             f"and stays there, before that. {how}")


BETAS = [k / 10 for k in range(10)]  # the ten values exercise 4.4 offers: 0, 0.1, ..., 0.9


def _iterations_with_momentum(X, Y, best, beta, parameter="b"):
    """Iterations until b (or w) is within 0.01 of ``best`` and stays (None within 200), at lr 0.1 from (-10, -20)."""
    run = train(X, Y, w0=-10.0, b0=-20.0, lr=0.1, iterations=200, momentum=beta)
    return steps_to_reach(run.b if parameter == "b" else run.w, best, 0.01)


def check_momentum_beta(beta):
    """Check exercise 4.4: which momentum β among 0, 0.1, ..., 0.9 brings b within 0.01 of b* fastest at lr 0.1?

    The check counts it: helpers.train from w = -10, b = -20 at lr 0.1 with each β, and
    helpers.steps_to_reach on b. Any β from 0 to below 1 that needs no more iterations than the best
    of the ten is right (a β between the ten values can even beat them).

    Args:
        beta: the momentum β, a number from 0 to below 1 (the notebook's ``best_beta``: notebook 4 uses the
            name ``beta`` earlier, so an unanswered exercise would otherwise check that one).

    Returns:
        Feedback.
    """
    value = as_number(beta, "best_beta", how="Set best_beta to one of 0, 0.1, ..., 0.9: count the iterations b "
                                              "needs for a few of them with helpers.train(..., momentum=...).")
    if isinstance(value, Feedback):
        return value
    if value >= 1 and value == int(value):
        data = make_data()
        _, b_best = least_squares(data.X, data.Y, with_bias=True)
        if value in {_iterations_with_momentum(data.X, data.Y, b_best, b) for b in BETAS}:
            return Feedback("invalid", f"best_beta = {value:g} is one of the iteration counts, not a momentum: "
                                       "set best_beta to the β (one of 0, 0.1, ..., 0.9) whose count is the "
                                       "fewest.")
    if value == int(value) and 1 <= value <= 9:  # a place in the list 0, 0.1, ..., 0.9, or a β typed in tenths
        return Feedback("invalid", f"best_beta = {value:g} is not a momentum: β is at least 0 and below 1. If "
                                   f"{value:g} is a place in the list of the ten values 0, 0.1, ..., 0.9 (or β "
                                   "counted in tenths), set best_beta to the value itself, a number below 1.")
    if not 0 <= value < 1:
        return Feedback("invalid", f"best_beta = {value:g}; momentum must be at least 0 and below 1 (0 is plain "
                                   "gradient descent, and from 1 on the velocity never forgets and the run "
                                   "does not settle).")
    data = make_data()
    _, b_best = least_squares(data.X, data.Y, with_bias=True)
    counts = {b: _iterations_with_momentum(data.X, data.Y, b_best, b) for b in BETAS}
    fewest = min(n for n in counts.values() if n is not None)
    yours = _iterations_with_momentum(data.X, data.Y, b_best, value)
    plain = counts[0.0]
    if yours is None:
        return Feedback("wrong", f"with beta = {value:g}, b is still not within 0.01 of b* after 200 iterations "
                                 f"(plain gradient descent needs {plain}). Count a few other values of beta.")
    if yours <= fewest and not any(math.isclose(value, b, abs_tol=1e-6) for b in BETAS):
        return Feedback("wrong", f"beta = {value:g} is not one of the ten values the question offers (0, 0.1, ..., "
                                 f"0.9). It does well: b is within 0.01 of b* after {yours} iterations, against "
                                 f"{plain} without momentum. But the question is which of the ten is best: count "
                                 "each of them with helpers.train(..., momentum=beta) and helpers.steps_to_reach.")
    if yours <= fewest:
        best_of_ten = [b for b, n in counts.items() if n == fewest]
        named = f"{', '.join(f'{b:g}' for b in best_of_ten)}: {fewest}"
        if any(math.isclose(value, b, abs_tol=1e-6) for b in best_of_ten):
            extra = ""
        elif yours < fewest:
            extra = f" That beats the best of the ten values ({named})."
        else:
            extra = f" As few as the best of the ten values ({named})."
        return Feedback("correct", f"with beta = {value:g}, b is within 0.01 of b* after {yours} iterations, "
                                   f"against {plain} without momentum.{extra} Enough momentum to carry b along "
                                   "the shallow direction, not so much that its swings around b* die away slowly.")
    if not any(math.isclose(value, b, abs_tol=1e-6) for b in BETAS):
        return Feedback("wrong", f"beta = {value:g} is not one of the ten values the question offers (0, 0.1, ..., "
                                 f"0.9); with it b is within 0.01 of b* after {yours} iterations (plain gradient "
                                 f"descent: {plain}). Count each of the ten with helpers.train(..., momentum=beta) and "
                                 "helpers.steps_to_reach, and keep the one with the fewest.")
    w_best, _ = least_squares(data.X, data.Y, with_bias=True)
    w_counts = {b: _iterations_with_momentum(data.X, data.Y, w_best, b, "w") for b in BETAS}
    w_fewest = min(n for n in w_counts.values() if n is not None)
    if any(math.isclose(value, b, abs_tol=1e-6) for b, n in w_counts.items() if n == w_fewest):
        return Feedback("wrong", f"beta = {value:g} is the fastest of the ten for w (within 0.01 of w* after "
                                 f"{w_fewest} iterations), not for b: did you count the run's w values (run.w)? The "
                                 f"question is about b, which with beta = {value:g} needs {yours} iterations (plain "
                                 f"gradient descent: {plain}). Count the steps of the run's b values for each beta.")
    return Feedback("wrong", f"with beta = {value:g}, b is within 0.01 of b* after {yours} iterations "
                             f"(plain gradient descent: {plain}). Another of the ten values needs fewer: count "
                             "a few more with helpers.train(..., momentum=beta) and helpers.steps_to_reach.")
