"""Exercise checks of notebook 3 (training one parameter): 3.1 ``check_finite_difference``,
3.3 ``check_divergence_prediction``, 3.4 ``check_fastest_lr``. (3.2, ``check_step``, is in course/checks_step.py.)"""

import math

import numpy as np
import torch

from course.code_reading import names_used, works_without_returning
from course.feedback import OTHER_DATA, Feedback, as_number, call, choice, forgot_return, loss64, other_data
from course.nudges import finite_at_nan_h, own_step
from helpers import _numpy, critical_lr, forward, least_squares, make_data, mse, steps_to_reach, train


def _flat_slope(w0, X, Y):
    """The slope of a loss that mixes a flattened prediction with the column Y (a 100 x 100 broadcast), at w0."""
    w = torch.tensor(float(w0), dtype=torch.float64, requires_grad=True)
    ((w * X.double().view(-1) - Y.double()) ** 2).mean().backward()
    return w.grad.item()


def _value_at(my_gradient, w0, X, Y, h):
    """my_gradient's number at w0, or NaN if it gives none."""
    try:
        return float(my_gradient(w0, X.clone(), Y.clone(), h))
    except Exception:  # whatever the learner's function does there, it is no number to compare
        return math.nan


def check_finite_difference(my_gradient):
    """Check exercise 3.1: the slope dL/dw estimated without autograd, by nudging w by h.

    The check calls my_gradient with h = 0.001 at w = -10, -3 and 2 on the notebook's data and on 7 points of
    its own, and compares with autograd's gradient. A one-sided nudge, (L(w + h) - L(w)) / h, comes close
    there too, but it is not the two-sided formula the exercise asks for: it is told so, and how far off it
    is at h = 1, where the two-sided nudge is exact. So a slope that ignores its h (the same value at h = 0.5,
    a number even at h = NaN) is told apart by its code: it assigns h or nudges by a number of its own, or not.

    Args:
        my_gradient: a function (w, X, Y, h) -> an estimate of dL/dw for L(w) = mean((w*x - y)^2), w a float.

    Returns:
        Feedback.
    """
    if not callable(my_gradient):
        return Feedback("invalid", f"my_gradient should be a function, but it is {type(my_gradient).__name__}.")
    h = 1e-3
    data = make_data()
    X7, Y7 = other_data()
    datasets = (("the notebook's data", data.X, data.Y), (OTHER_DATA, X7, Y7))
    first = {}  # what my_gradient gave on the notebook's data, by w
    for where, X, Y in datasets:
        n = X.numel()
        here = {}  # what my_gradient gave on this data, by w
        for w0 in (-10.0, -3.0, 2.0):
            result, error = call(my_gradient, w0, X.clone(), Y.clone(), h, result_needed=True)
            if error and where != datasets[0][0]:
                return Feedback("wrong", f"right on the notebook's data, but on {where} {error.message}")
            if error:
                return error
            if result is None and works_without_returning(my_gradient):
                return forgot_return("my_gradient")
            value = as_number(result, "my_gradient's result",
                              how="Replace 'return None' in my_gradient: compute the loss at two values of w close "
                                  "to each other and divide the change in the loss by the change in w.")
            if isinstance(value, Feedback):
                return value
            w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
            mse(forward(X.double(), w), Y.double()).backward()
            grad = w.grad.item()
            loss = loss64(w0, X, Y)
            accepted = (grad, *_one_sided(w0, X, Y, h).values())  # one-sided: judged after the loop
            if any(math.isclose(value, e, rel_tol=2e-3, abs_tol=1e-2) for e in accepted):
                first.setdefault(w0, value)
                here[w0] = value
                continue
            seen = f"on {where}, at w = {w0:g} your estimate is {value:.5g}, but autograd's gradient is {grad:.5g}"
            ratio = value / grad
            if math.isclose(ratio, 2 * h, rel_tol=2e-2) or math.isclose(ratio, h, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is about {ratio:.2g} times as large. That is the change "
                                         "in the loss itself; a slope is that change divided by the change in w "
                                         "between the two points.")
            wide = _value_at(my_gradient, w0, X, Y, 0.5)  # the two-sided nudge is exact at any h: the same value
            if math.isclose(wide / value, 0.5 / h, rel_tol=2e-2) and not math.isclose(ratio, 1.0, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is {ratio:.2g} times as large, and grows with h (at h = 0.5 "
                                         f"it is {wide / value:.0f} times what it is at h = {h:g}). It divides the "
                                         f"change in the loss by a fixed number, {2 * h / ratio:.3g} it seems, not by "
                                         "the change in w: 2 * h, with the h it is given.")
            if math.isclose(ratio, h * h, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is about {ratio:.2g} times as large, h² times (h = {h:g}): "
                                         "the change in the loss was divided by 2 and then multiplied by h. Python "
                                         "reads a / 2*h from left to right, as (a / 2) * h: to divide by 2h, the "
                                         "whole of 2h needs brackets.")
            if all(math.isclose(v, _flat_slope(at, X, Y), rel_tol=2e-2)  # at w = -10 also twice the slope
                   for at, v in ((w0, value), (2.0, _value_at(my_gradient, 2.0, X, Y, h)))):
                return Feedback("wrong", f"{seen}: yours is the slope of a loss that mixes shapes (100,) and (100, 1) "
                                         "(X.view(-1) or Y.view(-1)): PyTorch subtracts every target from every "
                                         "prediction, a 100 x 100 table. Keep X and Y as they come, both (100, 1).")
            if math.isclose(value * grad, 1.0, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is 1 over it, the formula upside down. A slope is the "
                                         "change in the loss divided by the change in w, not the other way round.")
            if math.isclose(ratio, 2.0, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is twice as large. If you compare the loss at w - h and "
                                         "at w + h, those two points are 2h apart, not h.")
            if math.isclose(ratio, 0.5, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is half as large. If you compare the loss at w and at "
                                         "a point h away, those two points are h apart, not 2h.")
            for many, what in ((1 / h, "1/h"), (1 / (2 * h), "1/(2h)"), (2 / h, "2/h")):  # h twice: 2*h**2, ...
                if math.isclose(ratio, many, rel_tol=2e-2):
                    return Feedback("wrong", f"{seen}: yours is {what} = {many:g} times as large, as if you divided "
                                             "by h once too often (2*h**2 or 2*h*h underneath, say). Divide the "
                                             "change in the loss by 2h, once.")
            unbracketed = 2 * float((X.double() * (w0 - Y.double())).mean())  # mse(w + h * X, Y) and w - h * X
            if math.isclose(value, unbracketed, rel_tol=1e-3, abs_tol=1e-6):
                return Feedback("wrong", f"{seen}: yours is the slope for the prediction w + h * X, not (w + h) * X. "
                                         "Python multiplies before it adds, so w + h * X adds w to h times X. Put "
                                         "brackets round w + h, (w + h) * X, and round w - h.")
            if math.isclose(ratio, -1.0, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: the sign is flipped. The slope is the loss at the larger w "
                                         "minus the loss at the smaller w, divided by the distance between them.")
            if math.isclose(ratio, n, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is {n} times as large, and {n} is the number of points "
                                         "there: that is the slope of the sum of the squares. The loss L is their "
                                         "mean.")
            if math.isclose(ratio, 1 / n, rel_tol=2e-2):
                return Feedback("wrong", f"{seen}: yours is 1/{n} of it, and {n} is the number of points there. "
                                         "The loss is already a mean: divide the change in the loss by 2h only, "
                                         "not by the number of points as well.")
            up, down = loss64(w0 + h, X, Y), loss64(w0 - h, X, Y)
            for unbracketed, how in ((up - down / (2 * h), "a - b / (2*h) divides only b, the second loss, by 2h"),
                                     (up - down / 2 * h, "a - b / 2*h divides only b by 2 and multiplies it by h")):
                if math.isclose(value, unbracketed, rel_tol=1e-6, abs_tol=1e-9):
                    return Feedback("wrong", f"{seen}: Python divides before it subtracts, so {how}. Put the "
                                             "difference of the two losses in brackets, then divide all of it by "
                                             "(2 * h), in brackets too.")
            if math.isclose(value, loss, rel_tol=1e-3):
                return Feedback("wrong", f"{seen}: your result is the loss at w = {w0:g} itself, not how fast it "
                                         "changes with w.")
            x, y = X.detach().double(), Y.detach().double()
            of_mean = 2 * float(x.mean()) * float((w0 * x - y).mean())  # the slope of mean(w*x - y)², exactly
            if math.isclose(value, of_mean, rel_tol=2e-2, abs_tol=2e-3):
                return Feedback("wrong", f"{seen}: yours is the slope of the square of the mean, mean(w*x - y)², "
                                         "not of the mean of the squares: the mean was taken before the squaring, "
                                         "so misses above and below the line cancelled out. Square each "
                                         "difference first, then take the mean, at both w + h and w - h.")
            of_abs = float((x * torch.sign(w0 * x - y)).mean())  # the slope of mean(|w*x - y|)
            if math.isclose(value, of_abs, rel_tol=1e-3, abs_tol=1e-6) and not math.isclose(of_abs, grad, rel_tol=0.1):
                return Feedback("wrong", f"{seen}: yours is the slope of mean(|w*x - y|), the mean of the absolute "
                                         "differences. The loss squares each difference, ** 2, instead of taking its "
                                         "absolute value.")
            if math.isclose(value, float(x.mean()), rel_tol=1e-3, abs_tol=1e-6):  # mean(w*x - y): slope mean(x)
                return Feedback("wrong", f"{seen}: yours is mean(x) = {float(x.mean()):.4g}, the slope of "
                                         "mean(w*x - y), a loss without its square (the same at every w, since that "
                                         "loss is a straight line in w). Square each difference, ** 2, before "
                                         "taking the mean, at both w + h and w - h.")
            same_w = [f"{v:g}" for v, earlier in here.items() if math.isclose(value, earlier, rel_tol=1e-6)]
            if same_w:
                return Feedback("wrong", f"{seen}, the same value it gave at w = {same_w[0]}: does it use its "
                                         "argument w?")
            if where != datasets[0][0] and math.isclose(value, first.get(w0, math.nan), rel_tol=1e-6):
                return Feedback("wrong", f"{seen}. {value:.5g} is exactly what it gave at w = {w0:g} on the "
                                         "notebook's data, as if these 7 points were not there: does it use only "
                                         "its arguments X and Y?")
            own = own_step(my_gradient, data) if finite_at_nan_h(my_gradient, data) else None
            if own:
                return Feedback("wrong", f"{seen}. Your function ignores the h = {h:g} it is given: {own} Called "
                                         "with h = NaN (not a number) it still returns a number. Use the argument h "
                                         "for the nudge: whoever calls my_gradient chooses the step.")
            if where != datasets[0][0]:
                return Feedback("wrong", f"{seen}. It is right on the notebook's data: does it use only its "
                                         "arguments w, X, Y and h?")
            return Feedback("wrong", f"{seen}. Compute the loss mean((w*x - y)^2) at two values of w close to each "
                                     "other, and divide the change in the loss by the change in w.")
    # Right numbers. Were they found by nudging w, as the exercise asks, rather than by autograd or the formula?
    with torch.no_grad():  # backward() cannot work here, a finite difference does not need it
        _, error = call(my_gradient, -10.0, data.X.clone(), data.Y.clone(), h)
    if error:
        return Feedback("wrong", "your estimate matches autograd's, but with autograd switched off (inside "
                                 f"torch.no_grad()) it {error.message.split('. Run it')[0][len('your function '):]}: "
                                 "it needs autograd. This exercise asks you to find the slope from the loss alone, "
                                 "at w + h and w - h, without backward()"
                                 f"{' or torch.autograd.grad' if 'autograd' in names_used(my_gradient) else ''}.")
    wide, _ = call(my_gradient, -10.0, data.X.clone(), data.Y.clone(), 0.5)
    wide = as_number(wide, "")
    if not isinstance(wide, Feedback) and wide == first[-10.0] and finite_at_nan_h(my_gradient, data):
        # It does not use the h it is given. The two-sided nudge is exact for this parabola at any h, so the value
        # alone cannot tell a nudge by a step of its own from the formula: the code and the nudges it makes can.
        own = own_step(my_gradient, data)
        if own:
            return Feedback("wrong", f"your estimate matches autograd's, but your function ignores the h it is given: "
                                     f"{own} Called with h = 0.5, and even with h = NaN (not a number), it gives the "
                                     "same value as with h = 0.001. Use the argument h for the nudge: whoever calls "
                                     "my_gradient chooses the step, and the check tries several.")
        return Feedback("wrong", "your estimate matches autograd's, but it gives exactly the same value with h = 0.001 "
                                 "and with h = 0.5, and even with h = NaN (not a number): it does not use h. This "
                                 "exercise asks you to find the slope from the loss alone, at w + h and w - h with "
                                 "the h it is given, not from the formula for the gradient.")
    found = ("your estimate matches autograd's gradient at w = -10, -3 and 2, on the notebook's data and on 7 points "
             "of the check's own: nudging w and watching the loss is enough to find the gradient.")
    # At h = 0.5 a one-sided nudge is off by mean(x²)·h, about 4: far from the two-sided one, which is exact.
    sides = [] if isinstance(wide, Feedback) else [
        side for side, slope in _one_sided(-10.0, data.X, data.Y, 0.5).items()
        if math.isclose(wide, slope, rel_tol=2e-3, abs_tol=1e-2)]
    exact = float(_one_sided(-10.0, data.X, data.Y, 0.5)["right"] + _one_sided(-10.0, data.X, data.Y, 0.5)["left"]) / 2
    if not isinstance(wide, Feedback) and math.isclose(wide / exact, 0.5 / h, rel_tol=2e-2):
        return Feedback("wrong", f"with h = {h:g} your estimate matches autograd's gradient, but with h = 0.5 it is "
                                 f"{wide / exact:.0f} times as large: it divides the change in the loss by a fixed "
                                 f"number, {2 * h:g} it seems, not by 2 * h with the h it is given. Whoever calls "
                                 "my_gradient chooses the step: use its argument h.")
    if not sides and not isinstance(wide, Feedback) and not math.isclose(wide, exact, rel_tol=2e-3, abs_tol=1e-2):
        # not the two-sided nudge, which is exact at any h: a one-sided one with a step of its own (2h, say)
        step = (wide - exact) / float((data.X.double() ** 2).mean())  # one-sided by s is off by mean(x²)·s
        nudge = f"w {'+' if step > 0 else '-'} {abs(step) / 0.5:.3g}h".replace(" 1h", " h")
        return Feedback("wrong", f"with h = 0.001 your estimate is close to autograd's gradient, but with h = 0.5 "
                                 f"it gives {wide:.2f}, while the two-sided nudge gives {exact:.2f}, autograd's "
                                 "gradient exactly (the loss is a parabola in w, so the two-sided nudge is exact at "
                                 f"any h). Yours is what a nudge to one side only, from w to {nudge}, gives. Compare "
                                 "the loss at w + h and at w - h, and divide by 2h.")
    if sides:
        # A slope estimate too, but not the formula the exercise asks for: not marked correct, and told why it
        # matters (the solution's "exact for any h" holds only for the two-sided nudge).
        at_1 = _one_sided(-10.0, data.X, data.Y, 1.0)
        both = (at_1["right"] + at_1["left"]) / 2  # the two-sided nudge
        sign = "+" if sides[0] == "right" else "-"
        return Feedback("wrong", f"with h = 0.001 your estimate is close to autograd's gradient, but "
                                 f"you nudged w to one side only (w and w {sign} h), not to both sides as the "
                                 f"formula above asks. A one-sided nudge is off by about mean(x²)·h: at w = -10 "
                                 f"with h = 1 it gives {at_1[sides[0]]:.2f}, while the two-sided nudge gives "
                                 f"{both:.2f}, autograd's gradient exactly (the loss is a parabola in w). Compare "
                                 f"the loss at w + h and at w - h, and divide by 2h.")
    return Feedback("correct", found)


def _one_sided(w0, X, Y, h):
    """The one-sided slopes at ``w0``, in float64: right (L(w0 + h) - L(w0)) / h and left (L(w0) - L(w0 - h)) / h."""
    loss = loss64(w0, X, Y)
    return {"right": (loss64(w0 + h, X, Y) - loss) / h, "left": (loss - loss64(w0 - h, X, Y)) / h}


PREDICT_LR = 0.115  # exercise 3.3's: just under the critical 0.1200, where a guess "too close, it blows up" is wrong


def check_divergence_prediction(prediction):
    """Check exercise 3.3: does learning rate 0.115 (just under the critical 0.1200) converge or diverge from w = -10?

    Args:
        prediction: "converges" or "diverges".

    Returns:
        Feedback.
    """
    if isinstance(prediction, str) and prediction.strip().lower().strip("()[]{}.,;:!?'\" ").startswith("oscillat"):
        return Feedback("invalid", f"{prediction.strip()!r} says how the run moves, not where it ends: a run that "
                                   "oscillates converges if its swings shrink and diverges if they grow (notebook "
                                   "3's factor between -1 and 0, or below -1). Answer \"converges\" or "
                                   "\"diverges\".")
    answer = choice(prediction, ("converges", "diverges"), 'Set prediction = "converges" or "diverges".')
    if isinstance(answer, Feedback):
        return answer
    data = make_data()
    lr, star = PREDICT_LR, critical_lr(data.X)  # the factor: 1 - 2 lr mean(x^2), with the critical lr 1 / mean(x^2)
    factor = 1 - 2 * lr / star
    run = train(data.X, data.Y, lr=lr, iterations=200)
    settles = steps_to_reach(run.w, least_squares(data.X, data.Y))
    if answer == "converges":
        return Feedback("correct", f"{lr:g} is below the critical {star:.4f}, if only just: each step multiplies the "
                                   f"distance to the minimum by {factor:.3f}. w flips to the other side of w* every "
                                   f"step and the swings shrink slowly: after 20 steps w is at {run.w[19]:.3f}, and it "
                                   f"stays within 0.01 of w* only after {settles} iterations.")
    return Feedback("wrong", f"compare {lr:g} with the critical learning rate 1 / mean(x^2) computed above, to four "
                             f"decimals, or work out the factor 1 - 2 * {lr:g} * mean(x^2) by which each step "
                             "multiplies the distance to the minimum: is its size above 1, or below? Then try "
                             f"{lr:g} in the explorer's exact value box with 100 iterations.")


def check_fastest_lr(lr):
    """Check exercise 3.4: the learning rate that gets w from -10 to within 0.01 of w*, and keeps it there, fastest.

    Counts N(lr), the iterations after which w stays within 0.01 of w* (helpers.steps_to_reach over 200
    iterations of helpers.train), and accepts any lr whose N is at most one more than the best possible,
    reached at lr = 1 / (2 mean(x^2)).

    Args:
        lr: a positive number.

    Returns:
        Feedback.
    """
    value = as_number(lr, "fastest_lr",
                      how="Try learning rates in the explorer (type them into the exact value box), watch how many "
                          "iterations w needs to stay within 0.01 of w*, and set fastest_lr to the fastest.")
    if isinstance(value, Feedback):
        return value
    if value <= 0:
        return Feedback("invalid", f"fastest_lr = {value:g}; a learning rate must be positive.")
    data = make_data()
    w_best = least_squares(data.X, data.Y)
    mean_x2 = float(np.mean(_numpy(data.X).astype(float) ** 2))
    one_step_lr = 1 / (2 * mean_x2)  # where the factor 1 - 2 lr mean(x^2) is 0
    star = critical_lr(data.X)

    def steps(rate):
        run = train(data.X, data.Y, w0=-10.0, lr=rate, iterations=200)
        return run, steps_to_reach(run.w, w_best, 0.01)

    _, fewest = steps(one_step_lr)
    run, n = steps(value)
    factor = 1 - 2 * value * mean_x2
    digits = 3 if abs(abs(factor) - 1) >= 0.0005 else 4  # near -1, enough digits to tell it from -1 (-1.0004)
    if 0 < abs(factor) < 0.0005:  # near 0, its first digit: 0.06 gives -0.0002 (a hair past w*), not "0"
        factor = float(f"{factor:.1g}")
    else:
        factor = round(factor, digits) + 0.0 if abs(factor) < 1000 else float(f"{factor:.3g}")  # no "-0.000"
    if n is not None and n <= fewest + 1:
        return Feedback("correct", f"with lr = {value:g}, w is within 0.01 of w* = {w_best:.4f} after {n} "
                                   f"iteration{'s' if n != 1 else ''} and stays there. The fewest possible is "
                                   f"{fewest}, at lr = 1 / (2 mean(x^2)) = {one_step_lr:.4f}: there the factor "
                                   "1 - 2 lr mean(x^2), by which each step multiplies the distance to w*, is 0, "
                                   f"so one step lands on w*. At your learning rate the factor is {factor:g}.")
    if n is None and value >= star:
        where = (f"the loss overflowed at iteration {run.diverged_at}" if run.diverged_at is not None
                 else f"after 200 iterations w is at {run.w[-1]:.4g}")
        grows = ("never shrinks" if factor >= -1 else
                 f"grows {-factor:g} times wider every step")
        # near lr*, enough digits to show the value is at or above it (the explorer rounds lr* to 0.11998)
        cap = f"{star:.6f} (your {value:g} is just above it)" if value - star < 5e-4 else f"{star:.4f}"
        return Feedback("wrong", f"with lr = {value:g}, w never settles: each step multiplies its distance to w* "
                                 f"by {factor:g}, which is -1 or beyond, so the zig-zag {grows} "
                                 f"({where}). From the critical learning rate {cap} up, w never settles: "
                                 "try a smaller step.")
    if abs(factor + 1) < 1e-3:
        return Feedback("wrong", f"lr = {value:g} is the critical learning rate 1 / mean(x^2) itself: there each "
                                 "step multiplies w's distance to w* by -1, so w swings between two values for ever instead of settling. The fastest "
                                 "learning rate lies well below it.")
    taking = (f"it takes {n} iterations to get within 0.01 and stay there" if n is not None
              else f"after 200 iterations it is still {abs(run.w[-1] - w_best):.3g} away")
    if factor > 0:
        return Feedback("wrong", f"with lr = {value:g}, w approaches w* from one side, never overshooting: each "
                                 f"step multiplies its distance to w* by {factor:g}, so {taking}. A larger step "
                                 "would close more of the distance each time.")
    if factor < 0:
        return Feedback("wrong", f"with lr = {value:g}, w overshoots w* and zig-zags around it: each step "
                                 f"multiplies its distance to w* by {factor:g}, so {taking}. A smaller step "
                                 "would overshoot less.")
    return Feedback("wrong", f"with lr = {value:g}, {taking}.")
