"""The MkDocs side: hooks.py is the glue; the rest is plain Python it calls."""
