"""The demonstration area: `saferschools bootstrap` (what `make run` does) and every generator
of synthetic data. Domain apps know nothing of it; it builds its data through their services
(and, for the reference data an import would load, their models)."""
