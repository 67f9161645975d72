"""One module per command: plain typed functions that return an exit code.

``cli.py`` parses options and calls these; tests may call them directly.
"""
