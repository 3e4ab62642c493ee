"""Pacing: after a change that had to wait for the processor, an explorer's kernel rests before the next one.

On a hub, a class's kernels share a few cores. A browser sends an explorer's next slider value only once the
kernel has finished the last one (ipywidgets' one message in flight), so every kernel whose learner is dragging
is ready again at once, and a learner who presses a single key finds the cores queued. A kernel that can tell it
waited (its change took longer on the clock than on the processor) rests eight times as long as it waited, up to
``MOST``, after its pictures have gone out and before it tells the browser it is free. The dragging learner sees
fewer pictures a second while the machine is busy; the queue the others meet is shorter. Alone on a machine a
kernel hardly waits, and does not rest. (Measured with ``make loadtest``, 30 learners in the class pattern on 2
cores: resting as long as it waited, up to 0.1 s, left a single key press a p95 of 295 ms; three times, up to
0.3 s, 170 ms; five times, up to 0.5 s, 142 ms, with the dragging learners' pictures a second going from 8.2 to
5.3, all on 2026-12-07 with the top pictures as PNG bytes. On 2026-12-08, with data: URLs: five times, up to 0.5 s,
90, 108 and 101 ms in three runs; eight times, up to 0.8 s, 72, 102 and 86 ms. HUB.md has the figures.)

Only a change that came from a browser rests: a cell that sets a slider, and plain Python (the tests), never
wait. Used by ``course.explorer_base.Explorer``, around every callback a widget change runs.
"""

import collections
import time

REST_PER_WAIT = 8.0  # seconds of rest for each second the change waited for the processor
MOST = 0.8  # the longest rest: a dragging learner's next picture is never held back more than this


def rest_after(wall, cpu, per_wait=REST_PER_WAIT, most=MOST):
    """How long to rest after a change.

    Args:
        wall: seconds the change took on the clock.
        cpu: seconds of it the kernel's thread spent on the processor.
        per_wait: seconds of rest per second waited (``wall - cpu``).
        most: the longest rest, in seconds.

    Returns:
        Seconds to rest: ``per_wait * (wall - cpu)``, at least 0 and at most ``most``.
    """
    for name, value in (("wall", wall), ("cpu", cpu), ("per_wait", per_wait), ("most", most)):
        if not isinstance(value, (int, float)) or value != value or value < 0:
            raise ValueError(f"{name} must be a number of seconds, 0 or more, not {value!r}")
    return min(most, max(0.0, per_wait * (wall - cpu)))


def from_a_browser():
    """True while the kernel runs the message a browser sent for a widget (a comm message), not a cell's code."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return False
    parent = kernel.get_parent("shell") or {}
    return parent.get("header", {}).get("msg_type") == "comm_msg"


class Pacer:
    """Times the outermost callback of each change and rests after it when it came from a browser; ``waited``
    tells work that can wait (drawing ahead) that the machine is busy.

    ``with pacer.change(): ...`` around a callback; callbacks run inside it count as part of the same change.
    """

    def __init__(self, sleep=time.sleep, browser=from_a_browser):
        self._sleep, self._browser = sleep, browser
        self._depth, self._quiet = 0, 0
        self.rested = collections.deque(maxlen=1000)  # the last rests taken, in seconds
        self.waited = 0.0  # seconds the last change from a browser waited for the processor

    def change(self):
        return _Change(self)

    def without_rest(self):
        """Changes made inside never rest: the explorer's own (a replay stepping in the kernel's event loop)."""
        return _Change(self, rests=False)


class _Change:
    def __init__(self, pacer, rests=True):
        self.pacer, self.rests = pacer, rests

    def __enter__(self):
        self.pacer._depth += 1
        self.pacer._quiet += not self.rests
        self.wall, self.cpu = time.perf_counter(), time.thread_time()

    def __exit__(self, *exc):
        pacer = self.pacer
        pacer._depth -= 1
        pacer._quiet -= not self.rests
        if pacer._depth == 0 and self.rests and not pacer._quiet and pacer._browser():
            wall, cpu = time.perf_counter() - self.wall, time.thread_time() - self.cpu
            pacer.waited = max(0.0, wall - cpu)
            rest = rest_after(wall, cpu)
            if rest > 0:
                pacer.rested.append(rest)
                pacer._sleep(rest)
        return False
