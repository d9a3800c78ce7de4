"""The verbs besides build and check: serve, fix, new/import, stats, schemas."""
