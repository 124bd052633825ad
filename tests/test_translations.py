"""Every text a person reads has its English translation: none missing, none guessed (fuzzy)."""
import pathlib

from babel.messages.pofile import read_po

CATALOG = pathlib.Path(__file__).resolve().parent.parent / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def test_every_message_is_translated_to_english():
    with CATALOG.open("rb") as po:
        catalog = read_po(po)
    missing = [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]
    assert missing == []


def test_every_package_with_text_is_extracted():
    """A package babel.cfg does not scan loses its translations at the next extraction (they turn obsolete)."""
    root = CATALOG.parents[4]
    scanned = (root / "babel.cfg").read_text()
    packages = {path.parts[len(root.parts)] for path in root.glob("*/**/*.py")
                if not path.parts[len(root.parts)].startswith(".") and path.parts[len(root.parts)] not in ("tests", "bench")
                and "_(" in path.read_text(encoding="utf-8")}
    assert {package for package in packages if f"{package}/**.py" not in scanned} == set()
    with CATALOG.open("rb") as po:
        assert list(read_po(po).obsolete) == []
