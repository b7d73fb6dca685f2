"""Reads of tickets, always narrowed to what the viewer may see."""
