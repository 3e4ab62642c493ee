"""Drawing ahead: the training explorer draws, in the kernel's idle time, the loss-panel backgrounds a drag of the
learning-rate slider would need next, so that the drag itself never waits for a full redraw of the panel."""

import asyncio

from course import ranges


class DrawAhead:
    """What ``TrainingExplorer`` does between a learner's changes: the trial runs and backgrounds of drawing ahead.

    It reads the explorer's ``run``, ``drawing``, ``pacer``, ``iterations`` and controls.
    """

    DRAW_AHEAD_PAUSE = 0.3  # seconds the controls rest, after a change in the browser, before drawing ahead
    BUSY = 0.005  # no drawing ahead while the last change waited longer than this for the processor (a busy hub)
    AHEAD_LRS = [10 ** v for v in ranges.values(ranges.LR_LOG10)[::5]]  # what drawing ahead tries: every 5th step

    def _touched_in_browser(self):
        """True while the kernel applies a value a person set in the browser, False when code set it.

        ipywidgets holds a property lock on a widget while it applies the browser's values to it. Code (a
        notebook cell, Run All) does not trigger drawing ahead, so it never slows a notebook's run.
        """
        controls = [self.lr, self.lr_exact, self.iterations, self.w0, self.b0, self.method, self.beta,
                    self.batch, self.standardise, *self.value_boxes.values()]
        return any(getattr(control, "_property_lock", None) for control in controls)

    def draw_ahead_steps(self):
        """Draw, ahead of need, the loss-panel backgrounds a drag of the learning-rate slider would need at the
        other settings as they are, in small pieces: one trial run or one background per step.

        A new top of the loss axis (a diverging run) or legend corner would otherwise cost a full redraw of the
        panel, several times a usual update, in the middle of the drag. Yields 1 for each background drawn, 0 for
        each trial run; nothing when drawn ahead for these settings already (a new learning rate reuses the trials).
        """
        n, run = self.iterations.value, self.run
        settings = (n, run.w0, run.b0, run.momentum, run.batch, run.standardise)
        if (settings, self.drawing.loss_axis) == self._drawn_ahead_for:
            return
        if self._trials[0] != settings:  # the trial runs depend on these only: a drag of the rate alone reuses them
            runs = []
            for lr in self.AHEAD_LRS:
                trial = self.run.trial(lr, n)
                steps = trial.steps(n)
                runs.append((steps, trial.losses(steps)))
                yield 0
            self._trials = (settings, runs)
        for key in self.drawing.backgrounds_needed(self._trials[1]):
            yield int(self.drawing.warm(key))
        self._drawn_ahead_for = (settings, self.drawing.loss_axis)

    def draw_ahead(self):
        """All of ``draw_ahead_steps`` at once; returns how many backgrounds it drew."""
        return sum(self.draw_ahead_steps())

    def _draw_ahead_soon(self):
        """Once the controls have rested for ``DRAW_AHEAD_PAUSE``, draw ahead in the kernel's idle time."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # plain Python, no kernel: nothing can run in the background
            return
        self._changed_at = loop.time()
        if self._ahead is None or self._ahead.done():
            self._ahead = loop.create_task(self._draw_ahead_when_idle())

    async def _draw_ahead_when_idle(self):
        """Draw ahead one step at a time, letting the kernel handle messages between steps; a change starts over."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                wait = self._changed_at + self.DRAW_AHEAD_PAUSE - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                started = self._changed_at
                for _ in self.draw_ahead_steps() if self.pacer.waited <= self.BUSY else ():  # busy: it can wait
                    await asyncio.sleep(0)
                    if self._changed_at != started or self.pacer.waited > self.BUSY:
                        break
                else:
                    return
        except Exception as exc:  # drawing ahead only saves time later: it must never break the explorer
            self.errors.append(exc)
