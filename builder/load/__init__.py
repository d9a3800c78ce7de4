"""Read: site.yaml, articles, sidecars and glossary files -> frozen values.

YAML is parsed in one place (`yamlio`); every field is checked against one table
(`schema`); problems are reported with the file, line and column of the node.
"""
