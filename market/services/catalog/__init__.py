"""What buyers browse and search, read-side: categories and regions, products and their cards, the one search every
door asks (a stale cursor started over, a search that found nothing counted), the directory of territories,
organizations and PGS networks, an organization's page, the seal badges, the demand board, and the catalog's
version (every write that changes what the catalog shows raises it). Imports organizations only.
"""
