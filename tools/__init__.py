"""Maintainers' tools: re-run the notebooks, benchmarks, and the browser harness they share with the tests."""
