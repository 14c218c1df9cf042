"""The attack suite: every attack found when the portal was tried as an attacker would, replayed.

Each test is one attack (with only a public page, a publishable key, another department's account,
a damaged file or index) and fails if that attack works again. Runs inside `make test`.
"""
