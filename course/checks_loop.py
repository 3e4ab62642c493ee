"""``check_training_loop``, the check of notebook 4's exercise 4.2 (it opens part 2): the whole loop, the learner's.

The learner writes ``fit_line(X, Y, lr, iterations)`` (w and b trained from 0 by gradient descent, no helpers) and
picks ``my_lr`` for new data, y = 3x + 2 with x from 0 to 10. The check runs the loop where the right answer is known
(the notebook's data, against ``helpers.train``), says which step is missing or wrong, then how far ``my_lr`` gets."""

import math

import numpy as np
import torch

import helpers
from course.code_reading import (clears_before_update, first_returned, helpers_used, inside_loop, names_used, reached,
                                 read_in_loop, reads_globals, rebound, rebound_in_loop, uncalled)
from course.feedback import DATA_ASIDE, OPTIMISERS, Feedback, as_number, unanswered
from course.loop_errors import raised
from course.loop_runs import (Watch, as_pair, call_quietly, exercise_data, reference, same_pair, show, variant,
                              zero_step_reason)
from helpers import critical_lr, least_squares, make_data

ITERATIONS = 1000  # the run at the learner's learning rate, on the new data
TOLERANCE = 0.01   # how close to the least-squares w* and b* counts as converged
PROBE_LR = 0.1     # the notebooks' learning rate, for the loop's own check on the notebook's data
OTHER_LR = 0.05    # a second learning rate: a loop must follow its argument lr
SAFE_LR = 0.01     # a learning rate that converges on the new data, to run the loop there too
PROBE_STEPS = (1, 2, 3, 20)  # iterations asked for on the notebook's data
SOLVERS = {"lstsq", "least_squares", "solve", "pinv", "inv", "inverse"}  # the line solved in one go, no steps
STUB_OPS = {"tensor", "item", "__get__", "__float__", "detach", "zeros", "requires_grad_"}  # what the stub does


def check_training_loop(fit_line, lr):
    """Check exercise 4.2, which opens notebook 4's part 2: a training loop written from scratch, and a learning rate.

    First the loop, on data where the right answer is known: fit_line runs for 1, 2, 3 and 20 iterations on the
    notebook's data at lr 0.1, then at lr 0.05, then on the new data (x from 0 to 10) at lr 0.01, and must end where
    the notebooks' loop (helpers.train from w = 0, b = 0) ends. A wrong loop is told which step is missing or wrong
    (no backward(), a gradient never zeroed, w or b not trained, the model or the loss wrong, an argument ignored,
    the count off by one, helpers or torch.optim used, ...). Any right loop passes: zeroing before backward(),
    w.data or w.sub_, any way of writing the loss, a forward function of the learner's own, tensors returned. Then
    the learning rate: 1000 iterations on the new data at lr must end within 0.01 of the least-squares w* and b*.

    Args:
        fit_line: a function (X, Y, lr, iterations) -> (w, b) that trains w and b from 0 by gradient descent.
        lr: the learning rate chosen for the new data (the notebook's ``my_lr``), a positive number.

    Returns:
        Feedback.
    """
    if not callable(fit_line):
        return Feedback("invalid", f"fit_line should be a function, but it is {type(fit_line).__name__}.")
    used = helpers_used(fit_line)
    if used:
        return _uses_helpers(used)
    loop = _check_loop(fit_line)
    if loop is not None:
        return loop
    if OPTIMISERS & names_used(fit_line):
        return Feedback("wrong", "your loop ends where the notebooks' loop ends, but an optimiser from torch.optim makes "
                                 "its updates and zeroes its gradients. This exercise asks you to write those two "
                                 "steps yourself: the update of w and b inside torch.no_grad(), then zeroing both "
                                 "gradients. (The optional section after this exercise shows the optimiser's way.)")
    return _check_lr(fit_line, lr)


