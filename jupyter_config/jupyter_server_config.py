# Read by `make lab` (JUPYTER_CONFIG_PATH points here) and by the browser tests' JupyterLab.
import logging

from course.low_latency import send_small_messages_at_once

send_small_messages_at_once(logging.getLogger("ServerApp"))
