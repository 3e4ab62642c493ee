# Read by Voila (`make present`, the presenter-mode test: JUPYTER_CONFIG_PATH points here), beside present/voila.json.
import logging

from course.low_latency import send_small_messages_at_once

send_small_messages_at_once(logging.getLogger("Voila"))

# A reloaded or closed presenter page leaves its kernel behind: Voila's page asks to shut it down on unload, but
# the request lacks the '_xsrf' argument and the server answers 403 (an open upstream Voila issue). Each
# explorer kernel holds about 300 MB. So the server ends a kernel that no page is connected to once it has been
# idle for 20 s, checking every 5 s; a kernel an open page is connected to is never ended, however long the
# class looks at the picture.
c.MappingKernelManager.cull_idle_timeout = 20  # noqa: F821 (c: traitlets)
c.MappingKernelManager.cull_interval = 5  # noqa: F821
c.MappingKernelManager.cull_connected = False  # noqa: F821
