"""Output standards as post-steps on a finished PDF: PDF/X-4 for print shops.

In: the bytes :func:`collateral.render.pdf.render_pdf` made with press boxes
(TrimBox and BleedBox on every page, CMYK and the registration colour only,
vectors, embedded font subsets). Out: the same pages, claiming a standard a
print shop's preflight checks: the output intent (``/S /GTS_PDFX`` with the
embedded CMYK profile of ``profiles/``), ``GTS_PDFXVersion``, ``Trapped``,
XMP metadata (pdfxid, title, dates, document id), a page transparency group
in the output's colour space where a page is transparent (the faint 样稿
watermark), PDF 1.6, no encryption.

Before claiming anything the step checks that the document can carry the
claim (boxes, colours, images), and refuses with a :class:`PrepressError`
otherwise: a file that says PDF/X and is not is worse than none. The table
:data:`VARIANTS` maps each standard to its finisher, as WeasyPrint's
``pdf/pdfx.py`` does; a PDF/A variant would be a line there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from xml.sax.saxutils import escape

import pikepdf

from collateral import __version__
from collateral.errors import CollateralError, Problem
from collateral.paths import profiles_dir
from collateral.i18n import _

PROFILE = "FOGRA39L-coated.icc"
CONDITION = "FOGRA39"  # the ICC registry name of the characterised printing condition
CONDITION_INFO = "Offset printing, coated paper (ISO 12647-2:2004/Amd 1, paper type 1/2), FOGRA39L data"
DEVICE_OPERATORS = {"rg", "RG", "g", "G", "sc", "SC"}  # colours outside CMYK / the separation
CREATOR = f"collateral {__version__}"
PRODUCER = f"collateral {__version__} (ReportLab, pikepdf)"
TZ = dt.timezone(dt.timedelta(hours=8))  # the dates are the edition's, in China Standard Time


class PrepressError(CollateralError):
    """A document that cannot honestly claim an output standard."""


@dataclass(frozen=True)
class DocInfo:
    """What the metadata says, as ``render`` wrote it in the document information dictionary."""

    title: str
    author: str
    date: dt.date
    keywords: str = ""

    @classmethod
    def of(cls, pdf: pikepdf.Pdf) -> "DocInfo":
        info = pdf.docinfo
        stamp = str(info.get("/CreationDate", "D:20000101"))
        date = dt.date(int(stamp[2:6]), int(stamp[6:8]), int(stamp[8:10]))
        return cls(str(info.get("/Title", "")), str(info.get("/Author", "")), date, str(info.get("/Keywords", "")))


@lru_cache(maxsize=1)
def output_profile() -> bytes:
    """The CMYK profile of the output intent (see profiles/README.md for how it was made)."""
    return (profiles_dir() / PROFILE).read_bytes()


def problems(pdf: pikepdf.Pdf, label: str) -> list[Problem]:
    """Why this document cannot be PDF/X-4 (empty when it can)."""
    out = []
    if pdf.is_encrypted:
        out.append(Problem(_("encrypted PDFs cannot be PDF/X"), file=label))
    for n, page in enumerate(pdf.pages, 1):
        if "/TrimBox" not in page.obj:
            out.append(Problem(_("page {n} has no TrimBox: PDF/X needs press output (bleed and boxes)").format(n=n),
                               file=label))
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        if "/XObject" in resources and any(x.get("/Subtype") == "/Image" for x in resources.XObject.values()):
            out.append(Problem(_("page {n} holds an image; boards are vector only").format(n=n), file=label))
        # only those operators come back from qpdf's parser: no Python object per drawing operator
        used = {str(op) for _, op in pikepdf.parse_content_stream(page, " ".join(sorted(DEVICE_OPERATORS)))}
        if used:
            out.append(Problem(_("page {n} paints with {value}: not CMYK").format(
                                   n=n, value=', '.join(sorted(used))), file=label))
    return out


def _date(d: dt.date) -> str:
    return dt.datetime(d.year, d.month, d.day, tzinfo=TZ).isoformat()


def xmp(info: DocInfo, document_id: str, standard: str) -> bytes:
    """The XMP packet: PDF/X identification, title, dates and the ids ISO 15930-7 asks for."""
    when = _date(info.date)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{standard}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")


def _transparent(page: pikepdf.Page) -> bool:
    states = page.obj.get("/Resources", pikepdf.Dictionary()).get("/ExtGState", pikepdf.Dictionary())
    return any(float(gs.get(k, 1)) < 1 for gs in states.values() for k in ("/ca", "/CA"))


def pdfx4(pdf: pikepdf.Pdf, info: DocInfo, label: str) -> None:
    """Make ``pdf`` PDF/X-4 in place, or raise PrepressError saying why it cannot be."""
    found = problems(pdf, label)
    if found:
        raise PrepressError(found)
    profile = pikepdf.Stream(pdf, zlib.compress(output_profile(), 9))
    profile.N, profile.Filter = 4, pikepdf.Name.FlateDecode
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(CONDITION),
        OutputCondition=pikepdf.String(CONDITION_INFO),
        RegistryName=pikepdf.String("http://www.color.org"),
        Info=pikepdf.String(CONDITION_INFO),
        DestOutputProfile=pdf.make_indirect(profile),
    ))])
    for page in pdf.pages:
        if _transparent(page):  # blend in the press's colour space, as the output intent describes it
            page.obj.Group = pikepdf.Dictionary(Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency,
                                                CS=pikepdf.Name.DeviceCMYK)
    pdf.docinfo["/GTS_PDFXVersion"] = pikepdf.String("PDF/X-4")
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
    pdf.docinfo["/Title"] = pikepdf.String(info.title)
    pdf.docinfo["/Producer"] = pikepdf.String(PRODUCER)  # the same words as the XMP packet's
    pdf.docinfo["/Creator"] = pikepdf.String(CREATOR)
    digest = hashlib.sha256(b"".join(p.obj.Contents.read_bytes() if isinstance(p.obj.Contents, pikepdf.Stream)
                                     else b"" for p in pdf.pages) + info.title.encode()).digest()
    document_id = str(uuid.UUID(bytes=digest[:16], version=4))
    metadata = pikepdf.Stream(pdf, xmp(info, document_id, "PDF/X-4"))
    metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(metadata)


@dataclass(frozen=True)
class Variant:
    finisher: Callable[[pikepdf.Pdf, DocInfo, str], None]
    version: str  # the lowest PDF version the standard allows


VARIANTS: dict[str, Variant] = {
    "pdfx-4": Variant(pdfx4, "1.6"),
}


def apply(data: bytes, standard: str, label: str = "") -> bytes:
    """``data`` finished to ``standard`` (a key of :data:`VARIANTS`); deterministic bytes.

    Raises:
        PrepressError: the document cannot carry the standard (``label`` names it).
    """
    variant = VARIANTS[standard]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        variant.finisher(pdf, DocInfo.of(pdf), label)
        out = io.BytesIO()
        # streams as they are: ReportLab's are compressed, the profile too, the XMP packet stays readable
        pdf.save(out, min_version=variant.version, deterministic_id=True, compress_streams=False)
    return out.getvalue()
