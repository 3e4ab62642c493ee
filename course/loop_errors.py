"""What an exception raised by a learner's ``fit_line`` (exercise 4.2) means, in the terms of the loop.

Used by course/checks_loop.py, for every run of the learner's loop that raises.
"""

from course.code_reading import globals_read, names_used, rebound_in_loop, uncalled
from course.feedback import Feedback, name_hint
from course.loop_runs import Watch, call_quietly, none_gradient_reason


def raised(fit_line, exc, X, Y, lr, iterations, where="the notebook's data"):
    """Say what an exception raised by fit_line means, in the terms of the loop."""
    text = str(exc).strip().split("\n")[0]
    if len(text) > 150 and ". " in text:  # PyTorch's longer messages: their first sentence says what happened
        text = text.split(". ")[0]
    text = text.rstrip(".")
    raised = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    when = f"fit_line(X, Y, lr={lr:g}, iterations={iterations}) on {where} raised {raised}"
    watch = Watch()
    call_quietly(fit_line, X, Y, lr, iterations, watch=watch)  # again, counting the backward() calls before it raises
    rebound = ([n for n in rebound_in_loop(fit_line) if n in ("w", "b")]  # w = w - ...: read only when it matters
               if isinstance(exc, RuntimeError) and "does not require grad" in text else [])
    if rebound:
        rebound.sort(key=lambda name: name != "w")  # w first, as the loop names them
        writes = " and ".join(f"{name} = {name} - ..." for name in rebound)
        return Feedback("wrong", f"{when}. Your loop writes {writes}: that makes a new tensor in place of "
                                 f"{' and '.join(rebound)}, made while recording was paused, so the next "
                                 "backward() has nothing to trace back to. Change it in place instead, with -=, "
                                 "inside torch.no_grad().")
    if name_hint(exc):
        return Feedback("wrong", f"{when}. {name_hint(exc)}".rstrip())
    if isinstance(exc, RuntimeError) and "leaf Variable that requires grad" in text:
        return Feedback("wrong", f"{when}. PyTorch refused the in-place update of w or b because autograd was "
                                 "recording it: put the update inside `with torch.no_grad():`.")
    if isinstance(exc, RuntimeError) and "only for scalar outputs" in text:
        return Feedback("wrong", f"{when}. backward() was called on a loss of many numbers, one per point: it needs "
                                 "a single number. The mean squared error squares each difference and then takes "
                                 "their mean, which makes it one number.")
    if isinstance(exc, RuntimeError) and "backward through the graph a second time" in text:
        return Feedback("wrong", f"{when}. backward() ran a second time through the same computation: the "
                                 "prediction and the loss have to be computed anew inside the loop, every "
                                 "iteration, from the current w and b.")
    if isinstance(exc, RuntimeError) and "does not require grad" in text:
        return Feedback("wrong", f"{when}. The loss did not depend on any tensor that autograd follows: either w "
                                 "and b were made without requires_grad=True, or an update made new tensors "
                                 "(w = w - ...) in place of the ones autograd follows. Change w and b in place.")
    if isinstance(exc, TypeError) and "NoneType" in text:
        if not watch.backwards:
            bare = (" Your loop writes backward without the brackets (): that only names the method, it does not "
                    "call it." if uncalled(fit_line, "backward") else "")
            return Feedback("wrong", f"{when}. backward() never ran before that: w.grad and b.grad are None "
                                     "until backward() is called on the loss, so the update had no gradient to "
                                     f"use.{bare}")
        nones = [name for name, value in globals_read(fit_line).items() if value is None]
        if nones:
            return Feedback("wrong", f"{when}. Your loop reads {' and '.join(nones)}, which "
                                     f"{'is' if len(nones) == 1 else 'are'} None here: it should use its own "
                                     "arguments lr and iterations.")
        return Feedback("wrong", f"{when}. A gradient was None when the update used it, although backward() had "
                                 f"run: {none_gradient_reason(fit_line, exc)}")
    if isinstance(exc, AttributeError) and "NoneType" in text and "zero_" in text:
        if not watch.backwards:
            never = ("" if "backward" in names_used(fit_line) else
                     " Your loop never calls backward() at all, either.")
            return Feedback("wrong", f"{when}. Your loop zeroed a gradient before any backward() had run: on a "
                                     "fresh tensor, w.grad is None until the first backward(), so there is "
                                     "nothing to zero yet. Zero the gradients after the update, or skip zeroing "
                                     f"while they are None.{never}")
        return Feedback("wrong", f"{when}. A gradient was None when your loop zeroed it, after backward() had run: "
                                 "w = w - ... makes a new tensor, which has no gradient of its own, instead of "
                                 "changing w in place (w -= ... inside torch.no_grad()).")
    return Feedback("wrong", f"{when}. Run fit_line on its own in a new cell to see where.")
