"""Writes to the domain: atomic, keyword-only functions, one module per area.

kenmerken, events, ledger, fasen, documenten, vorderingen, betalingen, verrekening,
regelingen, escalatie, verzoeken, signalen, machtigingen, voorschotten.
"""
