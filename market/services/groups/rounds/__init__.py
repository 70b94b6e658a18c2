"""A purchasing group's order rounds, from opening to settlement.

    setup       what a coordinator chooses from, and open_round             (writes)
    ordering    a member's order line: quantity plus tolerance, queued       (writes)
    notices     the messages a round owes: opening, reminders, changes       (writes to the outbox)
    closing     extend, cancel, close (by a coordinator or the timer)        (writes)
    settlement  units received, payments, closed → settled                   (writes)
    corrections the message owed to each member whose account arrivals changed (writes to the outbox)
    arrivals    what was ordered of each producer, what arrived, what is handed out (reads)
    views       a round and its offers as every module reads them            (reads)
    bills       member bills and bulk orders of a closed round               (reads)
    queries     one function per screen: the board, the pickup list, the list of rounds, the CSV (reads)

Imports go down this list's dependencies only: views ← bills ← queries; views ← notices ← setup, closing;
bills ← closing, settlement, arrivals; views ← corrections ← settlement (tests/test_architecture.py finds no cycle).
"""
