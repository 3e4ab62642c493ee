"""Exercise check of notebook 2's optional exercise 2.2 (the bottom of the bowl, exactly): ``check_best_w``."""

import math

import numpy as np
import torch

from course.feedback import Feedback, as_number
from helpers import _numpy, least_squares, make_data


def check_best_w(best_w):
    """Check exercise 2.2: the exact best slope w* of the model w * x on the notebook's data, to 4 decimals.

    Args:
        best_w: a number (a float, a one-element tensor or a NumPy value).

    Returns:
        Feedback.
    """
    data = make_data()
    if isinstance(best_w, torch.Tensor) and best_w.numel() == data.X.numel() > 1 and \
            torch.allclose(best_w.double().reshape(-1), (data.Y / data.X).double().reshape(-1), rtol=1e-4):
        return Feedback("wrong", f"best_w holds {best_w.numel()} numbers, y_i / x_i for each point: X * Y / (X * X) "
                                 "divides point by point. The formula divides two sums, each added up with .sum().")
    x64, y64 = data.X.double().reshape(-1), data.Y.double().reshape(-1)
    # the top (a sum or a mean) divided by each x_i^2: the bottom never added up
    over_each = [top / (x64 * x64) for top in ((x64 * y64).sum(), (x64 * y64).mean())]
    bottom_unsummed = ("the top, the sum (or mean) of x_i y_i, divided by each x_i^2 on its own: the bottom is "
                       "missing its .sum() (or its .mean(), to match a mean on top). Add up the x_i^2 first, then "
                       "divide the top by that one number.")
    if isinstance(best_w, torch.Tensor) and best_w.numel() == data.X.numel() > 1 and any(
            torch.allclose(best_w.detach().double().reshape(-1), each, rtol=1e-4) for each in over_each):
        return Feedback("wrong", f"best_w holds {best_w.numel()} numbers, {bottom_unsummed}")
    if isinstance(best_w, torch.Tensor) and best_w.numel() == data.X.numel() > 1 and \
            math.isclose(float(best_w.double().sum()), least_squares(data.X, data.Y), rel_tol=1e-4):
        return Feedback("wrong", f"best_w holds {best_w.numel()} numbers, x_i y_i over the sum of x squared for each "
                                 "point: the top is missing its .sum(). Add up x_i y_i first, then divide that one "
                                 "number by the sum of x_i^2.")
    value = as_number(best_w, "best_w", how="Set best_w with the formula above, using sums over X and Y.")
    if isinstance(value, Feedback):
        return value
    right = least_squares(data.X, data.Y)  # unrounded: -5.000197 on the notebook's data
    x, y = _numpy(data.X).astype(float), _numpy(data.Y).astype(float)
    if abs(value - right) < 5e-5:  # anything that rounds to w* at 4 decimals
        return Feedback("correct", f"best_w = {value:.4f}: the bottom of the bowl. It is not exactly -5 "
                                   "because the noise tilts the data a little.")
    rounded_to = [k for k in range(4) if value == round(right, k)]
    if rounded_to:
        looks = (f"best_w = {value:g} is what w* looks like rounded to {max(rounded_to)} decimals or fewer (as the "
                 "loss curve's grid printed it, -5.00), and it is also the slope of the true line the data were made "
                 "from." if value == -5.0 else
                 f"best_w = {value:g} looks like w* rounded to {max(rounded_to)} decimals or fewer.")
        return Feedback("wrong", f"{looks} But w* is not exactly {value:g}: it differs from it at decimal place "
                                 f"{max(rounded_to) + 1}, which is the point of this exercise. Compute the formula "
                                 "above with this notebook's X and Y, and store the result without rounding it.")
    if math.isclose(value, least_squares(data.X, data.Y, with_bias=True)[0], rel_tol=1e-6):
        return Feedback("wrong", "that is the slope of the model with a bias, w*x + b; this exercise's model "
                                 "is w*x alone, whose best w is a little different.")
    broadcast = float((x.reshape(-1, 1) * y.reshape(1, -1)).sum() / np.sum(x * x))  # = sum(x) * sum(y) on top
    if math.isclose(value, broadcast, rel_tol=1e-3):
        return Feedback("wrong", f"best_w = {value:.4f}: its top is the sum of x times the sum of y, every x times "
                                 "every y (what X.sum() * Y.sum() gives, or x times y with shapes (100,) and "
                                 "(100, 1), a 100 x 100 table). The formula adds x_i times y_i, point by point.")
    # y squared underneath is within 0.1% of the formula upside down here (y is about -5x): told apart at 2e-5
    if math.isclose(value, float(np.sum(x * y) / np.sum(y * y)), rel_tol=2e-5):
        return Feedback("wrong", f"best_w = {value:.4f} divides by the sum of y squared; underneath goes the sum of "
                                 "x squared (x_i times x_i, added up), with x times y on top.")
    if math.isclose(value, 1 / right, rel_tol=1e-3):
        return Feedback("wrong", f"best_w = {value:.4f} is the formula upside down: the sum of x times y goes on "
                                 "top, the sum of x squared underneath.")
    if math.isclose(value, least_squares(data.X, data.line), abs_tol=5e-5):
        return Feedback("wrong", f"best_w = {value:.4f} is the slope that fits the true line f, -5, the line the "
                                 "data were made from; w* fits the noisy targets Y: use Y in the formula.")
    if math.isclose(value, -right, rel_tol=1e-3):
        return Feedback("wrong", "right size, wrong sign: the data fall to the right, so the slope is negative.")
    if math.isclose(value, float(np.mean(y) / np.mean(x)), rel_tol=1e-3):
        return Feedback("wrong", f"best_w = {value:.4g} is the sum of y divided by the sum of x (the same as "
                                 "mean(y) / mean(x)). The formula pairs each x_i with its own y_i: on top, x_i times "
                                 "y_i added up; underneath, x_i squared added up. Sums taken apart lose those pairs, "
                                 "and the sum of x is almost 0 here, which is why this value is so far off. (Two "
                                 "100 x 100 tables, every x times every y over every x times every x, such as "
                                 "X @ Y.T over X @ X.T added up, give this same value.)")
    nearest_zero = int(np.argmin(np.abs(x)))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = y / x
    if np.all(np.isfinite(ratios)) and math.isclose(value, float(np.mean(ratios)), rel_tol=1e-3):
        return Feedback("wrong", f"best_w = {value:.4g} looks like the mean of y / x. One input is almost 0 "
                                 f"(X[{nearest_zero}] is {x[nearest_zero]:.2g}, where arange's steps of 0.1 were "
                                 "meant to land on 0), so its y / x is huge and swamps the mean. The least-squares "
                                 "slope divides two sums instead: use the formula above.")
    if np.all(np.isfinite(ratios)) and math.isclose(value, float(np.sum(ratios)), rel_tol=1e-3):
        return Feedback("wrong", f"best_w = {value:.4g} divides point by point, x_i y_i / x_i^2 for each point, "
                                 f"then adds those up (the same as adding up y_i / x_i; with X[{nearest_zero}] almost "
                                 f"0, one of them is huge). The formula adds first and divides once: the sum of x_i y_i "
                                 "on top, the sum of x_i^2 underneath.")
    sxy, sx = float(np.sum(x * y)), float(np.sum(x))
    if any(math.isclose(value, float(f(each)), rel_tol=1e-3) for each in over_each for f in (torch.mean, torch.sum)):
        return Feedback("wrong", f"best_w = {value:.4g} adds up (or averages) {bottom_unsummed}")
    if math.isclose(value, sxy, rel_tol=1e-3) or math.isclose(value, float(np.mean(x * y)), rel_tol=1e-3):
        top = "sum" if math.isclose(value, sxy, rel_tol=1e-3) else "mean"  # no bottom, or one divided and put back
        return Feedback("wrong", f"best_w = {value:.4g} is the top of the formula alone, the {top} of x_i y_i: "
                                 f"nothing divides it. Divide it by the bottom, the {top} of x_i^2 (square each x, "
                                 f"then {'add them up' if top == 'sum' else 'average them'}). If you did divide, "
                                 "look at the brackets: Python reads a / b * c as (a / b) * c, so "
                                 "a / b * b gives back a. The whole bottom goes in brackets: a / (...).")
    for wrong, told in ((sxy / float(np.sum(x * x)) ** 2, "it divides by the sum of x squared, squared again: (sum "
                         "of x_i^2)^2. Square each x once, add them up, and divide by that sum as it is."),
                        (float(np.mean(x * y) / np.mean(x) ** 2), "it divides by the square of the mean of x, "
                         "mean(x)^2; the formula divides by the mean (or the sum) of the squares: square each x "
                         "first, then average."),
                        (sxy / sx, "divide by the sum of x squared, not the sum of x."),
                        (float(np.sum(y) / np.sum(x * x)), "its top is the sum of y alone; each y_i goes in times its "
                         "own x_i: the sum of x_i y_i on top, the sum of x_i^2 underneath."),
                        (sxy / sx ** 2, "it divides by the square of the sum of x, (sum of x)^2; the formula divides "
                         "by the sum of the squares, x_i^2 for each point added up. Square each x first, then add.")):
        if math.isclose(value, wrong, rel_tol=1e-3):
            return Feedback("wrong", f"best_w = {value:.4g}: {told}")
    for ratio in (2, 0.5):
        if math.isclose(value, ratio * right, rel_tol=1e-3):
            return Feedback("wrong", f"best_w = {value:.4g} is {ratio:g} times the least-squares slope. A factor 2 "
                                     "from the derivative, 2 mean(x(wx - y)), drops out when you set it to 0 and "
                                     "solve for w: the formula above has no 2 in it.")
    for ratio in (len(x), 1 / len(x)):
        if math.isclose(value, ratio * right, rel_tol=1e-3):
            return Feedback("wrong", f"best_w = {value:.4g} is {ratio:g} times the least-squares slope, and "
                                     f"{len(x)} is the number of points: are the top and the bottom of the formula "
                                     "both sums?")
    side = "left (smaller w)" if value > right else "right (larger w)"
    return Feedback("wrong", f"best_w = {value:.4f}, but that is not the bottom of the bowl: on the notebook's "
                             f"X and Y the loss still goes down towards the {side}, so the bottom lies there. "
                             "Compute the formula above with this notebook's X and Y.")
