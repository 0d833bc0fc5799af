"""The checking stage: turn a spec and its sources into findings.

Provenance of figures and quotes against the sources' texts, and the preflight checks that stop
a build before layout.
"""
