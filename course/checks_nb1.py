"""Exercise checks of notebook 1 (preparing the data): 1.1 ``check_data``, 1.2 ``check_noise_answer``."""

import math

import numpy as np
import torch

from course.feedback import Feedback, choice, unanswered
from helpers import _numpy, least_squares, make_data


def check_data(X1, Y1):
    """Check exercise 1.1: 100 points on f(x) = 2x with noise of standard deviation 1, seed 3.

    Args:
        X1: the inputs, a (100, 1) tensor from -5 to 4.9.
        Y1: the noisy targets, a (100, 1) tensor.

    Returns:
        Feedback.
    """
    if X1 is None or Y1 is None:
        return unanswered("Set X1 and Y1 in the cell above: reuse the steps of this notebook with "
                          "slope 2, noise 1 and seed 3.")
    for name, t in (("X1", X1), ("Y1", Y1)):
        if not isinstance(t, torch.Tensor):
            return Feedback("invalid", f"{name} should be a torch tensor, but it is {type(t).__name__}.")
        if t.is_complex() or t.dtype == torch.bool:
            return Feedback("invalid", f"{name} holds {t.dtype} values; it should hold real numbers.")
    if X1.numel() != 100:
        return Feedback("wrong", f"X1 holds {X1.numel()} values (shape {tuple(X1.shape)}); it should hold the "
                                 "100 inputs from -5 to 4.9 in steps of 0.1.")
    if X1.shape != (100, 1):
        return Feedback("wrong", f"X1 has shape {tuple(X1.shape)}; it should be (100, 1): a column, one input "
                                 "per row.")
    x = X1.detach().cpu().double()
    y = Y1.detach().cpu().double()
    if not (torch.isfinite(x).all() and torch.isfinite(y).all()):
        return Feedback("invalid", "X1 or Y1 contains NaN or infinite values.")
    if Y1.shape == (100, 100) and torch.allclose(y - y[:, :1], (y - y[:, :1])[:1].expand(100, 100), atol=1e-4):
        # every entry is (a value per row) + (a value per column): a column and a row were broadcast together
        return Feedback("wrong", "Y1 has shape (100, 100), not (100, 1): each of its entries is one value from a "
                                 "column of 100 plus one value from a row of 100. That is broadcasting: adding a "
                                 "(100, 1) tensor such as X1 and a tensor of shape (100,) or (1, 100) pairs every "
                                 "row with every entry. Give the noise the same shape as X1, (100, 1).")
    if Y1.shape != (100, 1):
        if Y1.numel() == 100:
            return Feedback("wrong", f"Y1 has shape {tuple(Y1.shape)}, while X1 has the right shape (100, 1); "
                                     "Y1 should have that shape too: one target per row.")
        return Feedback("wrong", f"Y1 holds {Y1.numel()} values (shape {tuple(Y1.shape)}); it should hold 100, "
                                 "one target for each input, in shape (100, 1).")
    x, y = x.reshape(-1), y.reshape(-1)
    expected = make_data(slope=2.0, noise=1.0, seed=3).X.double().reshape(-1)
    off = float((x - expected).abs().max())
    if 1e-6 < off < 0.01:
        return Feedback("wrong", f"X1 is close to the 100 inputs -5, -4.9, ..., 4.9, but off by up to {off:.2g}; "
                                 f"its dtype is {X1.dtype}: make it float32 or float64.")
    if off > 1e-6:
        step = float(x[1] - x[0])
        return Feedback("wrong", f"X1 runs from {float(x[0]):.4g} to {float(x[-1]):.4g} (first step {step:.4g}); "
                                 "it should be the 100 inputs -5, -4.9, ..., 4.9: steps of 0.1, 5 itself left out.")
    noise = y - 2.0 * x
    spread = float(noise.std(unbiased=False))  # as the data explorer's readout computes it
    for name, draw in _seed_3_draws().items():
        if (noise - draw).abs().max() < 1e-5:
            return Feedback("correct", f"your points lie around f(x) = 2x with a spread of {spread:.2f}, "
                                       f"and the noise is exactly the draw of {name}.")
    for draw in _seed_3_draws().values():
        shift = float((noise - draw).mean())
        if (noise - draw - shift).abs().max() < 1e-5:
            return Feedback("wrong", f"your noise is exactly the seed-3 draw, but every point is also shifted by "
                                     f"{shift:.4g}: your points lie around the line 2x {'+' if shift > 0 else '-'} "
                                     f"{abs(shift):.4g}. The line f(x) = 2x passes through 0: nothing should be "
                                     "added to every point.")
        scale = float((noise * draw).sum() / (draw * draw).sum())
        if abs(scale + 1) < 1e-6 and (noise + draw).abs().max() < 1e-5:
            return Feedback("correct", f"your points lie around f(x) = 2x with a spread of {spread:.2f}, "
                                       "and the noise is the seed-3 draw with its sign flipped (you subtracted "
                                       "it): noise of standard deviation 1 as well.")
        if abs(scale) > 1e-3 and (noise - scale * draw).abs().max() < 1e-5:
            tutorial = " (the tutorial's 0.4)" if abs(scale - 0.4) < 1e-6 else ""
            return Feedback("wrong", f"your noise is exactly the seed-3 draw multiplied by {scale:.4g}{tutorial}; "
                                     "this exercise asks for noise of standard deviation 1, which is the draw "
                                     "itself.")
    other = _other_draw_words(noise, spread)
    if other:
        return Feedback("wrong", other)
    slope = float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())
    offset = float(noise.mean())
    if abs(slope + 2.0) < 0.3:
        return Feedback("wrong", f"your points slope downwards (best-fitting slope {slope:.2f}); the line "
                                 "should be f(x) = 2x, rising to the right.")
    if abs(slope - 2.0) > 0.3:
        return Feedback("wrong", f"the best-fitting slope of your points is {slope:.2f}, not about 2: the line "
                                 "should be f(x) = 2x." + (" Your points are flat, as if only the noise were there: "
                                 "did you leave out 2 * x?" if abs(slope) < 0.3 else ""))
    if spread < 0.05:
        line = "f(x) = 2x" if abs(offset) < 0.05 else f"2x {'+' if offset > 0 else '-'} {abs(offset):.2f}"
        return Feedback("wrong", f"your points sit exactly on the line {line}, with no noise around it: add "
                                 "noise of standard deviation 1, drawn from a generator seeded with 3.")
    folded = bool((noise >= 0).all() or (noise <= 0).all()) and float(noise.abs().min()) < 0.1  # reaches 0: not shifted
    if abs(offset) > 0.5 and folded:  # .abs() or ** 2 on the noise
        return Feedback("wrong", f"every one of your points lies on the same side of the line f(x) = 2x (Y1 - 2*X1 "
                                 f"averages {offset:.2f}): the noise has only one sign. Noise drawn around 0 has both "
                                 "signs: did you take its absolute value (.abs()) or square it?")
    if abs(offset) > 0.5:
        return Feedback("wrong", f"your points lie around a shifted line: Y1 - 2*X1 averages {offset:.2f}, but "
                                 "noise drawn around 0 averages close to 0 over 100 points (typically within 0.2). "
                                 "The line f(x) = 2x passes through 0: is something added to every point?")
    if abs(spread - 0.4) < 0.08:
        return Feedback("wrong", f"the spread around the line is {spread:.2f}, close to the tutorial's 0.4; "
                                 "this exercise asks for noise with standard deviation 1.")
    unused = _unused_generators()
    if abs(spread - 1.0) < 0.25 and unused:
        return Feedback("wrong", f"right slope and spread, but the generator you named {unused[0]} (seeded with 3) has "
                                 "not drawn a single number: the noise came from somewhere else, PyTorch's global generator. "
                                 f"Hand yours to the draw as its generator= argument ({unused[0]} itself).")
    if abs(spread - 1.0) < 0.25:
        return Feedback("wrong", f"right slope, and a spread around the line ({spread:.2f}) that fits noise of "
                                 "standard deviation 1, but not the noise that seed 3 gives: was your draw seeded "
                                 "with 3? This check knows the first 100 numbers of PyTorch's generator seeded with 3 "
                                 "(a torch.Generator or torch.manual_seed; float32 or float64) and of NumPy's "
                                 "(float64). A generator of your own, seeded with 3 and handed to the draw as "
                                 "generator=, as this notebook did with seed 0, gives them every time; a seeded "
                                 "global generator gives them only if nothing else is drawn between the seeding "
                                 "and the noise.")
    return Feedback("wrong", f"the spread around the line is {spread:.2f}; with noise of standard deviation "
                             "1 it should be close to 1.")


