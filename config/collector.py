"""How a server process's garbage collector runs: what Django loaded at start is frozen (never
traversed again), and the youngest generation is collected every 10,000 allocations instead of
700, so a page that builds many objects (a portfolio of 200 sites) is not stopped every other
request by a full collection of the whole process (docs/performance.md)."""

import gc

THRESHOLDS = (10_000, 20, 100)


def tune_garbage_collector() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
