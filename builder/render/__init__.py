"""Render: annotated articles and the glossary -> output files (pages, JSON-LD,
feeds, the search index), and the check of the whole site's links before it is written.
"""
