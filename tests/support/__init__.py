"""Helpers the test modules share, by subject; fixtures stay in tests/conftest.py.

Test modules import from here and never from one another.
"""
