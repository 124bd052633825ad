"""The province the platform serves (config PROVINCE): scores earned there are no transfer into it, whichever
application records the transfer (转入, or 成绩补登 of an old one)."""
from flask import current_app
from flask_babel import gettext as _


def own_province():
    """The province the platform serves (config PROVINCE)."""
    return current_app.config["PROVINCE"]


def source_refused(province):
    """Why `province` cannot be where scores are transferred in from, or None: it is the platform's own."""
    if province and province == own_province():
        return _("来源省不能是本省（%(province)s）：在本省取得的成绩无需转入。", province=province)
    return None
