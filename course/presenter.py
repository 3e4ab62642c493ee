"""Presenter mode (``make present``): the four explorers on one page, without code, sized for a projector.

Served by Voila from ``present/explorers.ipynb``. A chooser switches between the explorers of the
four notebooks; each is built the first time it is chosen and then kept, so a class can go back
to one without losing its sliders.
"""

import helpers

# Larger text and controls for the back of a room. Plain CSS in an HTML widget: no JavaScript.
PROJECTOR_CSS = """<style>
.presenter .widget-label, .presenter .widget-readout, .presenter .widget-button,
.presenter .widget-toggle-button, .presenter .widget-text input, .presenter .widget-inline-hbox label
    { font-size: 20px !important; }
.presenter .widget-slider .widget-label { min-width: 170px !important; }
.presenter .widget-slider { width: 600px !important; }
.presenter .widget-text { width: 330px !important; }
.presenter .widget-text .widget-label { min-width: 125px !important; }
.presenter .value-box { width: 120px !important; }
.presenter .value-box .widget-label { min-width: 0 !important; width: 0 !important; }
.presenter .widget-button, .presenter .widget-toggle-button { width: auto !important; min-width: 110px; }
.presenter .widget-html span { font-size: 18px !important; }
.presenter .widget-button, .presenter .widget-toggle-button { height: 40px !important; }
.presenter .widget-gridbox:not(.explorer-stack) { grid-template-columns: repeat(3, minmax(0, 560px)) !important; }
.presenter .explorer-readout div { font-size: 22px !important; line-height: 1.45 !important; }
.presenter .explorer-readout .explorer-share { font-size: 17px !important; }  /* the share line: small, still legible */
.presenter h1 { font-size: 34px; margin: 4px 0 12px 0; }
/* the key numbers on the first screen: the readout right under the controls, then the pictures in one row, sized
   to the window (at 125-150% zoom on 1920 x 1080, or on a 1280 x 800 projector, a class sees the readout without
   scrolling, and the loss per iteration, where a run that blows up shows, beside the other two) */
.presenter .widget-gridbox > .explorer-readout { order: -1; grid-column: 1 / -1; }
.presenter .widget-vbox > .explorer-readout { order: 1; }
.presenter .widget-vbox > .explorer-stack, .presenter .widget-hbox > .explorer-stack { order: 2; }
.presenter .explorer-stack img { max-height: 50vh; object-fit: contain; }  /* both of a panel's pictures alike */
</style>"""

CHOICES = {
    "1 · the data": lambda data: helpers.DataExplorer(),
    # predict first (the guide's prediction points): explorer 2 draws the loss only where w has been, until unticked;
    # explorers 3 and 4 draw only the start of each run until ▶ play has shown it
    "2 · the loss": lambda data: helpers.LossExplorer(data.X, data.Y, predict=True),
    "3 · training w": lambda data: helpers.TrainingExplorer(data.X, data.Y, predict=True),
    "4 · training w and b": lambda data: helpers.TrainingExplorer(data.X, data.Y, with_bias=True, predict=True),
}


def presenter(start="3 · training w"):
    """The presenter page: a title, the chooser and the chosen explorer.

    Args:
        start: which explorer to show first, one of the keys of ``CHOICES``.

    Returns:
        An ipywidgets VBox to display (Voila shows it as the page).
    """
    import ipywidgets as widgets

    if start not in CHOICES:
        raise ValueError(f"start must be one of {list(CHOICES)}, got {start!r}")
    data = helpers.make_data()
    built = {}
    holder = widgets.Box()
    chooser = widgets.ToggleButtons(options=list(CHOICES), value=start, description="explorer",
                                    style={"button_width": "230px", "description_width": "100px"})

    def show(name):
        if name not in built:
            built[name] = CHOICES[name](data)
        holder.children = [built[name].widget]

    chooser.observe(lambda change: show(change["new"]), names="value")
    show(start)
    page = widgets.VBox([widgets.HTML(PROJECTOR_CSS),
                         widgets.HTML("<h1>Training a linear regression model: the explorers</h1>"),
                         chooser, holder])
    page.add_class("presenter")
    return page
