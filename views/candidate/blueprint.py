"""The candidate pages' blueprint, and what several of them show."""
import re

from flask import Blueprint, url_for
from markupsafe import Markup, escape

from app.models.payment import yuan
from workflows import types

bp = Blueprint("candidate", __name__)

# A date inside prose (with its time): a phone would break it at its hyphen. Numbers and codes have no place to
# break inside, so they stay whole without help.
_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}(?:-\d{2})?(?: \d{2}:\d{2})?(?![\w-])")


@bp.app_template_filter("keep_whole")
def keep_whole(text):
    """`text`, escaped, with each date in it kept on one line: a phone wraps the prose around them."""
    return Markup(_DATE.sub(lambda found: f'<span class="nowrap">{found[0]}</span>', str(escape(text))))


@bp.app_template_filter("yuan")
def yuan_filter(fen):
    """An amount in fen as 元 with two places."""
    return yuan(fen)


def type_links(page, opened):
    """(href, Link) of the types' links on `page`: a page of the type's own, or applying for an open type."""
    return [(url_for(link.endpoint) if link.endpoint else url_for("candidate.apply_home", type_key=key), link)
            for key, link in types.links(page) if link.endpoint or key in opened]
