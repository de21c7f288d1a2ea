"""Accounts: roles scoped to unit subtrees, separated administrators, API tokens, login hardening."""
