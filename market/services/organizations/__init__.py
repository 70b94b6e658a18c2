"""Producer organizations as bodies: how others name one (refs), who belongs (producers joining by an
admin's invitation) and the API tokens its admins make. Its public page is the catalog's (catalog.organization_page).
"""
