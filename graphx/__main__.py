"""``python -m graphx``: the same as the ``graphx`` command."""
from graphx.cli import main

if __name__ == "__main__":
    main()
