"""The application types shipped with the product, one folder each; importing this package registers every one
(workflows/types.py). A folder holds everything its type is: see docs/architecture.md, "Application types"."""
import importlib
import pathlib
import pkgutil

TEMPLATE_FOLDERS = []

for _found in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
    if _found.ispkg:
        importlib.import_module(f"{__name__}.{_found.name}")
        _templates = pathlib.Path(__path__[0], _found.name, "templates")
        if _templates.is_dir():
            TEMPLATE_FOLDERS.append(str(_templates))