def _uses_helpers(used):
    if any("train" in u for u in used):
        what = "helpers.train runs the notebooks' loop for you; this exercise asks you to write that loop yourself"
    elif any("forward" in u or "mse" in u for u in used):
        what = ("the exercise asks for the loop without helpers: write the prediction (w times x, plus b) and the "
                "mean squared error with torch yourself (PyTorch's own functions are fine)")
    elif any("least_squares" in u for u in used):
        what = "it solves for the best line in one go, with no steps; the exercise asks for gradient descent's loop"
    else:  # a helper that computes no part of the loop, such as the cap on the learning rate
        what = ("no step of the loop, but the exercise asks for fit_line without helpers: call it in a cell of "
                "its own (the cap helps you choose my_lr, outside fit_line) and keep fit_line to the loop")
    return Feedback("wrong", f"your fit_line uses {' and '.join(used)}: {what}.")


def _check_loop(fit_line):
    """None if fit_line trains as the notebooks' loop does, else the Feedback that says what differs."""
    data = make_data()
    X, Y = data.X, data.Y
    X_new, Y_new = exercise_data()
    path = reference(X, Y, PROBE_LR, max(PROBE_STEPS) + 1)
    runs = {}  # iterations -> (w, b) on the notebook's data at lr 0.1
    for k in PROBE_STEPS:
        result, exc = call_quietly(fit_line, X, Y, PROBE_LR, k)
        if exc is not None:
            return raised(fit_line, exc, X, Y, PROBE_LR, k)
        pair = as_pair(result)
        if isinstance(pair, str):
            return Feedback("wrong", f"fit_line(X, Y, lr={PROBE_LR:g}, iterations={k}) on the notebook's data: "
                                     f"{pair}")
        runs[k] = pair
    if not all(same_pair(runs[k], path[k]) for k in PROBE_STEPS):
        return _wrong_loop(fit_line, runs, path, X, Y, X_new, Y_new)

    # Right at lr 0.1 on the notebook's data: it must follow its argument lr, and work on the new data too.
    last = max(PROBE_STEPS)
    result, exc = call_quietly(fit_line, X, Y, OTHER_LR, last)
    if exc is not None:
        return raised(fit_line, exc, X, Y, OTHER_LR, last)
    pair = as_pair(result)
    if isinstance(pair, str):
        return Feedback("wrong", f"fit_line(X, Y, lr={OTHER_LR:g}, iterations={last}) on the notebook's data: {pair}")
    right = reference(X, Y, OTHER_LR, last)[-1]
    if not same_pair(pair, right):
        seen = (f"with lr = {PROBE_LR:g} your loop matches the notebooks' loop, but with lr = {OTHER_LR:g} it "
                f"ends at {show(pair)} after {last} iterations instead of {show(right)}")
        if pair == runs[last]:
            return Feedback("wrong", f"{seen}, exactly as with lr = {PROBE_LR:g}: it does not use its argument "
                                     f"lr{reads_globals(fit_line)}.")
        return Feedback("wrong", f"{seen}: does each step move w and b by exactly lr times their gradients, "
                                 "whatever lr is?")
    result, exc = call_quietly(fit_line, X_new, Y_new, SAFE_LR, last)
    where = f"the new data (x from 0 to 10) at lr = {SAFE_LR:g}"
    if exc is not None:
        return raised(fit_line, exc, X_new, Y_new, SAFE_LR, last, where=where)
    pair = as_pair(result)
    if isinstance(pair, str):
        return Feedback("wrong", f"on {where}: {pair}")
    right = reference(X_new, Y_new, SAFE_LR, last)[-1]
    if not same_pair(pair, right):
        seen = (f"your loop matches the notebooks' loop on the notebook's data, but on {where} it ends at "
                f"{show(pair)} after {last} iterations instead of {show(right)}")
        same, _ = call_quietly(fit_line, X, Y, SAFE_LR, last)
        if not isinstance(as_pair(same), str) and as_pair(same) == pair:
            return Feedback("wrong", f"{seen}, exactly as on the notebook's data: it does not use its arguments "
                                     f"X and Y{reads_globals(fit_line)}.")
        return Feedback("wrong", f"{seen}: does it use only its arguments X, Y, lr and iterations?")
    return _without_backward(fit_line, X, Y)


