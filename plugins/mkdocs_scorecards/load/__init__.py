"""Reading and validating inputs: YAML definitions, CSV actuals, commentary."""

from .project import load_project

__all__ = ["load_project"]
