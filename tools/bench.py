"""Kernel-side latency of one slider change: new value set -> new PNG in the Image widget.

Prints one line per explorer over a few hundred changes spread across every
slider's range, and one line per explorer for changes around the default settings:

    <explorer> p50=<ms> p95=<ms> max=<ms>

Targets on a 2-core machine: p95 <= 60 ms anywhere in range, <= 30 ms at the defaults; max <= 120 ms.

Then the time the closing exercise's check (notebook 4) takes to judge a right loop: target under 1 s.

Last, per explorer, the bytes a learner's browser receives for one change over a few hundred changes of every
slider (tools/wire.py: the pictures, the readout, the slider's echo, the kernel's busy and idle):

    bytes <explorer> p50=<KB> p95=<KB> max=<KB>

Target: at most 35 KB at p95 (a change that redraws the axes also sends a new backdrop, hence the max).
"""

import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import helpers  # noqa: E402
from course import ranges  # noqa: E402
from tools.wire import received_bytes  # noqa: E402


def timed(changes):
    """Apply each change (a zero-argument function) and time it in milliseconds."""
    times = []
    for change in changes:
        start = time.perf_counter()
        change()
        times.append((time.perf_counter() - start) * 1000)
    return times


def setter(widget, value):
    def change():
        widget.value = value
    return change


def report(name, times, explorer):
    assert not explorer.errors, explorer.errors
    p50, p95, worst = np.percentile(times, 50), np.percentile(times, 95), max(times)
    print(f"{name} p50={p50:.1f} p95={p95:.1f} max={worst:.1f}  ({len(times)} changes)")


def sweep(rng, sliders, count):
    """``count`` changes, each moving a random slider to a random value in its range."""
    changes = []
    for _ in range(count):
        widget, values = rng.choice(sliders)
        changes.append(setter(widget, rng.choice(values)))
    return changes


def around_defaults(sliders, steps=3):
    """Each slider moved a few steps up and back down from its default value."""
    changes = []
    for widget, values in sliders:
        start = widget.value
        # the nearest value; a choice (a method, a switch) by its place in the list
        i = values.index(start) if isinstance(start, (str, bool)) else int(np.argmin([abs(v - start) for v in values]))
        for j in list(range(i + 1, min(i + 1 + steps, len(values)))) + list(range(i + steps - 1, i - 1, -1)):
            changes.append(setter(widget, values[min(j, len(values) - 1)]))
        changes.append(setter(widget, start))
    return changes * 4


def main():
    rng = random.Random(0)
    data = helpers.make_data()

    e = helpers.DataExplorer()
    report("data", timed(sweep(rng, sliders_for_data(e), 300)), e)
    e = helpers.DataExplorer()
    report("data@defaults", timed(around_defaults(sliders_for_data(e))), e)

    e = helpers.LossExplorer(data.X, data.Y)
    ws = ranges.values(ranges.W)
    report("loss", timed(sweep(rng, [(e.w, ws)], 300)), e)
    e = helpers.LossExplorer(data.X, data.Y)
    report("loss@defaults", timed(around_defaults([(e.w, ws)])), e)

    for name, with_bias in (("train-w", False), ("train-wb", True)):
        e = helpers.TrainingExplorer(data.X, data.Y, with_bias=with_bias)
        report(name, timed(sweep(rng, training_sliders(e), 400)), e)
        e = helpers.TrainingExplorer(data.X, data.Y, with_bias=with_bias)
        report(f"{name}@defaults", timed(around_defaults(training_sliders(e))), e)

    times = timed([lambda: helpers.check_training_loop(right_loop, 0.02)] * 5)
    print(f"check_training_loop p50={np.percentile(times, 50):.0f} max={max(times):.0f}  (ms, a right loop, 5 runs)")

    for name, e, sliders in (("data", helpers.DataExplorer(), sliders_for_data),
                             ("loss", helpers.LossExplorer(data.X, data.Y), lambda e: [(e.w, ranges.values(ranges.W))]),
                             ("train-w", helpers.TrainingExplorer(data.X, data.Y), training_sliders),
                             ("train-wb", helpers.TrainingExplorer(data.X, data.Y, with_bias=True), training_sliders)):
        sizes = [received_bytes(change) / 1024 for change in sweep(rng, sliders(e), 300)]
        print(f"bytes {name} p50={np.percentile(sizes, 50):.1f} p95={np.percentile(sizes, 95):.1f} "
              f"max={max(sizes):.1f}  (KB a browser receives per change, {len(sizes)} changes)")


def right_loop(X, Y, lr, iterations):
    """A right answer to notebook 4's closing exercise, for timing its check."""
    import torch

    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    for _ in range(iterations):
        ((w * X + b - Y) ** 2).mean().backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item()


def sliders_for_data(e):
    return [(e.slope, ranges.values(ranges.SLOPE)), (e.noise, ranges.values(ranges.NOISE)),
            (e.seed, [int(v) for v in ranges.values(ranges.SEED)])]


def training_sliders(e):
    """The training explorer's sliders with their ranges; the playback slider clamps to the run's length."""
    steps = list(range(ranges.MAX_ITERATIONS + 1))
    sliders = [(e.lr, [10 ** v for v in ranges.values(ranges.LR_LOG10)]), (e.iterations, steps),
               (e.w0, ranges.values(ranges.W0)), (e.shown, steps)]
    if e.with_bias:  # and notebook 4's methods: momentum, mini-batches, standardised x
        sliders += [(e.b0, ranges.values(ranges.B0)), (e.method, list(ranges.METHODS)),
                    (e.beta, ranges.values(ranges.BETA)), (e.batch, [int(v) for v in ranges.values(ranges.BATCH)]),
                    (e.standardise, [False, True])]
    return sliders


if __name__ == "__main__":
    main()
