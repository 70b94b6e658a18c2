"""Producer organizations as bodies: how others name one (refs), who belongs (producers joining by an
admin's invitation), who runs it (its board: board changes, board_views reads, board_notices reminds) and the API
tokens its admins make. Its public page is the catalog's (catalog.organization_page), which shows the board.
"""
