import yazl from 'yazl';

// A small XLSX writer for the exports, the import templates and the import error reports: text, numbers
// and blanks; a few cell styles (bold, font colour, fill colour, number format, wrapped text); column
// widths and column formats; frozen panes; an autofilter; notes on cells; dropdowns (list data
// validations). Everything else (formulas, dates, merged cells) the app does not write, so it is not here.
//
// Why not ExcelJS, which the imports read with: its object model costs ~20 µs per cell (a style merged
// and compared per cell, an XML node object per attribute). A national indicator workbook has about
// 200,000 cells and 11,000 notes: 2.1 s there, against ~0.2 s writing the SpreadsheetML text directly.
// The tests read every file back with ExcelJS. The ZIP container is yazl's, compressing with Node's zlib
// on the thread pool.

export type CellValue = string | number | null | undefined;

export interface Cell {
  value: CellValue;
  /** A style from XlsxWriter.style. */
  style?: number;
  /** Shown as a note (comment) on the cell. */
  note?: string;
}

export interface SheetSpec {
  name: string;
  /** Column widths in characters, from column A. */
  widths: number[];
  /** Columns left of and rows above the split stay in view. */
  frozen?: { columns?: number; rows?: number };
  /** An autofilter on autoFilterRow (the first row unless given), over the columns given. */
  autoFilterColumns?: number;
  /** The row (1-based) the filter buttons sit on, when a title row comes before the header. */
  autoFilterRow?: number;
  rows: (CellValue | Cell)[][];
  /** A style for every cell of a row without its own: rowStyles[i] for rows[i]. */
  rowStyles?: (number | undefined)[];
  /** A style for every cell of a column without its own (neither cell nor row style). */
  columnStyles?: (number | undefined)[];
  /**
   * The style of a whole column in Excel, for the cells a user types later (an import template's text
   * format, so that an 18-digit ID number stays as typed): written on the column, so it needs `widths`.
   */
  columnFormats?: (number | undefined)[];
  /** Dropdowns: each a column's rows offered a fixed list of values. */
  validations?: ListValidation[];
}

export interface ListValidation {
  /** 0-based column. */
  column: number;
  /** 1-based rows, both included. */
  fromRow: number;
  toRow: number;
  choices: readonly string[];
  allowBlank: boolean;
  /** Shown (as a warning the user may override) when a typed value is not in the list. */
  errorTitle: string;
  error: string;
}

export interface StyleSpec {
  bold?: boolean;
  /** An Excel number format code, e.g. '0.0"%"' or '#,##0'. */
  numFmt?: string;
  wrap?: boolean;
  verticalCenter?: boolean;
  /** Font colour as ARGB, e.g. 'FFC00000'. */
  color?: string;
  /** Solid fill colour as ARGB, e.g. 'FFFFC7CE'. */
  fill?: string;
}

/**
 * Excel refuses an inline list (formula1 "a,b,c") longer than 255 characters, and an inline list cannot
 * hold a value with a comma or a quote: such lists are written on a hidden sheet and referred to by range.
 */
const INLINE_LIST_MAX = 255;
export const LISTS_SHEET = '下拉选项';

/** Formats Excel has built in, by id: '@' (text) is 49, not a custom format. */
const BUILTIN_FORMATS: Record<string, number> = { '@': 49 };

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';

// Characters XML 1.0 forbids (ExcelJS drops the same), and the five to escape.
const INVALID = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const SPECIAL = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

const NEEDS_WORK = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF&<>"]/;

export function xmlText(s: string): string {
  // Most text needs nothing: return it as it is rather than two copies.
  if (!NEEDS_WORK.test(s)) return s;
  return s.replace(INVALID, '').replace(SPECIAL, (c) => ENTITY[c]!);
}

