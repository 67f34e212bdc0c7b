"""The one place the version is written; setup.cfg and ``__version__`` read it."""

__version__ = "0.2.0.dev0"
