"""Layer 2, drawing: chart style, the lessons' charts, the charts widgets redraw in place,
the world map, slide tables and record cards.

May import the data layer only.
"""
