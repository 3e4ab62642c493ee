"""HUB.md's recipe for a class: its config files are valid for the hubs they are for, and agree with the sizing.

Zero to JupyterHub: hub/zero-to-jupyterhub.yaml against the chart's own values schema (the sections it sets,
hub/schema/z2jh-values.schema.yaml). The Littlest JupyterHub: every key of hub/tljh-config.yaml is one TLJH knows
(hub/schema/tljh-config-defaults.yaml, its defaults). hub/tljh_series.py is valid Python. The memory and CPU in
both files are the figures HUB.md's sizing gives, and binder/requirements.txt builds the learner's set-up with
PyTorch's CPU wheels. Kubernetes and TLJH themselves could not be run here: see HUB.md."""

import ast
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "hub"


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def z2jh():
    return load(HUB / "zero-to-jupyterhub.yaml")


def tljh():
    return load(HUB / "tljh-config.yaml")


def test_the_zero_to_jupyterhub_values_are_valid_for_the_chart():
    jsonschema.validate(z2jh(), load(HUB / "schema" / "z2jh-values.schema.yaml"))


@pytest.mark.parametrize("broken", [{"singleuser": {"memory": {"limits": "1G"}}},  # a misspelt key
                                    {"singleuser": {"cpu": {"guarantee": "a tenth"}}},  # not a number
                                    {"cull": {"timeout": 1800}}])  # cull without enabled
def test_the_schema_refuses_what_the_chart_refuses(broken):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, load(HUB / "schema" / "z2jh-values.schema.yaml"))


def key_paths(node, prefix=()):
    for key, value in node.items():
        if isinstance(value, dict) and value:
            yield from key_paths(value, prefix + (key,))
        else:
            yield prefix + (key,)


def test_every_littlest_jupyterhub_setting_is_one_it_knows():
    known = set(key_paths(load(HUB / "schema" / "tljh-config-defaults.yaml")))
    ours = set(key_paths(tljh()))
    assert ours and ours <= known, sorted(ours - known)


def test_the_littlest_jupyterhub_snippet_is_python_that_sets_the_spawner():
    tree = ast.parse((HUB / "tljh_series.py").read_text(encoding="utf-8"))
    targets = {ast.unparse(t) for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets}
    assert {"c.Spawner.environment", "c.Spawner.default_url"} <= targets, targets


def sizing():
    """HUB.md's sizing figures: memory guarantee and limit per learner, and learners per core."""
    text = (ROOT / "HUB.md").read_text(encoding="utf-8")
    found = {name: re.search(pattern, text) for name, pattern in (
        ("guarantee", r"memory guarantee of (\d+) MB"), ("limit", r"memory limit of ([\d.]+) GB"),
        ("per_core", r"(\d+) learners per core"))}
    assert all(found.values()), {k: bool(v) for k, v in found.items()}
    return {k: float(v.group(1)) for k, v in found.items()}


def test_both_hubs_reserve_what_the_sizing_measured():
    size = sizing()
    user = z2jh()["singleuser"]
    assert user["memory"]["guarantee"] == f"{size['guarantee']:.0f}M"
    assert user["memory"]["limit"] == f"{size['limit']:g}G" == tljh()["limits"]["memory"]
    assert user["cpu"]["guarantee"] == pytest.approx(round(1 / size["per_core"], 2))


def test_idle_servers_are_culled_on_both_hubs():
    assert z2jh()["cull"]["enabled"] is True and z2jh()["cull"]["timeout"] == tljh()["services"]["cull"]["timeout"]


def test_the_image_is_built_from_the_learners_requirements_with_cpu_torch():
    lines = [line.strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lines
    assert "-r ../requirements.txt" in lines and "torch==2.13.0" in (ROOT / "requirements.txt").read_text()
    image = z2jh()["singleuser"]
    assert image["extraEnv"]["JUPYTER_CONFIG_PATH"].endswith("/jupyter_config")
