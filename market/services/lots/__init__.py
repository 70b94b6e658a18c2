"""Whose stock an offer holds: each producer's lot and the organization's own, set by posting stock, taken by
checkout oldest first and given back by a cancel or a refusal, every change kept. Imports nothing of the services.

Every function here runs inside its caller's transaction, after the caller has locked the offer's row (a
select_for_update, or checkout's guarded UPDATE): the offer's lock serializes the writes of its lots, and the
invariant holds at every commit:

    offer.stock == the sum of its lots' stock

A round's close takes what its members got from each offer and its lots, oldest first (take_for_round): ordering
only bounds members' lines by offer.stock, the close is when the round sells.
"""
