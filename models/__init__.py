"""Trained pipelines shipped with orientation-analyzer (installed as ``analyzer.models``).

See README.md in this directory for the model card.
"""
