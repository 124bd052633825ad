"""Which of a definition's texts a person reads: the Chinese, or its English beside it.

Definitions and catalogue texts (a form's labels, a workflow's states, a business type's notice, a plan's module
names) carry an English text beside the Chinese. A page in English shows the English where there is one and falls
back to the Chinese where there is none; outside a request (a job, a shell, an export) the Chinese is read.
"""
from flask import has_request_context
from flask_babel import get_locale

ENGLISH = "en"


def english():
    """Whether the request's pages are in English."""
    return has_request_context() and get_locale() is not None and get_locale().language == ENGLISH


def in_locale(chinese, english_text):
    """`english_text` on an English page when it is not blank, else `chinese`."""
    if english_text and str(english_text).strip() and english():
        return english_text
    return chinese
