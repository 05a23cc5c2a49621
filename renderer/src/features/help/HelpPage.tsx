import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Anchor, Box, Group, Image, NavLink, ScrollArea, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import manual from '../../../../docs/用户手册.md?raw';
import { headingId, manualSections, searchSections } from './outline';

// The screenshots are bundled with the app (URLs, not file reads), so the manual shows the same in browser
// mode and in the packaged desktop app.
const IMAGES = import.meta.glob<string>('../../../../docs/manual/*.png', { eager: true, query: '?url', import: 'default' });
const imageUrl = (src: string | undefined) => {
  const name = src?.replace(/^\.?\/?manual\//, '');
  return name ? IMAGES[`../../../../docs/manual/${name}`] : undefined;
};

const SECTIONS = manualSections(manual);
const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/;

function scrollTo(id: string) {
  document.getElementById(id)?.scrollIntoView({ block: 'start' });
}

function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  return '';
}

const heading = (order: 1 | 2 | 3 | 4) =>
  function Heading({ children }: { children?: ReactNode }) {
    // Scrolled to from the contents, a heading stops below the fixed header, not under it.
    return <Title order={order} id={headingId(textOf(children))} mt={order > 1 ? 'lg' : 0} mb="xs" style={{ scrollMarginTop: 64 }}>{children}</Title>;
  };

const COMPONENTS: Components = {
  h1: heading(1),
  h2: heading(2),
  h3: heading(3),
  h4: heading(4),
  img: ({ src, alt }) => <Image src={imageUrl(typeof src === 'string' ? src : undefined)} alt={alt ?? ''} maw={960} radius="sm" style={{ border: '1px solid var(--mantine-color-gray-3)' }} my="xs" />,
  a: ({ href, children }) =>
    href?.startsWith('#') ? (
      <Anchor href={href} onClick={(e) => { e.preventDefault(); scrollTo(decodeURIComponent(href.slice(1))); }}>{children}</Anchor>
    ) : (
      <Anchor href={href} target="_blank" rel="noreferrer">{children}</Anchor>
    ),
  table: ({ children }) => <Table withTableBorder withColumnBorders striped my="sm">{children}</Table>,
  thead: ({ children }) => <Table.Thead>{children}</Table.Thead>,
  tbody: ({ children }) => <Table.Tbody>{children}</Table.Tbody>,
  tr: ({ children }) => <Table.Tr>{children}</Table.Tr>,
  th: ({ children }) => <Table.Th>{children}</Table.Th>,
  // A cell holding only an error code (the troubleshooting table) is the target of the 帮助 link on a red toast.
  td: ({ node, children }) => {
    const first = node?.children.length === 1 ? node.children[0] : undefined;
    const text = first?.type === 'element' && first.tagName === 'code' && first.children[0]?.type === 'text' ? first.children[0].value : '';
    return <Table.Td id={ERROR_CODE.test(text) ? `code-${text}` : undefined}>{children}</Table.Td>;
  },
};

/** 帮助 → 用户手册: docs/用户手册.md with its screenshots, a table of contents and a search. */
export function HelpPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const code = params.get('code');
  const [query, setQuery] = useState('');
  const shown = useMemo(() => searchSections(SECTIONS, query), [query]);

  // Opened from an error's 帮助 link: its row in the troubleshooting table, marked.
  useEffect(() => {
    if (!code) return;
    const row = document.getElementById(`code-${code}`)?.closest('tr');
    row?.setAttribute('data-highlighted', 'true');
    row?.style.setProperty('background', 'var(--mantine-color-yellow-1)');
    row?.scrollIntoView({ block: 'center' });
  }, [code]);

  return (
    <Group align="flex-start" wrap="nowrap" gap="lg">
      <Stack w={240} gap="xs" style={{ position: 'sticky', top: 68, flexShrink: 0 }}>
        <TextInput
          placeholder={t('help.search')}
          aria-label={t('help.search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid="help-search"
        />
        {query && <Text size="xs" c="dimmed" data-testid="help-found">{t('help.found', { count: shown.filter((s) => s.heading).length })}</Text>}
        <ScrollArea.Autosize mah="calc(100vh - 160px)">
          <nav aria-label={t('help.contents')} data-testid="help-toc">
            {shown.flatMap((s) => s.headings).map((h) => (
              <NavLink key={h.id} label={h.title} pl={h.level === 3 ? 'lg' : 'xs'} py={4} onClick={() => scrollTo(h.id)} />
            ))}
          </nav>
        </ScrollArea.Autosize>
      </Stack>
      <Box style={{ flex: 1, minWidth: 0 }} data-testid="help-content">
        {shown.length === 0 && <Text c="dimmed">{t('help.none')}</Text>}
        {shown.map((s) => (
          <section key={s.heading?.id ?? 'intro'}>
            <Markdown remarkPlugins={[remarkGfm]} components={COMPONENTS}>{s.markdown}</Markdown>
          </section>
        ))}
      </Box>
    </Group>
  );
}
