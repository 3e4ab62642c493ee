"""The series' domain numbers, each defined once: slider ranges, axis limits and presets.

The explorers build their sliders from these, the tests and ``tools/bench.py`` sweep them.
A range is (min, max, step).
"""

# notebook 1: the data explorer
SLOPE = (-10.0, 10.0, 0.5)
NOISE = (0.0, 5.0, 0.1)
SEED = (0, 50, 1)

# notebooks 2-4: the parameters. W is the loss explorer's slider (notebook 2) and, with a coarser
# step, the training explorer's initial w; B is the initial b.
W = (-15.0, 5.0, 0.1)
W0 = (W[0], W[1], 0.5)
B0 = (-25.0, 15.0, 0.5)

# notebooks 3-4: the training explorer
LR_LOG10 = (-3.0, 0.0, 0.01)  # the learning-rate slider, as powers of ten: 0.001 to 1 (standardised x takes 0.5)
LR_EXACT = (1e-4, 10.0, 0.001)  # what the exact-value box accepts
MAX_ITERATIONS = 200

# axis limits of the explorers' data panels
X_LIMITS = (-5.3, 5.3)
# every explorer's data panel: the data explorer's steepest lines and the line of the starting w = -10 (±50 at the
# ends of the data) fit, with room for most of the noise
Y_LIMITS = (-60.0, 60.0)

# the training explorer's preset buttons: what each sets, and its tooltip (the settings only: a tooltip that told the
# outcome would answer a prediction a class is asked to make)
PRESETS = {
    "tutorial": ({"lr": 0.1, "iterations": 20, "w0": -10.0, "b0": -20.0}, "lr 0.1, 20 iterations"),
    "slow": ({"lr": 0.01, "iterations": 100}, "lr 0.01, 100 iterations"),
    "oscillating": ({"lr": 0.11, "iterations": 60}, "lr 0.11, 60 iterations"),
    "diverging": ({"lr": 0.13, "iterations": 60}, "lr 0.13, 60 iterations"),
    "defaults": ({}, "back to the start"),
}

# notebook 4's "Going further": the two-parameter explorer's methods, their settings, and a preset for each
METHODS = ("gradient descent", "momentum", "mini-batch")
BETA = (0.0, 0.95, 0.05)  # the momentum slider
BATCH = (1, 100, 1)  # the batch-size slider: 1 point up to all 100
PRESETS_WITH_BIAS = {
    "standardised": ({"lr": 0.49, "iterations": 20, "standardise": True}, "x / std(x), lr 0.49, 20 iterations"),
    "momentum": ({"lr": 0.1, "iterations": 60, "method": "momentum", "beta": 0.5}, "lr 0.1 with momentum 0.5"),
    "mini-batch": ({"lr": 0.1, "iterations": 100, "method": "mini-batch", "batch": 10},
                   "lr 0.1, batches of 10: 10 steps per epoch"),
}
# a preset's button label where its name is also a method button's: no two controls with the same label
PRESET_LABELS = {"momentum": f"momentum β {PRESETS_WITH_BIAS['momentum'][0]['beta']}",
                 "mini-batch": f"batches of {PRESETS_WITH_BIAS['mini-batch'][0]['batch']}"}

# the training explorer's loss axes: the loss curve L(w) (notebook 3), and the loss per iteration on a
# log scale, whose top grows when a diverging run needs it
LOSS_CURVE_LIMITS = (-40.0, 900.0)
LOSS_LOG_LIMITS = (0.1, 2e4)


def values(rng):
    """Every value a slider with range ``rng`` = (min, max, step) can take, as a list."""
    low, high, step = rng
    count = round((high - low) / step)
    return [round(low + k * step, 10) for k in range(count + 1)]