def _without_backward(fit_line, X, Y):
    """None if the right loop gets its gradients from backward(), as the exercise asks; else what it did."""
    watch = Watch()
    call_quietly(fit_line, X, Y, PROBE_LR, 3, watch=watch)
    if watch.backwards:
        return None
    if "grad" in watch.ops and "autograd" in names_used(fit_line):
        how = ("takes the gradients with torch.autograd.grad, which hands them back to your code instead of "
               "adding them into w.grad and b.grad")
    else:
        how = "never calls backward(): it works the gradients out some other way, by a formula written out"
    return Feedback("wrong", f"your loop ends where the notebooks' loop ends, but it {how}. The exercise asks for "
                             "the notebooks' way, which works for any model: the loss, backward() on it, the "
                             "update from w.grad and b.grad, and zeroing both, since backward() adds into them.")


def _wrong_loop(fit_line, runs, path, X, Y, X_new, Y_new):
    """Say what is wrong with a loop whose results on the notebook's data at lr 0.1 differ from the notebooks'."""
    ks, last = PROBE_STEPS, max(PROBE_STEPS)
    first = runs[1]
    moved = [runs[k] for k in ks if runs[k] != (0.0, 0.0)]
    if not moved:
        return _never_moved(fit_line, X, Y)
    if all(runs[k] == first or same_pair(runs[k], first) for k in ks):  # to rounding: lstsq varies in its last bits
        long_run = reference(X, Y, PROBE_LR, 200)
        taken = next((m for m, p in enumerate(long_run) if same_pair(first, p)), None)
        steps = f": as if it always took {taken} step{'s' if taken != 1 else ''}" if taken is not None else ""
        if same_pair(first, long_run[-1]):  # where a long run settles: a fixed count, such as range(1000)
            steps = ": where the loop settles after many steps, as if it always ran a fixed number of iterations"
        key = "no loop" if SOLVERS & names_used(fit_line) else inside_loop(fit_line)
        if not key and taken == 1:  # the source says nothing (or cannot be read): count the passes instead
            watch, unread = Watch(), rebound(fit_line) is None
            call_quietly(fit_line, X, Y, PROBE_LR, last, watch=watch)
            key = "tensor" if watch.backwards == last else "once" if watch.backwards == 1 and unread else ""
        steps = "" if key == "no loop" else steps
        why = {"no loop": ": it solves for the line in one go and takes no steps of gradient descent. The exercise "
                          "asks for the loop: start w and b at 0 and take iterations steps",
               "return": ": its return sits inside the loop, so it returns after the first pass: unindent it",
               "tensor": ": it makes w and b anew inside the loop, so each pass starts at 0: make them before it",
               "once": f": backward() ran once for {last} iterations, so the loop stops after its first pass. Is the "
                       "return indented inside the loop? It belongs after the loop, at the function's own level"
               }.get(key, f". It does not use its argument iterations{reads_globals(fit_line)}")
        return Feedback("wrong", f"fit_line returns the same {show(first)} for 1, 2, 3 and {last} iterations{steps}{why}.")
    if all(same_pair((runs[k][1], runs[k][0]), path[k]) for k in ks) and first_returned(fit_line) == "w":
        return Feedback("wrong", "your w ends where b belongs, and b where w belongs: the model multiplies X by b "
                                 "and adds w. In the line, w multiplies x and b is added.")
    if all(same_pair((runs[k][1], runs[k][0]), path[k]) for k in ks):
        return Feedback("wrong", "your loop trains w and b right, but fit_line returns b first and w second; it "
                                 "should return w, then b.")
    if all(same_pair(runs[k], path[k + 1]) for k in ks):
        return Feedback("wrong", f"your loop takes one step more than it is asked: for iterations = 1 it returns "
                                 f"{show(first)}, where 2 steps of the notebooks' loop go, and for {last} where "
                                 f"{last + 1} steps go. A loop over iterations steps runs exactly iterations times.")
    if all(same_pair(runs[k], path[k - 1]) for k in ks):
        return Feedback("wrong", f"your loop takes one step fewer than it is asked: for iterations = 1 it returns "
                                 f"w and b still at 0, and for {last} where {last - 1} steps of the notebooks' loop "
                                 "go. A loop over iterations steps runs exactly iterations times.")
    other_lr, _ = call_quietly(fit_line, X, Y, OTHER_LR, 1)
    if not isinstance(as_pair(other_lr), str) and as_pair(other_lr) == first:
        ratios = [a / b for a, b in zip(first, path[1]) if b != 0]
        as_if = (f": each step is as long as a step with a learning rate of {PROBE_LR * ratios[0]:.3g} would be"
                 if len(ratios) == 2 and math.isclose(*ratios, rel_tol=1e-3) and ratios[0] > 0 else "")
        return Feedback("wrong", f"fit_line takes the same first step with lr = {PROBE_LR:g} and with lr = "
                                 f"{OTHER_LR:g}{as_if}. It does not use its argument lr{reads_globals(fit_line)}.")
    on_new, _ = call_quietly(fit_line, X_new, Y_new, PROBE_LR, 1)
    if not isinstance(as_pair(on_new), str) and as_pair(on_new) == first:
        return Feedback("wrong", "fit_line takes the same first step on the notebook's data and on the new data: "
                                 f"it does not use its arguments X and Y{reads_globals(fit_line)}.")
    start, exc = call_quietly(fit_line, X, Y, PROBE_LR, 0)
    start = None if exc is not None else as_pair(start)
    if isinstance(start, tuple) and all(map(math.isfinite, start)) and start != (0.0, 0.0):
        from_there = variant(X, Y, PROBE_LR, last, start=start)
        follows = (" From there your steps are the notebooks' loop's." if all(same_pair(runs[k], from_there[k])
                                                                            for k in ks) else "")
        return Feedback("wrong", f"for iterations = 0 fit_line returns {show(start)}: your loop starts there, "
                                 f"but the exercise starts w and b at 0.{follows}")
    variants = [
        (dict(zero=""), "your first step matches the notebooks' loop, but from the second on w and b go where they "
                        "go when the gradients are never zeroed: backward() adds each new gradient to w.grad and "
                        "b.grad, so every step uses the sum of all the gradients so far."),
        (dict(zero="w"), "your first step matches the notebooks' loop, but from the second on b goes where it goes "
                         "when only w's gradient is zeroed: backward() adds each new gradient to b.grad, so b steps "
                         "with the sum of all its gradients so far. Zero both gradients."),
        (dict(zero="b"), "your first step matches the notebooks' loop, but from the second on w goes where it goes "
                         "when only b's gradient is zeroed: backward() adds each new gradient to w.grad, so w steps "
                         "with the sum of all its gradients so far. Zero both gradients."),
        (dict(grads="first"), "your first step matches the notebooks' loop, but every later step moves w and b by "
                              "exactly as much as the first: the gradients are computed once and reused. The "
                              "prediction, the loss and backward() belong inside the loop, so that every iteration "
                              "computes them anew from the current w and b."),
        (dict(loss="flat"), "the loss mixes shapes (100,) and (100, 1): X.view(-1) (or a flattened x) or Y.view(-1) "
                            "flattens one side. PyTorch then subtracts every target from every prediction, a 100 x "
                            "100 table of differences, whose mean square is not the MSE. Keep X and Y as they come, "
                            "both of shape (100, 1)."),
        (dict(grads="w"), "b steps with w's gradient: does b's update use w.grad where it should use b.grad? Each "
                          "parameter steps by the learning rate times its own gradient."),
        (dict(grads="b"), "w steps with b's gradient: does w's update use b.grad where it should use w.grad? Each "
                          "parameter steps by the learning rate times its own gradient."),
        (dict(model="w(x+b)"), "the model is w * (X + b): b is added to x before the product, so it shifts the "
                               "inputs instead of the line. The line multiplies x by w first, then adds b."),
        (dict(loss="abs"), "the loss is the mean of the absolute differences |y_pred - Y|, not of their squares. "
                           "The mean squared error squares each difference before taking the mean."),
        (dict(loss="mean first"), "the loss is the square of the mean difference: the mean was taken first and then "
                                  "squared, so misses above and below the line cancel out before the squaring. Square "
                                  "each difference first, then take the mean of the squares."),
        (dict(no_lr="b"), "b steps by its whole gradient: its update is missing the learning rate. Each parameter "
                          "steps by the learning rate times its own gradient."),
        (dict(no_lr="w"), "w steps by its whole gradient: its update is missing the learning rate. Each parameter "
                          "steps by the learning rate times its own gradient."),
        (dict(trained="w"), "b stays at 0 while w moves exactly as in a model without b: your loop never updates b. "
                            "Update b alongside w, by the learning rate times its own gradient."),
        (dict(trained="b"), "w stays at 0 while b moves: your loop never updates w. Update w alongside b, by the "
                            "learning rate times its own gradient."),
    ]
    for change, message in variants:
        other = variant(X, Y, PROBE_LR, last, **change)
        if all(same_pair(runs[k], other[k]) or not any(map(math.isfinite, runs[k] + other[k])) for k in ks):
            if "zero" in change and uncalled(fit_line, "zero_"):  # w.grad.zero_ names the method, never calls it
                message += (" Your loop writes zero_ without the brackets (): that only names the method, it does not "
                            "call it, so nothing is zeroed.")
            flat_globals = sorted({name for name, value, _ in reached(fit_line)  # a flat x = X.view(-1) of the learner's, say
                                   if isinstance(value, torch.Tensor) and value.dim() == 1 and value.numel() > 1}
                                  if change.get("loss") == "flat" else ())
            if flat_globals:
                message = (f"your loop reads {' and '.join(flat_globals)} from the notebook, not from its own "
                           f"arguments: {' and '.join(flat_globals)} there {'is' if len(flat_globals) == 1 else 'are'} "
                           "flat (one number per point, no column), so against the column of targets PyTorch "
                           "subtracts every target from every prediction, a whole table of differences. Use "
                           "fit_line's arguments X and Y, as they come.")
            if change.get("trained") == "w" and "b" not in (read_in_loop(fit_line) or {"b"}):
                message = ("b stays at 0 while w moves exactly as in a model without b: b appears nowhere in your "
                           "loop, neither in the prediction nor in the update. Add it to the prediction (the line "
                           "w x + b) and update it alongside w, by the learning rate times its own gradient.")
            if change.get("trained") in ("w", "b") and clears_before_update(fit_line):  # updated, by a zeroed gradient
                still = "b" if change["trained"] == "w" else "w"
                message = (f"{still} stays at 0: your loop clears {still}'s gradient after backward() and before the "
                           f"update uses it, so {still} moves by the learning rate times 0. Update {still} first, then "
                           "clear its gradient for the next iteration.")
            return Feedback("wrong", f"{message} (After {last} iterations yours ends at {show(runs[last])}; "
                                     f"{_theirs(last)} ends at {show(path[last])}.)")
    seen = (f"your first step takes w and b from 0 to {show(first)}; {_theirs(1)} takes them to {show(path[1])}")
    ratios = [a / b if b else math.nan for a, b in zip(first, path[1])]
    if math.isclose(ratios[0], ratios[1], rel_tol=1e-3):
        n = X.numel()
        if math.isclose(ratios[0], -1.0, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: the same distance the other way, uphill, where the loss grows. The "
                                     "gradient points uphill; a step of gradient descent goes against it.")
        if math.isclose(ratios[0], 1 / PROBE_LR, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: {1 / PROBE_LR:g} times as long, as if both steps were missing the "
                                     "learning rate. Each parameter steps by the learning rate times its own gradient.")
        if math.isclose(ratios[0], n, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: a step {n} times as long, and {n} is the number of points, as if the "
                                     "loss were the sum of the squares instead of their mean.")
    if all(runs[k][1] == 0.0 for k in ks):
        return Feedback("wrong", f"{seen}: b never moves from 0. Does your loop update b, by the learning rate "
                                 "times its own gradient?")
    if all(runs[k][0] == 0.0 for k in ks):
        return Feedback("wrong", f"{seen}: w never moves from 0. Does your loop update w, by the learning rate "
                                 "times its own gradient?")
    if same_pair(first, path[1]):
        k = next(k for k in ks if not same_pair(runs[k], path[k]))
        return Feedback("wrong", f"your first step matches the notebooks' loop, but after {k} iterations fit_line "
                                 f"returns {show(runs[k])} instead of {show(path[k])}.")
    as_long = (f": your first step is {ratios[0]:.3g} times as long as the loop's"
               if math.isclose(ratios[0], ratios[1], rel_tol=1e-3) and math.isfinite(ratios[0]) else "")
    return Feedback("wrong", f"{seen}{as_long}. Each step should move w and b against their gradients of the mean "
                             "squared error, by the learning rate times each gradient.")


