"""Execute notebooks in place so their stored outputs are fresh and reproducible.

Usage: python tools/run_notebooks.py notebooks/*.ipynb

Run twice, it leaves the files byte for byte the same: no timing metadata,
no widget state, widget model ids renumbered in order of appearance, and
consecutive prints of a cell stored as one output however the kernel flushed them. A cell tagged
"answer-after-prediction" (it answers a "Predict first" line) is stored without its output.
"""

import os
import re
import sys
import time
from pathlib import Path

# One thread for the math libraries of the kernels started below: multi-threaded sums may round the last
# bit differently from run to run, which moves a plotted point by a fraction of a pixel and changes the
# stored PNG. The printed numbers are the same either way.
for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[variable] = "1"

import nbformat
from nbclient import NotebookClient

UUID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def stable_widget_ids(nb):
    """Replace random widget model ids by numbers in order of appearance."""
    seen = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view and "model_id" in view:
                view["model_id"] = seen.setdefault(view["model_id"], f"{len(seen) + 1:032x}")
    return nb


def merge_streams(nb):
    """Join consecutive stdout (or stderr) outputs of a cell into one: how the kernel happened to flush
    its prints must not change the stored file."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (merged and out.get("output_type") == "stream" and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] += out["text"]
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged
    return nb


ANSWER = "answer-after-prediction"  # a cell that answers a "Predict first" line: stored without its output


def hide_answers(nb):
    """Store the cells that answer a prediction without their outputs, so that a learner reading the notebook
    predicts before seeing the answer (nbval leaves their output unchecked: they are tagged for it)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and ANSWER in cell.get("metadata", {}).get("tags", []):
            cell.outputs = []
    return nb


def run(path):
    """Execute one notebook in its own folder and write it back."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata.pop("widgets", None)
    start = time.perf_counter()
    NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    elapsed = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    stable_widget_ids(nb)
    merge_streams(nb)
    hide_answers(nb)
    nbformat.write(nb, path)
    print(f"{path}: executed in {elapsed:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for arg in sys.argv[1:]:
        run(arg)
