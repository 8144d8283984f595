"""The shared presentation kit: number formats, words and labels, disclosure control, tables, charts, HTML."""
