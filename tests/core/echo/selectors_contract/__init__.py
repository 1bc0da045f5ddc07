"""CPython's selectors module itself: the contract evsim's echo servers rely on (marker ``selectors_contract``).

These cases check the standard library, not evsim; they run by default and can be left out with
``pytest -m 'not selectors_contract'``.
"""
