"""Places and the weights each uses for its local units; imports no other service package.
"""
