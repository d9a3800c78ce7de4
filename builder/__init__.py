"""Annotated reading edition generator: articles + YAML sidecar annotations -> static site."""

__version__ = "0.1.0"