def _theirs(k):
    """The notebooks' loop run as the check runs it, in code a learner can type to see the numbers quoted."""
    return f"the notebooks' loop, helpers.train(X, Y, w0=0.0, b0=0.0, lr={PROBE_LR:g}, iterations={k}),"


# What an update of w or b in place runs (w -= ..., w.sub_(...), w.data -= ..., w.copy_(...), an optimiser's step)
UPDATE_OPS = {"sub_", "add_", "copy_", "__isub__", "__iadd__", "addcmul_", "addcdiv_", "mul_", "__imul__", "set_",
              "_foreach_add_", "_foreach_sub_"}


def _never_moved(fit_line, X, Y):
    """w and b are still exactly 0 after every run: the untouched stub, or a loop that never changes them."""
    watch = Watch()
    _, exc = call_quietly(fit_line, X, Y, PROBE_LR, 20, watch=watch)
    if exc is None and not watch.backwards and watch.ops <= STUB_OPS:
        return unanswered("fit_line returns w = 0 and b = 0 without training them: write the loop in its body "
                          "(forward, loss, backward, the update inside torch.no_grad(), zeroing both gradients), "
                          "then run this cell again.")
    if not watch.backwards:
        return Feedback("wrong", "after 20 iterations w and b are still 0, and backward() never ran in your loop: "
                                 "without it autograd computes no gradients, w.grad and b.grad stay None, and there "
                                 "is nothing to step with.")
    if not watch.ops & UPDATE_OPS and not rebound_in_loop(fit_line) and not clears_before_update(fit_line) \
            and not names_used(fit_line) & OPTIMISERS:  # no update ran, and none is written to run
        return Feedback("wrong", f"after 20 iterations w and b are still 0, although backward() ran {watch.backwards} "
                                 "times: your loop never updates them. backward() only fills w.grad and b.grad; "
                                 "after it, move w and b in place, each against its gradient by the learning rate "
                                 "times that gradient, inside torch.no_grad(), then zero both gradients.")
    return Feedback("wrong", f"after 20 iterations w and b are still 0, although backward() ran {watch.backwards} "
                             f"times: {zero_step_reason(fit_line)}")


