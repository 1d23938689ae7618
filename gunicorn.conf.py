"""gunicorn settings, read from the repository root by `make run`, the Procfile and the
benchmarks; command-line flags (workers, bind) still apply on top."""
from server.runtime import tune_gc

# Two threads per worker (gthread: keep-alive for phones on slow links). The app is
# CPU-bound: on the 2-core reference machine, 100 devices syncing at once had p95 0.70-0.74 s
# with 2 threads per worker and 0.89-0.94 s with 8 (more threads only fight over the GIL).
threads = 2


def post_worker_init(worker):
    """Once a worker has loaded the app: its objects frozen out of the garbage collector."""
    tune_gc()
