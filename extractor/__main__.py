import sys

from .cli import main

# Guarded: worker processes started with "spawn" (Dask, macOS) import this module again.
if __name__ == "__main__":
    sys.exit(main())
