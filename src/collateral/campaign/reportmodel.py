"""The monthly report as a list of plain blocks: what it says, in order, and no geometry.

The .docx writer (:mod:`collateral.campaign.reportdocx`) and the PDF writer
(:mod:`collateral.campaign.reportpdf`) both lay out this one list, so the two files
always say the same. The order follows an official document (公文): title,
主送, body, the tables per level (市/县/乡), coverage, what is still
missing, thumbnails of each product, the matched photos, the web-check
results, the 附件 list, and the office and date.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from collateral.campaign.reportdata import LEVELS, PRODUCT_ZH, RECIPIENT, Figures, overview


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Recipient:
    text: str


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    indent: bool = True


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str  # lines separated by "\n"


@dataclass(frozen=True)
class Pictures:
    """Images side by side, several to a row, each with a caption below."""

    items: tuple[Picture, ...]
    per_row: int = 3


@dataclass(frozen=True)
class Signature:
    office: str
    date: str


Block = Title | Recipient | Heading | Para | Table | Pictures | Signature

STATUS_ZH = {"current": "现行版", "outdated": "旧版", "unmatched": "未匹配"}


def _png(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def product_thumbnail(pdf: Path, first: int = 0, width_px: int = 420) -> bytes:
    """The first page from ``first`` on that is not blank (an imposed back may be), as a small PNG."""
    doc = pdfium.PdfDocument(pdf)
    try:
        image = None
        for index in range(min(first, len(doc) - 1), len(doc)):
            page = doc[index]
            image = page.render(scale=width_px / page.get_width()).to_pil().convert("RGB")
            if image.convert("L").getextrema()[0] < 250:
                break
        return _png(image)
    finally:
        doc.close()


def _file_png(path: Path, width_px: int = 800) -> bytes | None:
    """An image file as a PNG at most ``width_px`` wide (a screenshot embedded whole would weigh megabytes)."""
    try:
        with Image.open(path) as img:
            img.load()
            if img.width > width_px:
                img = img.resize((width_px, round(img.height * width_px / img.width)), Image.Resampling.LANCZOS)
            return _png(img.convert("RGB"))
    except OSError:
        return None


def _photo_status(fig: Figures) -> dict[tuple[str, str], str]:
    """(unit, product) → what the photos say: 现行版 wins over 旧版."""
    out: dict[tuple[str, str], str] = {}
    for r in fig.photos:
        if r.unit and r.status in ("current", "outdated"):
            key = (r.unit, r.product)
            if out.get(key) != "现行版":
                out[key] = STATUS_ZH[r.status]
    return out


def build(fig: Figures, date_text: str) -> list[Block]:
    """The report's blocks, in reading order."""
    y, m = fig.month.split("-")
    blocks: list[Block] = [Title(f"{fig.city_name}手机信访宣传情况报告（{int(y)}年{int(m)}月）"),
                           Recipient(f"{RECIPIENT}：")]
    blocks += [Para(t) for t in overview(fig)]
    seen = _photo_status(fig)
    blocks.append(Heading("六、具体情况"))
    blocks.append(Heading("（一）各级宣传品制作情况"))
    for level in LEVELS:
        rows = tuple((p.unit, p.name_path.split("/", 1)[-1], PRODUCT_ZH.get(p.product, p.product), p.edition,
                      seen.get((p.unit, p.product), "—")) for p in fig.pieces if p.level == level)
        counts = "，".join(f"{PRODUCT_ZH.get(pr, pr)}{fig.count(level, pr)}件" for pr in fig.products
                          if fig.count(level, pr))
        blocks.append(Para(f"{level}：单位{len(fig.units[level])}个，宣传品{fig.count(level)}件"
                           + (f"（{counts}）" if counts else "") + "。", indent=False))
        if rows:
            blocks.append(Table(("代码", "单位", "宣传品", "版次", "照片核对"), rows, (1.3, 3.2, 1.0, 1.9, 1.1)))
    blocks.append(Heading("（二）覆盖率"))
    confirmed = fig.confirmed
    blocks.append(Para(f"经照片核对确认张贴或发放现行版宣传品的单位{len(confirmed)}个，全部单位{fig.unit_count}个，"
                       f"覆盖率{fig.coverage * 100:.1f}%。", indent=False))
    rows = tuple((lv, str(len(fig.units[lv])), str(sum(1 for c, _ in fig.units[lv] if c in confirmed)))
                 for lv in LEVELS)
    blocks.append(Table(("层级", "单位数", "照片确认现行版"), rows, (1, 1, 1)))
    blocks.append(Heading("（三）尚需完善的事项"))
    if fig.gaps:
        blocks.append(Table(("代码", "单位", "缺少的领导信息", "未核实的渠道"),
                            tuple((g.unit, g.name_path.split("/", 1)[-1], g.missing or "—", g.placeholders or "—")
                                  for g in fig.gaps), (1.3, 2.6, 3.2, 1.9)))
    else:
        blocks.append(Para("数据完善情况表未列出缺项。", indent=False))
    blocks.append(Heading("（四）宣传品样式"))
    samples = []
    for product in fig.products:
        piece = next(p for p in fig.pieces if p.product == product)
        path = fig.pack / piece.path
        if path.is_file():
            samples.append(Picture(product_thumbnail(path, 0), f"{PRODUCT_ZH.get(product, product)}："
                                                                   f"{piece.name_path.split('/')[-1]}\n{piece.edition}"))
    blocks.append(Pictures(tuple(samples)) if samples else Para("宣传品清单中没有可显示的文件。", indent=False))
    blocks.append(Heading("（五）宣传图像"))
    photos, shown = [], {}
    if fig.photos_dir is not None:
        for r in fig.photos:  # one photo per unit, product, edition and status: the others say the same
            key = (r.unit, r.product, r.edition, r.status)
            shown[key] = shown.get(key, 0) + 1
            if shown[key] > 1 or not r.thumb or r.status == "unmatched":
                continue
            png = _file_png(fig.photos_dir / r.thumb)
            if png:
                photos.append((key, png, f"{r.file}\n{r.name_path.split('/')[-1] or r.unit}"
                                         f"{PRODUCT_ZH.get(r.product, r.product)}，{STATUS_ZH[r.status]}"))
    pictures = tuple(Picture(png, caption + (f"（同类照片{shown[key]}张）" if shown[key] > 1 else ""))
                     for key, png, caption in photos)
    blocks.append(Pictures(pictures) if pictures else Para("本期未附与宣传品清单匹配的照片。", indent=False))
    blocks.append(Heading("（六）网上查阅结果"))
    if fig.web:
        if fig.web_url:
            blocks.append(Para(f"查阅网页：{fig.web_url}", indent=False))
        blocks.append(Table(("项目", "结果", "应为", "实际"),
                            tuple((w.title, "符合" if w.ok else "不符合", w.expected, w.found) for w in fig.web),
                            (2.2, 0.9, 3.0, 3.0)))
        shots = [Picture(png, f"{w.title}（{'符合' if w.ok else '不符合'}）") for w in fig.web
                 if w.screenshot and fig.web_dir and (png := _file_png(fig.web_dir / w.screenshot))]
        if shots:
            blocks.append(Pictures(tuple(shots), per_row=2))
    else:
        blocks.append(Para("本期未附网上查阅结果。", indent=False))
    blocks.append(Heading("附件"))
    attachments = ["宣传品清单（manifest.csv）", "数据完善情况表（readiness.csv）"]
    if fig.photos_dir is not None:
        attachments.append("图像核对结果（photos.csv、photos.html）")
    if fig.web_dir is not None:
        attachments.append("网上查阅结果（webcheck.json 及截图）")
    blocks += [Para(f"{n}. {a}", indent=False) for n, a in enumerate(attachments, 1)]
    blocks.append(Signature(fig.office, date_text))
    return blocks
