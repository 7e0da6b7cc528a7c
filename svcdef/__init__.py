"""svcdef: compile one declarative YAML spec per public service into forms, validators, fee calculators and adapters."""

__version__ = "0.1.0"
