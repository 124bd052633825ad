"""Reading a reference without loading what it refers to."""


def reference_id(document, name):
    """The id the reference field `name` of `document` holds (None when empty), without a query: MongoEngine
    dereferences on attribute access, which costs one query per reference."""
    held = document._data.get(name)
    return getattr(held, "id", getattr(held, "pk", held))
