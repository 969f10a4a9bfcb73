"""Files that are whole or absent: atomic writes, the write-ahead journal, one run per folder (locks).

May import rl, errors and paths only.
"""
