"""The programme report: one self-contained HTML page of the trends, drawn with matplotlib.

`charts` turns each trend chart into inline SVG; `page` writes the page around them. It returns
text; the command line writes the file.
"""
