"""Public verification codes for seals: short, case-insensitive, no look-alike characters.

The alphabet leaves out 0/O, 1/I/L (and U, which reads as V on a worn label), and codes
are drawn from `secrets`, so one seal's code says nothing about another's.

| raw input      | normalized  | valid |
|----------------|-------------|-------|
| "k7hm-q2rw"    | "K7HMQ2RW"  | yes   |
| " K7HM Q2RW "  | "K7HMQ2RW"  | yes   |
| "K7HM-Q2R0"    | "K7HMQ2R0"  | no (0 is not in the alphabet) |
"""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 8


def new_seal_code() -> str:
    """A fresh random code, e.g. "K7HMQ2RW" (30**8, about 6.6e11 codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_seal_code(raw: str) -> str:
    """Upper-case and drop separators a person may type or a label may print."""
    return "".join(c for c in raw.upper() if c not in " -_.")


def is_valid_seal_code(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def format_seal_code(code: str) -> str:
    """Print a code in two groups for people: "K7HM-Q2RW"."""
    return f"{code[:4]}-{code[4:]}"
