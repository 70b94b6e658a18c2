"""What buyers browse and search, read-side: categories and regions, products and their cards, the directory of
territories, organizations and PGS networks, an organization's page, the seal badges, the demand board, and
the catalog's version (every write that changes what the catalog shows raises it). Imports organizations only.
"""
