"""What producers offer: stock written in the chat or through the API, read as one draft (its unclear lines picked)
and published in one go, and each offer edited after (stock, price, until when, withdrawn). Imports prices (an
offer's price is observed), alerts, catalog.
"""
