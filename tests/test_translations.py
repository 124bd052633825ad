"""Every text a person reads has its English translation: none missing, none guessed (fuzzy)."""
import pathlib

from babel.messages.pofile import read_po

CATALOG = pathlib.Path(__file__).resolve().parent.parent / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_message_is_translated_to_english():
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    missing = [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]
    assert missing == []