def _other_draw_words(noise, spread):
    """What a noise drawn the wrong way is, in words (another seed, the generator reused, uniform), or ''."""
    reused = _seed_0_words(noise)
    if reused:
        return (f"your noise is {reused}. This exercise asks for noise from a generator seeded with 3: make a new "
                "generator of your own, seeded with 3, and draw from it.")
    if (noise - torch.rand(100, generator=torch.Generator().manual_seed(3)).double()).abs().max() < 1e-5:
        return (f"your noise is uniform, spread evenly between 0 and 1 (spread {spread:.2f}): that is torch.rand. "
                "Noise from the normal distribution, the bell curve, comes from randn (the n is for normal).")
    unseeded = torch.randn(100, generator=torch.Generator()).double()  # a fresh generator's default seed, always the same
    if (noise - unseeded).abs().max() < 1e-5 or (noise - 0.4 * unseeded).abs().max() < 1e-5:
        return ("your noise comes from a generator that was never seeded: torch.Generator() starts from PyTorch's "
                f"own default seed ({torch.Generator().initial_seed()}), not from 3. Seed it with "
                ".manual_seed(3) before drawing the noise.")
    later = _later_seed_3_draw(noise)
    if later:
        why = ("its cell run again, or something drawn from it first" if later % 100 == 0 else
               "something was drawn from it first")
        return (f"your noise is numbers {later + 1} to {later + 100} of a generator seeded with 3: the right seed, "
                f"but the generator had already given {later} number{'s' * (later > 1)} before the noise ({why}). "
                "Seed it again just before drawing the noise.")
    return ""


