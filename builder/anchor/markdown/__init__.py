"""Markdown -> safe HTML: the one place Python-Markdown and nh3 are used."""
