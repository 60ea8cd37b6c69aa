"""The pages: lesson_markdown.py and fences.py under any engine, hooks.py the MkDocs
adapter; the rest is plain Python they call (ARCHITECTURE.md)."""
