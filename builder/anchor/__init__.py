"""Transform: Markdown -> element tree; annotations anchored, wrapped and marked.

Takes one article and its annotations and returns an `AnnotatedArticle`: the body HTML
with every note placed, the notes rendered, and what the pages around it need.
"""
