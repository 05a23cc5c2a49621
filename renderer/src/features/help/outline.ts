// The manual's structure for the in-app 帮助 page: its sections (one per level-2 heading), the headings
// for the table of contents, and the search. Pure, so tests/shared checks it without a browser.

export interface ManualHeading {
  level: 2 | 3;
  title: string;
  id: string;
}

export interface ManualSection {
  /** The level-2 heading; the text before the first one has none. */
  heading: ManualHeading | null;
  markdown: string;
  headings: ManualHeading[];
}

/** A heading's anchor as GitHub writes it (lower case, punctuation dropped, spaces to hyphens), so links in the manual work in both places. */
export function headingId(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Splits the manual at its level-2 headings; headings inside fenced code are text, not headings. */
export function manualSections(markdown: string): ManualSection[] {
  const sections: ManualSection[] = [{ heading: null, markdown: '', headings: [] }];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^(##|###) (.+?)\s*#*\s*$/.exec(line);
    if (m) {
      const heading: ManualHeading = { level: m[1] === '##' ? 2 : 3, title: m[2]!, id: headingId(m[2]!) };
      if (heading.level === 2) sections.push({ heading, markdown: '', headings: [] });
      sections[sections.length - 1]!.headings.push(heading);
    }
    const current = sections[sections.length - 1]!;
    current.markdown += `${line}\n`;
  }
  return sections.filter((s) => s.heading || s.markdown.trim());
}

/**
 * The sections that mention every word of the query (any case), all of them for an empty query. In a
 * matching section a table keeps only its matching rows, so a search for an error code shows its row.
 */
export function searchSections(sections: readonly ManualSection[], query: string): ManualSection[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...sections];
  const matches = (text: string) => words.every((w) => text.toLowerCase().includes(w));
  return sections.filter((s) => matches(s.markdown)).map((s) => ({ ...s, markdown: narrowTables(s.markdown, matches) }));
}

function narrowTables(markdown: string, matches: (text: string) => boolean): string {
  const lines = markdown.split('\n');
  const isRow = (i: number) => lines[i]?.startsWith('|') ?? false;
  const isRule = (i: number) => /^\|[\s:|-]+\|$/.test(lines[i] ?? '');
  const rows = lines.filter((line, i) => !isRow(i) || isRule(i) || isRule(i + 1) || matches(line));
  // A table none of whose rows match is left whole: the words are elsewhere in the section.
  const kept = lines.filter((_, i) => isRow(i) && !isRule(i) && !isRule(i + 1) && matches(lines[i]!)).length;
  return kept ? rows.join('\n') : markdown;
}
