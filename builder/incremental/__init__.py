"""Everything that exists to rebuild less: what the last build made, and which of
its results still hold. The stages see one boundary of it, a memo, whose default does
nothing.
"""
