"""What an uploaded file really is, decided from its bytes: pure, no Django.

Only PDF, PNG and JPEG are accepted, and only when the content says so (the name and the
browser's Content-Type are whatever the client sent):

- the magic bytes at offset 0 pick the type (so an HTML page, an SVG or a polyglot that starts
  as something else is refused before anything parses it);
- a PDF must open with pypdf, not be encrypted, stay under a page and object budget, and carry
  no active content (JavaScript, launch/submit/import actions, embedded files, XFA, rich media,
  additional actions): such a PDF is refused, never "cleaned", because what the reader would get
  could differ from what the clinician sent;
- an image must declare a size under a pixel budget *before* it is decoded (image bombs), then
  decode fully with Pillow as the type its magic bytes announced.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))

# PDF dictionary keys and action types that make a document do something when opened or
# clicked. /OpenAction and /AA are refused through what they do (their /S action type): many
# ordinary PDFs open at a page with /GoTo. /URI links stay allowed (a report may cite a URL).
FORBIDDEN_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
    }
)
FORBIDDEN_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
        "/Rendition",
        "/Sound",
        "/Movie",
    }
)
# The same names in the raw bytes, after undoing the #xx escapes a hostile file uses to hide
# them from naive scanners; catches what a broken cross-reference table hides from pypdf.
_RAW_NAME = re.compile(rb"/(?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+")
MAX_PDF_OBJECTS = 200_000


class Refused(ValueError):
    """The file is refused; the message is French and says why (shown next to the field)."""


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    pages: int  # 1 for an image
    width: int = 0
    height: int = 0


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def check(data: bytes, *, max_bytes: int, max_pixels: int, max_pages: int) -> Checked:
    """Accept `data` as a PDF, PNG or JPEG, or raise Refused with the reason."""
    if not data:
        raise Refused("Le fichier est vide.")
    if len(data) > max_bytes:
        raise Refused(f"Le fichier dépasse la taille maximale autorisée ({max_bytes // 2**20} Mo).")
    content_type = sniff(data[:16])
    if content_type is None:
        raise Refused(
            "Format refusé : seuls les fichiers PDF, PNG et JPEG sont acceptés "
            "(le contenu du fichier ne correspond à aucun de ces formats)."
        )
    if content_type == PDF:
        return _check_pdf(data, max_pages=max_pages)
    return _check_image(data, content_type, max_pixels=max_pixels)


# --- PDF ----------------------------------------------------------------------------------------


def _raw_names(data: bytes) -> set[str]:
    names = set()
    for match in _RAW_NAME.finditer(data):
        raw = match.group()
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw.decode("latin-1"))
    return names


def _active_content(reader) -> str | None:
    """The first forbidden key or action found among every object reachable from the trailer."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return "structure trop complexe"
        if isinstance(node, DictionaryObject):
            for name, value in node.items():
                if name in FORBIDDEN_KEYS:
                    return name
                if name == "/S" and isinstance(value, NameObject) and value in FORBIDDEN_ACTIONS:
                    return str(value)
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


def _check_pdf(data: bytes, *, max_pages: int) -> Checked:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    raw = _raw_names(data)
    hidden = sorted((FORBIDDEN_KEYS | FORBIDDEN_ACTIONS) & raw)
    if hidden:
        raise Refused(_active_message(hidden[0]))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise Refused("PDF chiffré ou protégé par mot de passe : refusé.")
            pages = len(reader.pages)
            found = _active_content(reader)
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise Refused("Ce PDF est illisible ou endommagé : il ne peut pas être joint.") from None
    if found:
        raise Refused(_active_message(found))
    if pages < 1:
        raise Refused("Ce PDF ne contient aucune page.")
    if pages > max_pages:
        raise Refused(f"Ce PDF a trop de pages ({max_pages} au maximum).")
    return Checked(PDF, EXTENSIONS[PDF], pages)


def _active_message(name: str) -> str:
    return (
        f"Ce PDF contient du contenu actif ({name} : script, action automatique ou fichier "
        "incorporé) : il est refusé. Imprimez-le en PDF « simple » puis joignez la copie."
    )


# --- Images -------------------------------------------------------------------------------------


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """Pillow's LOAD_TRUNCATED_IMAGES is a process-wide flag that WeasyPrint turns on when it
    is imported (the worker, and eager tasks): a truncated upload must fail whatever it says."""
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_image(data: bytes, content_type: str, *, max_pixels: int) -> Checked:
    from PIL import Image, UnidentifiedImageError

    expected = {PNG: "PNG", JPEG: "JPEG"}[content_type]
    try:
        with warnings.catch_warnings(), _truncated_images_refused():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                width, height = image.size  # read from the header: nothing decoded yet
                if width * height > max_pixels:
                    raise Refused(
                        f"Image trop grande ({width} × {height} pixels) : réduisez-la avant "
                        "de la joindre."
                    )
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard, when the declared size is far beyond ours.
        raise Refused(
            "Image trop grande (taille déclarée démesurée) : réduisez-la avant de la joindre."
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        MemoryError,
    ):
        raise Refused(
            "Cette image est illisible ou endommagée : elle ne peut pas être jointe."
        ) from None
    return Checked(content_type, EXTENSIONS[content_type], 1, width, height)


# --- Names --------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w .()+,-]", re.UNICODE)


def display_name(client_name: str, extension: str, *, max_length: int = 100) -> str:
    """A harmless name to show and offer on download: no folders, no control characters.

    The stored file never uses it (storage names are random); this is only what people read.
    """
    name = unicodedata.normalize("NFC", client_name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[: max_length - len(extension) - 1].strip(" .") or "document"
    return f"{stem}.{extension}"