# --------------------------------------------------------------------------
# The learning rate
# --------------------------------------------------------------------------


def _check_lr(fit_line, lr):
    """The loop is right: does it converge at ``lr`` on the new data, within 1000 iterations?"""
    value = as_number(lr, "my_lr", how="your loop is right: it matches the notebooks' loop step by step. Now set "
                                       "my_lr to a learning rate that converges on the new data, and run this cell "
                                       "again.")
    if isinstance(value, Feedback):
        return value
    if value <= 0:
        return Feedback("invalid", f"my_lr = {value:g}; a learning rate must be positive.")
    X_new, Y_new = exercise_data()
    result, exc = call_quietly(fit_line, X_new, Y_new, value, ITERATIONS)
    if exc is not None:
        return raised(fit_line, exc, X_new, Y_new, value, ITERATIONS, where="the new data")
    pair = as_pair(result)
    if isinstance(pair, str):
        return Feedback("wrong", f"on the new data at my_lr = {value:g}: {pair}")
    w, b = pair
    w_best, b_best = least_squares(X_new, Y_new, with_bias=True)
    gaps = {"w": abs(w - w_best), "b": abs(b - b_best)}
    cap = critical_lr(X_new, with_bias=True)
    cap_w_alone = 1.0 / float((X_new.double() ** 2).mean())
    tool = "helpers.critical_lr(X_new, with_bias=True)"
    ends = (f"after {ITERATIONS} iterations w is at {w:.4g} and b at {b:.4g}" if math.isfinite(w + b) else
            f"the loss overflows, and after {ITERATIONS} iterations w and b are no longer finite numbers")
    if all(math.isfinite(g) and g < TOLERANCE for g in gaps.values()):
        return Feedback("correct", f"your loop matches the notebooks' loop step by step, and with my_lr = {value:g}, "
                                   f"{ITERATIONS} iterations take w to {w:.4f} and b to {b:.4f}, within "
                                   f"{max(gaps.values()):.2g} of the least-squares best w* = {w_best:.4f}, "
                                   f"b* = {b_best:.4f}. The data were made from the line y = 3x + 2; the noise "
                                   "moves the best fit a little off it."
                                   + (DATA_ASIDE if "data" in names_used(fit_line) else ""))
    if math.isclose(value, cap, rel_tol=1e-4):  # the cap itself; 0.0298, the cap rounded up, diverges
        return Feedback("wrong", f"your loop is right, but my_lr = {value:g} is the cap itself: there the zig-zag "
                                 "along the steep direction neither shrinks nor grows, so w and b never settle "
                                 f"({ends}). The cap is where divergence begins; choose a learning rate below it.")
    if value >= cap or not math.isfinite(w + b):
        if value <= 1.01 * cap_w_alone:  # 1 / mean(x^2), the cap of notebook 3, or that rounded up a little
            return Feedback("wrong", f"your loop is right, but my_lr = {value:g} is just above the cap, so it "
                                     f"diverges: {ends}, and the swings grow. 1 / mean(x^2) would be the cap for "
                                     "w alone; with b the cap is a little lower than 1 / mean(x^2), because w and b "
                                     f"are tangled when the inputs are far from 0. {tool} computes it.")
        return Feedback("wrong", f"your loop is right, but my_lr = {value:g} diverges on this data: {ends}. Here x "
                                 "reaches 10, twice as far as in the notebooks, and the loss's curvature along w "
                                 "grows with x^2: w's direction is much steeper, so its cap on the learning rate is "
                                 f"much lower than the notebooks' 0.12. Compute this data's cap with {tool}, and "
                                 "choose a learning rate below it.")
    low, high = np.linalg.eigvalsh(helpers.hessian(X_new, with_bias=True))
    if abs(1 - value * high) >= abs(1 - value * low):  # just under the cap: the zig-zag is what lingers
        return Feedback("wrong", f"your loop is right and my_lr = {value:g} is below the cap, but so close to it that "
                                 "the zig-zag along the steep direction dies away slowly: after "
                                 f"{ITERATIONS} iterations w is still {gaps['w']:.4g} from its best value. A "
                                 "learning rate a little further below the cap settles within 0.01.")
    far = max(gaps, key=gaps.get)
    other = "w" if far == "b" else "b"
    also = f" (and {other} {gaps[other]:.4g})" if gaps[other] >= TOLERANCE else ""
    return Feedback("wrong", f"your loop is right and my_lr = {value:g} converges, but slowly: after {ITERATIONS} "
                             f"iterations {far} is still {gaps[far]:.4g} from its best value{also}. Here mean(x) = "
                             f"{float(X_new.mean()):.2f} ties b to w, so the two settle together, slowly (optional "
                             f"exercise 4.3 shows why): each step closes just {value * low:.2%} of the remaining "
                             "distance. It needs a "
                             f"learning rate closer to (still below) the cap; {tool} computes the cap.")
