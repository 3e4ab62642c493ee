"""Exercise 3.2's check, ``check_step``: one gradient-descent step written by the learner, judged by where 20 of
its steps take w, and by how it got its gradient (backward(), as the exercise asks, and the zeroing that goes with it).
"""

import inspect
import math

import torch

from course.code_reading import clears_before_update, helpers_used, names_used, rebound, uncalled, updates_before_backward
from course.feedback import DATA_ASIDE, OPTIMISERS, OTHER_DATA, Feedback, as_number, call, other_data, same_run, unanswered
from course.loop_runs import Watch
from helpers import forward, make_data, mse, train


def check_step(my_step):
    """Check exercise 3.2: one gradient-descent step, written as a function and judged by where 20 steps go.

    The step runs 20 times from a fresh w = -10 on the notebook's data with lr 0.1, then with lr 0.05,
    then on 7 points of its own; each path must match the notebook's loop (helpers.train). Any step that gets
    its gradient from backward() counts: clearing the gradient before backward() or after the update,
    w.grad = None, w.data (told why notebook 3 prefers torch.no_grad()) or w.sub_; an optimiser from torch.optim is told the exercise asks for the update and
    the zeroing by hand. A step for which autograd computes no gradient of w wrote the gradient out by hand instead; one whose gradient never lands in w.grad took it from
    torch.autograd.grad: both are told that the exercise asks for backward() (and the zeroing it needs).

    Args:
        my_step: a function (w, X, Y, lr) that updates the tensor w in place and clears its gradient.

    Returns:
        Feedback.
    """
    if not callable(my_step):
        return Feedback("invalid", f"my_step should be a function, but it is {type(my_step).__name__}.")
    data = make_data()
    X7, Y7 = other_data()

    # One call on a fresh w, as the notebook creates it, to see whether anything happens at all.
    w = torch.tensor(-10.0, requires_grad=True)
    result, error = call(my_step, w, data.X.clone(), data.Y.clone(), 0.1)
    if not error and result is None and w.numel() == 1 and w.item() == -10.0 and w.grad is None:
        if "backward" in names_used(my_step):  # it does run a step: on a w of its own
            return Feedback("wrong", "my_step left the w it was given untouched (still -10, no gradient), although "
                                     "it calls backward(): does it make a new w inside, with torch.tensor(...)? "
                                     "That is another tensor; the step must update the w it is given, in place.")
        return unanswered("my_step left w and its gradient untouched: fill in its body (loss, backward(), "
                          "the update of w in place, clearing the gradient).")

    ws, error = _step_run(my_step, data.X, data.Y, 0.1)
    reference = train(data.X, data.Y, w0=-10.0, lr=0.1, iterations=20).w
    if error:
        if "in-place operation" in error.message:
            return Feedback("wrong", "PyTorch refused the in-place update because it was being recorded "
                                     "for autograd: put the update inside `with torch.no_grad():`.")
        if "NoneType" in error.message and uncalled(my_step, "backward"):
            return Feedback("wrong", f"{error.message.split('. Run it')[0]}: your step writes backward without the "
                                     "brackets (): that only names the method, it does not call it, so no gradient "
                                     "is computed and w.grad stays None. Call loss.backward().")
        if "NoneType" in error.message and "autograd" in names_used(my_step):
            return Feedback("wrong", f"{error.message.split('. Run it')[0]}: your step takes the gradient with "
                                     "torch.autograd.grad, which hands it back to your code and never puts it in "
                                     "w.grad, so w.grad stays None. This exercise asks for backward() on the loss, "
                                     "which adds the gradient into w.grad; that is also why the step then zeroes "
                                     "w.grad.")
        if "NoneType" in error.message and "backward" not in names_used(my_step) \
                and not _backward_calls(my_step, data):
            return Feedback("wrong", f"{error.message.split('. Run it')[0]}: your step never calls backward(), so "
                                     "w.grad is None (no gradient has been computed) and the update multiplied the "
                                     "learning rate by None. After computing the loss, call loss.backward(): it "
                                     "fills w.grad with the slope the update uses.")
        if not ws and "NoneType" in error.message:
            retried, _ = _step_run(my_step, data.X, data.Y, 0.1, zero_grad_first=True)
            if updates_before_backward(my_step) and not same_run(retried, reference):
                raised = error.message.split(". Run it")[0]
                return Feedback("wrong", f"on a fresh w (as the notebook creates it) {raised}: your step updates w "
                                         "before backward() has computed this step's gradient, and on a fresh w "
                                         "w.grad is None until the first backward(). Compute the loss and call "
                                         "backward() first, then update w, then zero its gradient.")
            if same_run(retried, reference):
                raised = error.message.split(". Run it")[0]
                return Feedback("wrong", f"on a fresh w (as the notebook creates it) {raised}: "
                                         "w.grad is None until the first backward(), so "
                                         "it cannot be zeroed before that. Given a zero gradient to start "
                                         "with, your 20 steps do match the notebook's loop: only the very first "
                                         "call fails. Clear the gradient after the update instead, or skip "
                                         "clearing it while it is None.")
        if "NoneType" in error.message and "zero_" in error.message:
            return Feedback("wrong", f"{error.message.split('. Run it')[0]}: w.grad was None when your step called "
                                     "zero_() on it. w.grad is None before the first backward(), and also on a new "
                                     "tensor made by w = w - ..., which is not an update in place: change the "
                                     "tensor w itself (w -= ... inside torch.no_grad()).")
        return error
    if isinstance(ws, Feedback):
        return ws
    if ws[0] == -10.0:
        returned = as_number(result, "")
        if not isinstance(returned, Feedback) and math.isclose(returned, reference[0], rel_tol=1e-4):
            return Feedback("wrong", f"your step returned {returned:.4f}, but the tensor w itself is still -10: "
                                     "the update has to change w in place, so that the caller's w moves.")
        if len(ws) > 2 and same_run(ws[1:], reference[:-1]):
            return Feedback("wrong", f"your first call left w at -10, and each later call takes w where the "
                                     f"notebook's loop was one step earlier ({ws[1]:.4f} after two calls, where the "
                                     f"loop is after one): your step updates w before backward() has computed this "
                                     "step's gradient, so it always uses the last one (and on the first call there "
                                     "is none yet). Compute the loss and call backward() first, then update.")
        in_place = ("w = w - ... makes a new tensor and leaves the caller's w as it was; change the tensor w "
                    "itself, in place (w -= ... inside torch.no_grad())")
        if w.grad is None:
            return Feedback("wrong", "w is still -10 after one call of your step, and w.grad is None: does your "
                                     f"step call backward() on the loss? And {in_place}.")
        if w.grad.numel() == 1 and w.grad.item() != 0:
            return Feedback("wrong", f"w is still -10 after one call of your step, although w.grad holds "
                                     f"{w.grad.item():.4g}: the update did not change w, because {in_place}.")
        first = next(iter(inspect.signature(my_step).parameters), "w")
        made_anew = rebound(my_step)
        if made_anew is None:  # the source cannot be read: watch one call for an update in place
            watch = Watch()
            with watch:
                call(my_step, torch.tensor(-10.0, requires_grad=True), data.X.clone(), data.Y.clone(), 0.1)
            made_anew = [] if watch.ops & {"sub_", "add_", "copy_", "__isub__", "__iadd__"} else None
            if made_anew is None:
                return Feedback("wrong", "w is still -10 after one call of your step, and w.grad is 0 afterwards: "
                                         "no update in place ran in your step. An update such as w = w - ... makes "
                                         "a new tensor and leaves the caller's w as it was; change the tensor w "
                                         "itself, in place (w -= ... inside torch.no_grad()).")
        if (clears_before_update(my_step) is not False) and first not in made_anew:  # changed in place, by 0
            return Feedback("wrong", "w is still -10 after one call of your step, and w.grad is 0 afterwards: your "
                                     "step clears the gradient before the update uses it, so w moves by the "
                                     "learning rate times 0. Update w first, then clear w.grad for the next step.")
        if made_anew:
            return Feedback("wrong", f"w is still -10 after one call of your step, and w.grad is 0 afterwards: "
                                     f"{first} = {first} - ... in your step makes a new tensor and leaves the "
                                     f"caller's w as it was. Change the tensor {first} itself, in place "
                                     f"({first} -= ... inside torch.no_grad()).")
        return Feedback("wrong", "w is still -10 after one call of your step, and w.grad is 0 afterwards. Either "
                                 "the update used a gradient that had already been cleared (a step of 0), or "
                                 f"{in_place}.")
    if not same_run(ws, reference):
        if same_run(ws, _never_zeroed(data.X, data.Y, 0.1)):
            # w.grad.zero_ without brackets names the method and never calls it
            return Feedback("wrong", f"your first step matches the notebook's loop (-10 to {ws[0]:.4f}), but "
                                     f"then w goes to {ws[1]:.4f} instead of {reference[1]:.4f}, exactly as when "
                                     "the gradient is never cleared: backward() adds each new gradient to w.grad, "
                                     "so every step uses the sum of all the gradients so far." + (
                                         " Your step writes zero_ without the brackets (): that only names the "
                                         "method, it does not call it." if uncalled(my_step, "zero_") else ""))
        ratio = (ws[0] + 10.0) / (reference[0] + 10.0)
        seen = f"your first step went from -10 to {ws[0]:.4f}; the notebook's loop goes to {reference[0]:.4f}"
        if all(v == 0.0 for v in ws):  # review 75: w.zero_(), the parameter emptied instead of its gradient
            return Feedback("wrong", f"{seen}, and w is exactly 0 after every step: your step sets w itself to 0. "
                                     "w.zero_() empties the parameter; the gradient to empty is w.grad, not w.")
        if math.isclose(ratio, -1.0, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: the same distance the other way, uphill, where the loss grows. "
                                     "The gradient points uphill; a step of gradient descent goes against it.")
        if math.isclose(ratio, data.X.numel(), rel_tol=1e-3):
            n = data.X.numel()
            return Feedback("wrong", f"{seen}: a step {n} times as long, and {n} is the number of points, as if "
                                     "the loss were the sum of the squares instead of their mean.")
        if math.isclose(ratio, 10.0, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: a step 10 times as long, and 10 is 1 / 0.1, as if the update were "
                                     "missing the learning rate: w should move by the learning rate times the "
                                     "gradient, not by the whole gradient.")
        w_abs = torch.tensor(-10.0, requires_grad=True)
        (forward(data.X, w_abs) - data.Y).abs().mean().backward()
        if math.isclose(ws[0], -10.0 - 0.1 * w_abs.grad.item(), rel_tol=1e-4):
            return Feedback("wrong", f"{seen}: the step of the mean of the absolute differences |y_pred - Y|. The "
                                     "mean squared error squares each difference before taking the mean.")
        if same_run(ws, _flattened(data.X, data.Y, 0.1, len(ws))):  # on this data also a step twice as long
            return Feedback("wrong", f"{seen}: your loss mixes shapes (100,) and (100, 1): X.view(-1) or Y.view(-1) "
                                     "flattens one side, and PyTorch then subtracts every target from every "
                                     "prediction, a 100 x 100 table whose mean square is not the MSE. Keep X and Y "
                                     "as they come, both of shape (100, 1).")
        if math.isclose(ratio, 2.0, rel_tol=1e-3) and _backward_calls(my_step, data) == 1:
            return Feedback("wrong", f"{seen}: a step twice as long, with backward() called once, so the 2 is in "
                                     "your update. w.grad already holds dL/dw, the 2 of the formula 2 mean(x (w x - "
                                     "y)) included: move w by the learning rate times w.grad, with no factor of 2.")
        if math.isclose(ratio, 2.0, rel_tol=1e-3):
            return Feedback("wrong", f"{seen}: a step twice as long, as if w.grad held the gradient twice. backward() "
                                     "adds the gradient into w.grad each time it runs: does your step call it twice? "
                                     "One step computes the loss once and calls backward() once.")
        if same_run(ws, train(data.X, data.line, w0=-10.0, lr=0.1, iterations=20).w):
            return Feedback("wrong", f"{seen}: exactly where the loop goes if it fits the true line f instead of the "
                                     "data. The loss should compare the predictions with Y, the targets your step is "
                                     "given, noise and all: training only ever sees the data.")
        if math.isclose(ratio, 1.0, rel_tol=1e-4, abs_tol=1e-4):
            k = next(i for i, (a, b) in enumerate(zip(ws, reference)) if not same_run([a], [b]))
            if k == 0:
                return Feedback("wrong", f"{seen}: close, but not the same number. Does your step use exactly the "
                                         "X, Y and lr it is given, and the mean squared error?")
            first_k = "your first step matches" if k == 1 else f"your first {k} steps match"
            return Feedback("wrong", f"{first_k} the notebook's loop, but step {k + 1} takes w to {ws[k]:.4f} "
                                     f"instead of {reference[k]:.4f}.")
        later = [k for k in range(1, len(reference)) if same_run([ws[0]], [reference[k]])]
        if later:
            k = later[0] + 1
            return Feedback("wrong", f"one call of your step takes w from -10 to {ws[0]:.4f}, where {k} steps of the "
                                     f"notebook's loop take it: does your step update w {k} times? One call should "
                                     "make one update, by the learning rate times the gradient.")
        as_long = f": your first step is {ratio:.3g} times as long as the loop's" if math.isfinite(ratio) else ""
        return Feedback("wrong", f"{seen}{as_long}. Each step should move w by the learning rate times the gradient "
                                 "of the mean squared error.")
    # Right on the notebook's data at lr 0.1: it must also follow its own lr, X and Y.
    ws_lr, error = _step_run(my_step, data.X, data.Y, 0.05)
    if error or isinstance(ws_lr, Feedback):
        return error or ws_lr
    right_lr = train(data.X, data.Y, w0=-10.0, lr=0.05, iterations=20).w
    if not same_run(ws_lr, right_lr):
        hint = ("exactly as with lr = 0.1: does it use its argument lr?" if same_run(ws_lr, reference)
                else "does it move w by exactly lr times the gradient, whatever lr is?")
        return Feedback("wrong", f"with lr = 0.1 your steps match the notebook's loop, but with lr = 0.05 they take "
                                 f"w to {ws_lr[-1]:.4f} after 20 steps instead of {right_lr[-1]:.4f}, {hint}")
    ws7, error = _step_run(my_step, X7, Y7, 0.05)
    if error:
        return Feedback("wrong", f"right on the notebook's data, but on {OTHER_DATA} {error.message} "
                                 "A step that uses only its arguments w, X, Y and lr works for any number of "
                                 "points; one with the notebook's 100 points written in (a shape such as "
                                 "(100, 1), or the notebook's X or Y) fails here.")
    if isinstance(ws7, Feedback):
        return ws7
    right7 = train(X7, Y7, w0=-10.0, lr=0.05, iterations=20).w
    if not same_run(ws7, right7) and same_run(ws7, train(X7, Y7, w0=-10.0, lr=0.05 * 7 / 100, iterations=20).w):
        return Feedback("wrong", f"on {OTHER_DATA} 20 of your steps take w from -10 to "
                                 f"{ws7[-1]:.4f} instead of {right7[-1]:.4f}: your loss divides by 100, the number of "
                                 "points in the notebook, not by the number of points it is given. The mean does "
                                 "that for any number of points.")
    if not same_run(ws7, right7):
        hint = (f"exactly where they end on the notebook's own data at the same lr = 0.05 ({ws_lr[-1]:.4f}): does "
                "it use its arguments X and Y?" if same_run(ws7, ws_lr)
                else "does it use only its arguments w, X, Y and lr?")
        return Feedback("wrong", f"on {OTHER_DATA} 20 of your steps take w from -10 to "
                                 f"{ws7[-1]:.4f} instead of {right7[-1]:.4f}, {hint}")
    # Right numbers. Were they found with backward(), as the exercise asks, rather than by a gradient written out
    # by hand or handed back by torch.autograd.grad? A hook on w counts the gradients autograd computes for it
    # during one step; a second one, the gradients backward() adds into w.grad (autograd.grad adds none).
    w = torch.tensor(-10.0, requires_grad=True)
    gradients, accumulated = [], []
    hooks = [w.register_hook(lambda grad: gradients.append(grad)),
             w.register_post_accumulate_grad_hook(lambda tensor: accumulated.append(tensor.grad))]
    try:
        _, error = call(my_step, w, data.X.clone(), data.Y.clone(), 0.1)
    finally:
        for hook in hooks:
            hook.remove()
    if not error and not gradients and any(name.startswith("helpers.train") for name in helpers_used(my_step)):
        return Feedback("wrong", "your 20 steps match the notebook's loop because your step calls helpers.train, "
                                 "which runs the loop for you. This exercise asks you to write the step itself: "
                                 "the loss, backward(), the update of w in place and the zeroing.")
    if not error and not gradients:
        return Feedback("wrong", "your 20 steps match the notebook's loop, but autograd computed no gradient for w "
                                 "in them: your step finds the gradient without backward(). This exercise asks for "
                                 "the loop's way: the loss, backward(), and the gradient PyTorch leaves in w.grad, "
                                 "which works for any model, not only for this formula.")
    if not error and not accumulated:
        how = ("takes the gradient with torch.autograd.grad" if "autograd" in names_used(my_step)
               else "has autograd hand the gradient back to it")
        return Feedback("wrong", f"your 20 steps match the notebook's loop, but your step {how} instead of calling "
                                 "loss.backward(): the gradient comes back to your code, and PyTorch never adds it "
                                 "into w.grad. This exercise asks for backward() and for zeroing w.grad, which go "
                                 "together: backward() does not hand the gradient back, it adds it into w.grad, on "
                                 "top of what is already there, and that is why every step must zero w.grad (or "
                                 "the gradients pile up: the notebook's optional section on zeroing shows what that does).")
    if OPTIMISERS & names_used(my_step):
        return Feedback("wrong", "your 20 steps match the notebook's loop, but an optimiser from torch.optim makes "
                                 "the update and clears the gradient for you. This exercise asks you to write those "
                                 "two yourself: the update of w in place inside torch.no_grad(), then the zeroing. "
                                 "(The optimiser is the shortcut notebook 4 shows, once the steps are yours.)")
    aside = DATA_ASIDE if "data" in names_used(my_step) else ""
    return Feedback("correct", f"20 of your steps take w from -10 to {ws[-1]:.4f}, the same as the notebook's "
                               f"loop, and they follow it with another learning rate and on other data too.{aside}")