/** "A", "B", … "Z", "AA", … for 0-based column i. */
export function columnName(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function isCell(v: CellValue | Cell): v is Cell {
  return typeof v === 'object' && v !== null;
}

export class XlsxWriter {
  private readonly styles: StyleSpec[] = [{}];
  private readonly styleIds = new Map<string, number>();
  private readonly sheets: { name: string; xml: string; notes: { ref: string; row: number; col: number; text: string }[]; filterTo?: string; hidden?: boolean }[] = [];
  /** Lists too long (or with commas or quotes) for an inline dropdown: column k of the hidden LISTS_SHEET. */
  private readonly lists: (readonly string[])[] = [];

  constructor(private readonly meta: { creator: string; created: Date }) {}

  /** The id of a cell style, the same id for the same spec. */
  style(spec: StyleSpec): number {
    const key = JSON.stringify([spec.bold ?? false, spec.numFmt ?? '', spec.wrap ?? false, spec.verticalCenter ?? false, spec.color ?? '', spec.fill ?? '']);
    let id = this.styleIds.get(key);
    if (id === undefined) {
      id = this.styles.length;
      this.styles.push(spec);
      this.styleIds.set(key, id);
    }
    return id;
  }

  addSheet(spec: SheetSpec & { hidden?: boolean }): void {
    const notes: { ref: string; row: number; col: number; text: string }[] = [];
    // A loop, not Math.max(...rows): a spread of a street-level sheet's rows would exceed the argument limit.
    let width = Math.max(spec.widths.length, 1);
    for (const r of spec.rows) if (r.length > width) width = r.length;
    const letters = Array.from({ length: width }, (_, i) => columnName(i));
    const parts: string[] = [];
    parts.push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`);
    parts.push(`<dimension ref="A1:${letters[width - 1]}${Math.max(spec.rows.length, 1)}"/>`);
    const cols = spec.frozen?.columns ?? 0;
    const rows = spec.frozen?.rows ?? 0;
    if (cols || rows) {
      const pane = cols && rows ? 'bottomRight' : rows ? 'bottomLeft' : 'topRight';
      parts.push(
        `<sheetViews><sheetView workbookViewId="0"><pane${cols ? ` xSplit="${cols}"` : ''}${rows ? ` ySplit="${rows}"` : ''}` +
          ` topLeftCell="${letters[cols] ?? columnName(cols)}${rows + 1}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`,
      );
    } else {
      parts.push(`<sheetViews><sheetView workbookViewId="0"/></sheetViews>`);
    }
    parts.push(`<sheetFormatPr defaultRowHeight="15"/>`);
    if (spec.widths.length) {
      parts.push('<cols>');
      spec.widths.forEach((w, i) => {
        const format = spec.columnFormats?.[i];
        parts.push(`<col min="${i + 1}" max="${i + 1}" width="${w}"${format ? ` style="${format}"` : ''} customWidth="1"/>`);
      });
      parts.push('</cols>');
    }
    parts.push('<sheetData>');
    spec.rows.forEach((row, r) => {
      const n = r + 1;
      const rowStyle = spec.rowStyles?.[r];
      let xml = `<row r="${n}">`;
      for (let c = 0; c < row.length; c++) {
        const item = row[c];
        const cell = isCell(item) ? item : undefined;
        const value = cell ? cell.value : (item as CellValue);
        const style = cell?.style ?? rowStyle ?? spec.columnStyles?.[c];
        const ref = letters[c]! + n;
        if (cell?.note) notes.push({ ref, row: r, col: c, text: cell.note });
        const s = style ? ` s="${style}"` : '';
        // A blank is written only when something is attached to it (a style, a note).
        const blank = s || cell?.note ? `<c r="${ref}"${s}/>` : '';
        if (value === null || value === undefined || value === '') {
          xml += blank;
        } else if (typeof value === 'number') {
          xml += Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : blank;
        } else {
          const text = xmlText(value);
          const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
          xml += `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
        }
      }
      parts.push(xml + '</row>');
    });
    parts.push('</sheetData>');
    // The filter's last column letter; the workbook names the same range for Excel (_FilterDatabase).
    const filterTo = spec.autoFilterColumns ? columnName(spec.autoFilterColumns - 1) : undefined;
    const filterRow = spec.autoFilterRow ?? 1;
    if (filterTo) parts.push(`<autoFilter ref="A${filterRow}:${filterTo}${filterRow}"/>`);
    if (spec.validations?.length) {
      parts.push(`<dataValidations count="${spec.validations.length}">`);
      for (const v of spec.validations) parts.push(this.validationXml(v));
      parts.push('</dataValidations>');
    }
    parts.push(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`);
    if (notes.length) parts.push(`<legacyDrawing r:id="rIdVml"/>`);
    parts.push('</worksheet>');
    this.sheets.push({ name: spec.name, xml: parts.join(''), notes, filterTo, hidden: spec.hidden });
  }

  private validationXml(v: ListValidation): string {
    const letter = columnName(v.column);
    const inline = v.choices.join(',');
    let formula: string;
    if (inline.length <= INLINE_LIST_MAX && !v.choices.some((c) => /[",]/.test(c))) {
      formula = `"${inline}"`;
    } else {
      const at = columnName(this.lists.length);
      this.lists.push(v.choices);
      formula = `'${LISTS_SHEET}'!$${at}$1:$${at}$${Math.max(v.choices.length, 1)}`;
    }
    return (
      `<dataValidation type="list" errorStyle="warning"${v.allowBlank ? ' allowBlank="1"' : ''} showErrorMessage="1"` +
      ` errorTitle="${xmlText(v.errorTitle)}" error="${xmlText(v.error)}" sqref="${letter}${v.fromRow}:${letter}${v.toRow}">` +
      `<formula1>${xmlText(formula)}</formula1></dataValidation>`
    );
  }

  async toBuffer(): Promise<Buffer> {
    if (this.lists.length) {
      if (this.sheets.some((x) => x.name === LISTS_SHEET)) throw new Error(`sheet name ${LISTS_SHEET} is the dropdown lists'`);
      const rows: string[][] = [];
      this.lists.forEach((list, k) => list.forEach((value, i) => ((rows[i] ??= [])[k] = value)));
      this.addSheet({ name: LISTS_SHEET, widths: this.lists.map(() => 20), rows, hidden: true });
      this.lists.length = 0;
    }
    const zip = new yazl.ZipFile();
    const mtime = this.meta.created;
    const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text, 'utf8'), name, { mtime, compressionLevel: 6 });
    const overrides: string[] = [
      `<Override PartName="/xl/workbook.xml" ContentType="${CT}.spreadsheetml.sheet.main+xml"/>`,
      `<Override PartName="/xl/styles.xml" ContentType="${CT}.spreadsheetml.styles+xml"/>`,
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`,
      `<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/>`,
    ];
    const sheetEntries: string[] = [];
    const workbookRels: string[] = [];
    const definedNames: string[] = [];
    // Shape ids of notes are unique in the workbook, drawn from blocks of 1,024 each drawing declares.
    let firstBlock = 1;
    this.sheets.forEach((sheet, i) => {
      const n = i + 1;
      overrides.push(`<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${CT}.spreadsheetml.worksheet+xml"/>`);
      sheetEntries.push(`<sheet name="${xmlText(sheet.name)}" sheetId="${n}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${n}"/>`);
      workbookRels.push(`<Relationship Id="rId${n}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${n}.xml"/>`);
      if (sheet.filterTo) {
        const quoted = xmlText(sheet.name.replace(/'/g, "''"));
        definedNames.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${quoted}'!$A$1:$${sheet.filterTo}$1</definedName>`);
      }
      add(`xl/worksheets/sheet${n}.xml`, sheet.xml);
      if (sheet.notes.length) {
        overrides.push(`<Override PartName="/xl/comments${n}.xml" ContentType="${CT}.spreadsheetml.comments+xml"/>`);
        add(
          `xl/worksheets/_rels/sheet${n}.xml.rels`,
          `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">` +
            `<Relationship Id="rIdComments" Type="${REL_NS}/comments" Target="../comments${n}.xml"/>` +
            `<Relationship Id="rIdVml" Type="${REL_NS}/vmlDrawing" Target="../drawings/vmlDrawing${n}.vml"/></Relationships>`,
        );
        add(`xl/comments${n}.xml`, commentsXml(sheet.notes, this.meta.creator));
        add(`xl/drawings/vmlDrawing${n}.vml`, vmlXml(sheet.notes, firstBlock));
        firstBlock += Math.floor(sheet.notes.length / 1024) + 1;
      }
    });
    workbookRels.push(`<Relationship Id="rIdStyles" Type="${REL_NS}/styles" Target="styles.xml"/>`);
    add(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
        `<Default Extension="xml" ContentType="application/xml"/>` +
        `<Default Extension="vml" ContentType="${CT}.vmlDrawing"/>` +
        overrides.join('') +
        `</Types>`,
    );
    add(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
        `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>`,
    );
    add(
      'docProps/core.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${xmlText(this.meta.creator)}</dc:creator>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${this.meta.created.toISOString().replace(/\.\d{3}Z$/, 'Z')}</dcterms:created></cp:coreProperties>`,
    );
    add(
      'docProps/app.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${xmlText(this.meta.creator)}</Application></Properties>`,
    );
    add(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        `<bookViews><workbookView/></bookViews><sheets>${sheetEntries.join('')}</sheets>` +
        (definedNames.length ? `<definedNames>${definedNames.join('')}</definedNames>` : '') +
        `</workbook>`,
    );
    add(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL_NS}">${workbookRels.join('')}</Relationships>`,
    );
    add('xl/styles.xml', this.stylesXml());
    zip.end();
    const chunks: Buffer[] = [];
    return new Promise<Buffer>((resolve, reject) => {
      zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
      zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
      zip.outputStream.on('error', reject);
    });
  }

  private stylesXml(): string {
    const formats = [...new Set(this.styles.map((s) => s.numFmt).filter((f): f is string => !!f && !(f in BUILTIN_FORMATS)))];
    const formatId = new Map(formats.map((f, i) => [f, 164 + i]));
    // Fonts 0 (regular) and 1 (bold) always; a coloured font is added for each colour used.
    const fonts = ['<font><sz val="11"/><name val="宋体"/><family val="2"/></font>', '<font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font>'];
    const fontIds = new Map<string, number>([['false|', 0], ['true|', 1]]);
    const fontOf = (s: StyleSpec) => {
      const key = `${!!s.bold}|${s.color ?? ''}`;
      let id = fontIds.get(key);
      if (id === undefined) {
        id = fonts.length;
        fonts.push(`<font>${s.bold ? '<b/>' : ''}<sz val="11"/><color rgb="${xmlText(s.color!)}"/><name val="宋体"/><family val="2"/></font>`);
        fontIds.set(key, id);
      }
      return id;
    };
    // Fills 0 and 1 are the two Excel reserves; a solid fill is added for each colour used.
    const fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
    const fillIds = new Map<string, number>();
    const fillOf = (s: StyleSpec) => {
      if (!s.fill) return 0;
      let id = fillIds.get(s.fill);
      if (id === undefined) {
        id = fills.length;
        fills.push(`<fill><patternFill patternType="solid"><fgColor rgb="${xmlText(s.fill)}"/><bgColor indexed="64"/></patternFill></fill>`);
        fillIds.set(s.fill, id);
      }
      return id;
    };
    const xfs = this.styles.map((s) => {
      const numFmtId = s.numFmt ? (BUILTIN_FORMATS[s.numFmt] ?? formatId.get(s.numFmt)!) : 0;
      const fontId = fontOf(s);
      const fillId = fillOf(s);
      const align = s.wrap || s.verticalCenter ? `<alignment${s.wrap ? ' wrapText="1"' : ''}${s.verticalCenter ? ' vertical="center"' : ''}/>` : '';
      return (
        `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"` +
        `${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}${fillId ? ' applyFill="1"' : ''}${align ? ' applyAlignment="1"' : ''}` +
        (align ? `>${align}</xf>` : '/>')
      );
    });
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">` +
      (formats.length ? `<numFmts count="${formats.length}">${formats.map((f) => `<numFmt numFmtId="${formatId.get(f)}" formatCode="${xmlText(f)}"/>`).join('')}</numFmts>` : '') +
      `<fonts count="${fonts.length}">${fonts.join('')}</fonts>` +
      `<fills count="${fills.length}">${fills.join('')}</fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `</styleSheet>`
    );
  }
}

function commentsXml(notes: { ref: string; text: string }[], author: string): string {
  const list = notes.map((n) => `<comment ref="${n.ref}" authorId="0"><text><r><t xml:space="preserve">${xmlText(n.text)}</t></r></text></comment>`);
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN_NS}"><authors><author>${xmlText(author)}</author></authors>` +
    `<commentList>${list.join('')}</commentList></comments>`
  );
}

/** The drawing Excel shows notes with: one hidden yellow box per note, anchored beside its cell. */
export function vmlXml(notes: { row: number; col: number }[], firstBlock: number): string {
  const blocks = Array.from({ length: Math.floor(notes.length / 1024) + 1 }, (_, i) => firstBlock + i);
  const shapes = notes.map(
    (n, i) =>
      `<v:shape id="_x0000_s${firstBlock * 1024 + 1 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:60pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      `<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>` +
      `<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>` +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>` +
      `<x:Anchor>${n.col + 1}, 15, ${n.row}, 10, ${n.col + 3}, 15, ${n.row + 4}, 4</x:Anchor><x:AutoFill>False</x:AutoFill>` +
      `<x:Row>${n.row}</x:Row><x:Column>${n.col}</x:Column></x:ClientData></v:shape>`,
  );
  return (
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${blocks.join(',')}"/></o:shapelayout>` +
    `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">` +
    `<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
    shapes.join('') +
    `</xml>`
  );
}
