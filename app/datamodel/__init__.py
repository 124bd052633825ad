"""Flask-AppBuilder 5 datamodel, filters and base view for MongoEngine documents."""
from .interface import FieldErrors, MongoEngineInterface
from .views import MongoModelView

__all__ = ["FieldErrors", "MongoEngineInterface", "MongoModelView"]
