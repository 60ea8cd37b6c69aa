"""Figures drawn at build time from a program's run, called by hidden helper blocks."""
