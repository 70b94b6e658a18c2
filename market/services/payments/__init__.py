"""Paying: the proofs buyers send ("Ya pagué") and the ways an organization or a group is paid."""
