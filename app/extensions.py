"""Extensions, created unbound and bound to the app in create_app.

Flask-AppBuilder keeps its registered views on the AppBuilder object, so each
app builds its own in create_app rather than sharing one from here.
"""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

db = SQLAlchemy()  # staff users and permissions (FAB's security tables)
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
