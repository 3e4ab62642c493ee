"""`make hub`: a real JupyterHub on 127.0.0.1 that serves the series to local learners, for trying a hub and for
the tests (`tools/hub.py` starts it; a real class's hub is in HUB.md).

Each learner logs in with any name and the shared password, and gets a single-user Jupyter server of their own
with the same set-up as `make lab` (this project's environment and `jupyter_config/`) in a home folder holding
notebooks 1-4. Everything is read from the environment `tools/hub.py` sets: SERIES_HUB_PORT, SERIES_HUB_STATE
(the hub's database, cookie secret and the learners' homes), SERIES_HUB_PASSWORD and SERIES_HUB_SERVICE_TOKEN
(an admin service for the load test). Nothing listens beyond 127.0.0.1.
"""

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATE = Path(os.environ["SERIES_HUB_STATE"])
HOMES = STATE / "homes"
PORT = int(os.environ["SERIES_HUB_PORT"])
BIN = Path(sys.executable).parent  # this project's environment, for the hub and every learner's server

c = get_config()  # noqa: F821 (traitlets gives the config file get_config)

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.ConfigurableHTTPProxy.command = [str(ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# any name, one shared password: a hub to try, not to put on a network
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["SERIES_HUB_PASSWORD"]
c.Authenticator.allow_all = True

# each learner's server: a local process in a home folder of its own, set up as `make lab` sets up the lab
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab/tree/01_preparing_data.ipynb"
# one thread for PyTorch's small sums in each kernel, as HUB.md's recipes set it: many kernels share few cores
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(ROOT / "jupyter_config"), "PATH": f"{BIN}:{os.environ['PATH']}",
                         "OMP_NUM_THREADS": "1"}
# the page's JupyterLab object in window.jupyterapp, as the browser tests' own lab has it (they read the kernel's
# state there); Jupyter refuses to run as root unless told to
c.Spawner.args = ["--LabApp.expose_app_in_browser=True"] + (["--allow-root"] if os.getuid() == 0 else [])
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60


def copy_the_series(spawner):
    """Put notebooks 1-4 in the learner's home the first time their server starts (later, their own copies)."""
    home = HOMES / spawner.user.name
    home.mkdir(parents=True, exist_ok=True)
    for notebook in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        if not (home / notebook.name).exists():
            shutil.copy2(notebook, home / notebook.name)


c.Spawner.pre_spawn_hook = copy_the_series

# the load test's service: creates learners, starts their servers and logs in as them, through the REST API
c.JupyterHub.services = [{"name": "loadtest", "api_token": os.environ["SERIES_HUB_SERVICE_TOKEN"]}]
c.JupyterHub.load_roles = [{"name": "loadtest", "services": ["loadtest"],
                            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}]
