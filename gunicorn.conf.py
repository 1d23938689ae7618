"""gunicorn settings, read from the repository root by `make run`, the Procfile and the
benchmarks; command-line flags (workers, bind) still apply on top."""
from server.runtime import tune_gc


def post_worker_init(worker):
    """Once a worker has loaded the app: its objects frozen out of the garbage collector."""
    tune_gc()
