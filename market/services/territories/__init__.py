"""Places and the weights each uses for its local units; imports only messaging (telling operators a proposal waits).
"""
