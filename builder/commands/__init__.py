"""The verbs besides build and check: serve, fix, new/import, init, stats, schemas."""
