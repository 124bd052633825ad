"""Password hashes for candidates, made as FAB makes staff ones: one setting, FAB_PASSWORD_HASH_METHOD, for both."""
import functools

from flask import current_app
from werkzeug.security import generate_password_hash


def hash_password(password):
    """`password` hashed by the configured method. A hash names its own method, so checking it needs no setting."""
    return generate_password_hash(password, method=current_app.config["FAB_PASSWORD_HASH_METHOD"])


@functools.cache
def _hash_once(password, method):
    return generate_password_hash(password, method=method)


def shared_hash(password):
    """One hash of `password` per process and method, for the demo's accounts and the dummy a wrong login checks."""
    return _hash_once(password, current_app.config["FAB_PASSWORD_HASH_METHOD"])