def _backward_calls(my_step, data):
    """How many times one call of a learner's step adds a gradient into w.grad (a backward() each)."""
    w = torch.tensor(-10.0, requires_grad=True)
    added = []
    hook = w.register_post_accumulate_grad_hook(lambda tensor: added.append(1))
    try:
        call(my_step, w, data.X.clone(), data.Y.clone(), 0.1)
    finally:
        hook.remove()
    return len(added)


def _step_run(my_step, X, Y, lr, zero_grad_first=False):
    """Call a learner's step 20 times on a fresh w = -10; return (w after each step, the Feedback if it raised).

    The first value is a Feedback instead of a list if w stopped being a single number.
    """
    w = torch.tensor(-10.0, requires_grad=True)
    if zero_grad_first:
        w.grad = torch.zeros(())
    ws = []
    for _ in range(20):
        _, error = call(my_step, w, X.clone(), Y.clone(), lr)
        if error:
            return ws, error
        if w.numel() != 1:
            return Feedback("wrong", f"after your step w has shape {tuple(w.shape)}; it should stay a single "
                                     "number."), None
        ws.append(float(w.detach().reshape(-1)[0]))
    return ws, None


def _flattened(X, Y, lr, steps):
    """Where steps of a loss that mixes a flattened prediction with the column Y (a 100 x 100 broadcast) take w."""
    w, ws = torch.tensor(-10.0, requires_grad=True), []
    for _ in range(steps):
        ((w * X.view(-1) - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
        ws.append(w.item())
    return ws


def _never_zeroed(X, Y, lr):
    """The notebook's loop with the gradient never cleared: w after each of 20 steps, from w = -10."""
    w = torch.tensor(-10.0, requires_grad=True)
    ws = []
    for _ in range(20):
        mse(forward(X, w), Y).backward()
        with torch.no_grad():
            w -= lr * w.grad
        ws.append(w.item())
    return ws

