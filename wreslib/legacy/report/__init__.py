"""Presenting results: assessment, narrative, charts, disclosure control and report rendering."""
