"""Chat handlers, by what a person does: start, browse, cart, orders, and the organization's side."""
