"""The browser harness shared by the browser tests and tools/bench_browser.py: a private JupyterLab
and Debian's Chromium (labserver), and a page model of the notebooks and explorers (jlab)."""
