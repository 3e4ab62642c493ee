"""The machinery behind ``helpers``: plots, live explorers and exercise checks.

Learners open ``helpers.py``, which holds what the course teaches (data, model, loss, training,
analysis) and hands out everything here under the same names (``helpers.TrainingExplorer``,
``helpers.check_step``), loaded only when first used. Imports run one way: these modules use
``helpers``; ``helpers`` imports none of them until a name is asked for.

* ``ranges``             the domain numbers, once: slider ranges, axis limits, presets
* ``style``              colours, matplotlib settings, a styled figure
* ``plots``              the notebooks' static pictures (``plot_data``, ``plot_runs``, ...)
* ``panel``              ``BlitPanel``: one cached figure shown in one ``ipywidgets.Image``
* ``explorer_base``      what every explorer shares: readout, error-safe callbacks, summary
* ``data_explorers``     ``DataExplorer`` (notebook 1) and ``LossExplorer`` (notebook 2)
* ``training_run``       the training explorer's logic, without widgets: run, extend, readout text
* ``training_panels``    the training explorer's three pictures
* ``lr_control``         the learning-rate log slider paired with its exact-value box
* ``training_explorer``  ``TrainingExplorer`` (notebooks 3 and 4): widgets wired to the pieces above
* ``presenter``          presenter mode: the four explorers on one page for Voila (``make present``)
* ``feedback``           ``Feedback`` and what every exercise check shares
* ``checks_nb1`` .. ``checks_nb4``   the exercise checks, one file per notebook
"""
