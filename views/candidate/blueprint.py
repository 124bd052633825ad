"""The candidate pages' blueprint, and what several of them show."""
from flask import Blueprint, url_for

from workflows import types

bp = Blueprint("candidate", __name__)


def type_links(page, opened):
    """(href, Link) of the types' links on `page`: a page of the type's own, or applying for an open type."""
    return [(url_for(link.endpoint) if link.endpoint else url_for("candidate.apply_home", type_key=key), link)
            for key, link in types.links(page) if link.endpoint or key in opened]
