"""The fill-in workbook (``collateral template``): leaders of a jurisdiction as Excel sheets.

What goes in: the dataset and a target unit. What comes out: an .xlsx with an
instructions sheet (填写说明) and one sheet per city, one row per unit and
职务, the names and numbers the data already has pre-filled. :func:`plan` is
plain data (which rows on which sheet) and testable without openpyxl;
:func:`render` carries it out.

Townships get rows only for the leaders their entry lists (``leaders:`` under
the township in the county file); the bundled data lists none. A default set
(党委书记, 乡镇长...) is not invented here because the titles differ between
乡, 镇 and 街道 and between counties, and because every township that gained
roles would print an extra block of blank lines on its leaflet. A county that
wants township rows adds the roles to its file and makes the template again.

The sheets guard against slips, not against people: codes, units and roles
are locked by sheet protection without a password, and the number column
validates as you type. ``collateral import`` checks every cell again anyway.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from collateral.data.dataset import Dataset
from collateral.errors import CollateralError, Problem
from collateral.sheets.leaders import FORMULA_START, HEADERS, INSTRUCTIONS_WORKSHEET
from collateral.data.model import Level, Unit
from collateral.i18n import _

COLUMNS = ("code", "path", "role", "name", "phone")
_SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})

# Excel's rule for the 公开号码 column, relative to its first cell (X2): a mobile number
# 1[3-9] + 9 digits, or 0 + 2-3 digit area code, one "-", 7-8 digits (schema.MOBILE and
# LANDLINE). "1e10" and "1.3E10" fail the SEARCH/FIND tests; AND does not short-cut, so
# the landline test (FIND fails on a mobile) sits in IFERROR. Excel allows 255 characters.
_MOBILE = 'AND(LEN(X2)=11,LEFT(X2)="1",MID(X2,2,1)>"2",ISNUMBER(-X2))'
_LANDLINE = ('AND(LEFT(X2)="0",ISNUMBER(-SUBSTITUTE(X2,"-","",1)),'
             'ABS(FIND("-",X2)-4.5)=0.5,ABS(LEN(X2)-FIND("-",X2)-7.5)=0.5)')
_PHONE_RULE = f'AND(ISERR(SEARCH("e",X2)),ISERR(FIND(".",X2)),OR({_MOBILE},IFERROR({_LANDLINE},FALSE)))'


def phone_rule(column: str) -> str:
    """The validation formula for a number column whose first data cell is ``column``2."""
    return _PHONE_RULE.replace("X2", f"{column}2")


@dataclass(frozen=True)
class TemplateRow:
    code: str
    path: str
    role: str
    name: str
    phone: str

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, c) for c in COLUMNS)


@dataclass(frozen=True)
class TemplateWorksheet:
    title: str
    rows: tuple[TemplateRow, ...]


def _descendants(dataset: Dataset, unit: Unit) -> list[Unit]:
    """The unit and everything under it, each parent before its children, in file order."""
    out = [unit]
    for child in dataset.children(unit.code):
        out += _descendants(dataset, child)
    return out


def _sheet_of(dataset: Dataset, unit: Unit) -> Unit:
    """The city a unit's rows go on; the province's own rows get a sheet of their own."""
    chain = dataset.ancestry(unit)
    return chain[1] if len(chain) > 1 else chain[0]


def worksheets_for(dataset: Dataset, target: Unit) -> list[TemplateWorksheet]:
    """Which rows go on which sheet, for ``target`` and everything under it.

    Raises:
        CollateralError: when no unit under ``target`` lists any leaders.
    """
    sheets: dict[str, list[TemplateRow]] = {}
    for unit in _descendants(dataset, target):
        if not unit.leaders:
            continue
        title = _sheet_of(dataset, unit).name.translate(_SHEET_NAME_BAD)[:31]
        path = dataset.target_path(unit)
        sheets.setdefault(title, []).extend(
            TemplateRow(unit.code, path, leader.role, leader.name, leader.phone) for leader in unit.leaders)
    if not sheets:
        why = _(" (townships get rows only when their entry lists leaders:)") if target.level == Level.TOWNSHIP else ""
        raise CollateralError(Problem(_("no leaders listed for {label} or any unit under it{why}").format(
                                          label=target.label, why=why),
                                      file=target.source.file, line=target.source.line, unit_label=target.label))
    return [TemplateWorksheet(title, tuple(rows)) for title, rows in sheets.items()]


def text_width(text: str) -> int:
    """Columns a string takes in Excel's units: a CJK character is two '0's wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(sheet: TemplateWorksheet) -> list[float]:
    """Widths that show every cell whole, and leave room to type a name or a landline."""
    minimum = {"name": 12, "phone": 16}
    widths = []
    for i, key in enumerate(COLUMNS):
        longest = max([text_width(HEADERS[key])] + [text_width(r.values()[i]) for r in sheet.rows])
        widths.append(max(longest, minimum.get(key, 0)) + 2)
    return widths


