"""Developer tools, not part of the build: record, benchmark, screenshots, PDF."""
