"""The edit path: commands that change files, planned first and written atomically.

approve records approvals and reviews, front_matter edits keys while keeping the
rest of a file as it was, plan checks and writes a set of edits (each file
replaced in one step by atomic_write.py), init creates a program from the
bundled example.
"""
