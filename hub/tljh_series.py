# The Littlest JupyterHub: copy to /opt/tljh/config/jupyterhub_config.d/series.py, then `sudo tljh-config reload`.
# Every learner's server gets the series' JupyterLab settings (the clone in /srv/series, HUB.md) and opens on
# JupyterLab; PyTorch keeps to one thread (100 points need no more, and a class shares the cores).
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": "/srv/series/jupyter_config", "OMP_NUM_THREADS": "1"}  # noqa: F821
c.Spawner.default_url = "/lab"  # noqa: F821