INSTRUCTIONS = (
    "填写说明",
    "",
    "1. 除本页外，每个省辖市一个工作表；每一行是一个单位的一个职务。",
    ("2. 只填写“姓名”和“公开号码”两列（白色单元格）。“代码”“单位”“职务”（灰色）已锁定，请勿改动；"
     "工作表保护未设密码，只为防止误改。"),
    ("3. 公开号码：手机号 11 位，以 13～19 开头，如 13800000000；固定电话写“区号-号码”，如 0371-65903393。"
     "号码单元格已设为文本格式，请直接输入，不要加空格或其他文字。"),
    ("4. 不要把号码存成数字：如果单元格显示 1.38E+10 这样的科学计数，导入时会被拒绝，"
     "请把单元格设为“文本”后重新输入。"),
    ("5. 不要合并单元格，不要插入、删除或隐藏行、列和工作表；不要输入公式，以 = + - @ 开头的内容不会导入。"
     "表头可以上移或下移，但列名不能改。不需要填写的行可以留空。"),
    "6. 留空的单元格不会改动数据中已有的内容；要删除已有的姓名或号码，请直接编辑数据文件。",
    "7. 全角数字（如１３８）会自动改为半角并给出提示。",
    ("8. 乡镇（街道）只有在数据中列出领导职务时才出现在表中。需要增加时，"
     "请在县级数据文件中该乡镇条目下添加 leaders:（职务、姓名、电话），再重新生成本表。"),
    "9. 填好后交数据维护人员导入：",
    "      collateral import 本文件.xlsx --dry-run     （只预览改动，不写入）",
    "      collateral import 本文件.xlsx               （写入数据）",
    "   导入前逐行检查；任何一行有错，整个文件都不导入，并指出工作表、行和列。",
    "   同一文件导入两次，第二次不会再有改动。",
    "10. 也可以另存为 CSV（UTF-8 或 GBK 编码均可）再导入，第一行列名保持不变。",
)


FONT = "等线"  # Excel's default CJK font since 2016; widths below assume a CJK character is two digits wide


def _print_setup(ws) -> None:
    """Landscape, all columns on one page width, header repeated: offices print these to fill by hand."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _instructions(ws, target: Unit, sheets: list[TemplateWorksheet], made: dt.date) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 90
    lines = [*INSTRUCTIONS, "",
             f"范围：{target.label}；共 {len(sheets)} 个工作表、{sum(len(s.rows) for s in sheets)} 行。",
             f"生成日期：{made.isoformat()}（collateral template）"]
    for r, line in enumerate(lines, start=1):
        cell = ws.cell(row=r, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name=FONT, bold=r == 1, size=14 if r == 1 else 11)
        # Rows do not grow by themselves in every program: give wrapped lines their height.
        ws.row_dimensions[r].height = 24 if r == 1 else 15 * max(1, -(-text_width(line) // 86))
    _print_setup(ws)
    ws.protection.sheet = True


def _sheet(ws, sheet: TemplateWorksheet) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    locked_fill = PatternFill("solid", fgColor="E7E6E6")
    header_fill = PatternFill("solid", fgColor="BDD7EE")
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font, bold = Font(name=FONT, size=11), Font(name=FONT, size=11, bold=True)
    for c, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=c, value=HEADERS[key])
        cell.font = bold
        cell.fill = header_fill
        cell.border = box
        cell.alignment = Alignment(horizontal="center")
    for r, row in enumerate(sheet.rows, start=2):
        for c, (key, value) in enumerate(zip(COLUMNS, row.values()), start=1):
            cell = ws.cell(row=r, column=c, value=value or None)
            if value:
                # A name from the data is text, whatever it starts with: openpyxl would store
                # "=HYPERLINK(...)" as a live formula; Excel shows a quote-prefixed cell as typed.
                cell.data_type = "s"
                cell.quotePrefix = value[0] in FORMULA_START
            cell.number_format = "@"  # text: a typed 13800000000 stays text, not 1.38E+10
            cell.font = font
            cell.border = box
            if key in ("name", "phone"):
                cell.protection = Protection(locked=False)
            else:
                cell.fill = locked_fill
    for c, width in enumerate(column_widths(sheet), start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(ws)
    last = len(sheet.rows) + 1
    phone_col = get_column_letter(COLUMNS.index("phone") + 1)
    rule = DataValidation(type="custom", formula1=phone_rule(phone_col), allow_blank=True, showErrorMessage=True,
                          showInputMessage=True, errorStyle="stop", errorTitle="号码格式不对",
                          error="请填写 11 位手机号（1[3-9] 开头）或“区号-号码”的固定电话，如 0371-65903393。",
                          promptTitle="公开号码", prompt="手机号 11 位，或固定电话如 0371-65903393")
    rule.add(f"{phone_col}2:{phone_col}{last}")
    ws.add_data_validation(rule)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column stays allowed
    ws.protection.formatRows = False


def render(target: Unit, sheets: list[TemplateWorksheet], made: dt.date):
    """The workbook for a plan (an ``openpyxl.Workbook``)."""
    from openpyxl import Workbook

    wb = Workbook()
    _instructions(wb.active, target, sheets, made)
    wb.active.title = INSTRUCTIONS_WORKSHEET
    for sheet in sheets:
        _sheet(wb.create_sheet(sheet.title), sheet)
    return wb


def template_bytes(dataset: Dataset, target: Unit, made: dt.date) -> tuple[bytes, list[TemplateWorksheet]]:
    """The .xlsx file for ``target``, and the plan it carries."""
    sheets = worksheets_for(dataset, target)
    buffer = io.BytesIO()
    render(target, sheets, made).save(buffer)
    return buffer.getvalue(), sheets


def default_name(target: Unit) -> Path:
    from collateral.files.output import safe_name

    return Path(f"{target.code}-{safe_name(target.name)}-领导公开号码.xlsx")