def _seed_0_words(noise):
    """Whether ``noise`` came from this notebook's seed-0 generator (fresh or drawn from again), in words, or ''."""
    generator = torch.Generator().manual_seed(0)
    for start in range(0, 400, 100):  # drawn 100 at a time, as the notebook and a learner draw them
        draw = torch.randn(100, generator=generator).double()
        for scale in (1.0, 0.4):
            if (noise - scale * draw).abs().max() < 1e-5:
                which = ("the first 100 numbers of a generator seeded with 0, as this notebook's" if start == 0 else
                         f"numbers {start + 1} to {start + 100} of a generator seeded with 0: this notebook's "
                         "`generator`, drawn from again")
                return which + (", times 0.4" if scale != 1.0 else "")
    return ""


def _later_seed_3_draw(noise):
    """How many numbers a seed-3 generator gave before ``noise`` (100, 200 or 300 from the cell run again, or any
    count from 1 to 300 drawn in one go before it), or 0 if it is none of those."""
    generator = torch.Generator().manual_seed(3)
    torch.randn(100, generator=generator)
    for start in (100, 200, 300):
        if (noise - torch.randn(100, generator=generator).double()).abs().max() < 1e-5:
            return start
    for start in range(1, 301):  # some numbers drawn first, then the noise (randn draws small counts differently)
        generator = torch.Generator().manual_seed(3)
        torch.randn(start, generator=generator)
        if (noise - torch.randn(100, generator=generator).double()).abs().max() < 1e-5:
            return start
    return 0


def _seed_3_draws():
    """The first 100 standard-normal numbers of each generator seeded with 3 that check_data accepts."""
    g32, g64 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    return {
        "a PyTorch generator seeded with 3": torch.randn(100, generator=g32).double(),
        "a PyTorch generator seeded with 3, in float64": torch.randn(100, generator=g64, dtype=torch.float64),
        "NumPy's default_rng(3)": torch.from_numpy(np.random.default_rng(3).standard_normal(100)),
        "NumPy's legacy generator seeded with 3": torch.from_numpy(np.random.RandomState(3).standard_normal(100)),
    }


def check_noise_answer(answer):
    """Check exercise 1.2: what happens to the best-fitting slope when the noise grows from 0.4 to 4?

    Args:
        answer: "a", "b" or "c".

    Returns:
        Feedback.
    """
    how = 'Set answer = "a", "b" or "c".'
    answer = choice(answer, ("a", "b", "c"), how)
    if isinstance(answer, Feedback):
        return answer
    data = make_data(noise=4.0)
    slope = least_squares(data.X, data.Y)
    typical = 4.0 / math.sqrt(float(np.sum(_numpy(data.X).astype(float) ** 2)))
    if answer == "b":
        return Feedback("correct", f"with noise 4 the best-fitting slope is {slope:.2f}: the points scatter "
                                   "ten times wider, but 100 points spread from -5 to 5 still pin the slope "
                                   f"down (its typical error is 4 / sqrt(sum of x^2), about {typical:.2f}).")
    if answer == "a":
        return Feedback("wrong", "the points do look much messier. Before you decide, set the noise to 4 in the "
                                 "explorer and read the best-fitting slope in its readout: how far is it from -5?")
    return Feedback("wrong", "noise adds as much up as down, so on its own it has no reason to flatten the line. "
                             "Set the noise to 4 in the explorer and read the best-fitting slope in its readout.")


def _learner_namespace():
    """The notebook's variables, when the check runs in a kernel (else empty)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return {}
    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def _unused_generators():
    """Names of the learner's torch.Generator objects seeded with 3 that have not drawn anything yet."""
    fresh = torch.Generator().manual_seed(3).get_state()
    return sorted(name for name, value in _learner_namespace().items()
                  if isinstance(value, torch.Generator) and not name.startswith("_") and value.initial_seed() == 3
                  and torch.equal(value.get_state(), fresh))
