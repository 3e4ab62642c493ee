# Read by Voila (`make present`, the presenter-mode test: JUPYTER_CONFIG_PATH points here), beside present/voila.json.
import logging

from course.low_latency import send_small_messages_at_once

send_small_messages_at_once(logging.getLogger("Voila"))
