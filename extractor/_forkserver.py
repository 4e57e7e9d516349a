"""Imported once by the forkserver process (`parallel.imap(start_method="forkserver")`): it
loads and warms up the models there, so every worker forked from it shares their pages
instead of loading its own. A failure is left for the worker's own start to report."""

from . import parallel, pipeline

try:
    parallel.pin_blas()  # before numpy loads its BLAS
    pipeline.shared(batch_size=32, quotes=True).before_fork()
except Exception:  # noqa: S110 - init_worker builds it again and reports why it failed
    pass
