"""Helpers the tests share: imported as `support` (pytest.ini puts tests/ on the import path).

Nothing here is part of the product; the product package is kehoach (scripts/kehoach).
"""
