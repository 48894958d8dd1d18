"""Package discovery for setuptools; all other metadata is in pyproject.toml.

pyproject.toml cannot both discover packages and map an outside folder to a package,
so discovery happens here: every argmap package, plus the top-level prompts/ folder
shipped as argmap.prompts (prompt templates are data files, not code).
"""

from setuptools import find_namespace_packages, setup

setup(packages=[*find_namespace_packages(include=["argmap", "argmap.*"], exclude=["*.__pycache__"]), "argmap.prompts"])
