# Read by `make lab` (JUPYTER_CONFIG_PATH points here) and by the browser tests' JupyterLab.
import logging
from pathlib import Path

from course.low_latency import send_small_messages_at_once

send_small_messages_at_once(logging.getLogger("ServerApp"))

# JupyterLab's defaults for this series (lab_settings/overrides.json; a learner's own settings still win):
# the kernel's busy/idle circle sits in the status bar, beside "Python 3 (ipykernel) | Busy", instead of
# in the notebook's toolbar. In the toolbar, each busy and each idle makes the toolbar re-measure all its
# buttons, which forces the browser to lay out the whole page: twice per slider change, about 6 ms of the
# page's time each change (measured while dragging an explorer's slider). Only JupyterLab reads this
# folder; Notebook 7, which shows no status bar, keeps the circle in its toolbar.
#
# And labconfig/page_config.json (read from every folder on JUPYTER_CONFIG_PATH, so Notebook 7 reads it too)
# turns off JupyterLab's busy tab icon. On each busy and idle it swapped the page's icon links and the
# browser fetched the busy icon from this server again: twice per slider change, for an icon a learner
# rarely looks at. Measured on one-second drags of notebook 3's and 4's learning-rate handle (six of each
# kind, two rounds): the median number of pictures shown rose from 16-19 to 19-23 with the moves back to
# back. The status bar still says "Busy" and "Idle" in words.
c.LabApp.app_settings_dir = str(Path(__file__).resolve().parent / "lab_settings")  # noqa: F821 (c: traitlets)

# No pop-up asking "get notified about official Jupyter news?" over a projected screen, and no calls home:
# the news feed and the update check are off (and the same in lab_settings/overrides.json for the pop-up).
c.LabApp.news_url = None  # noqa: F821
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"  # noqa: F821
