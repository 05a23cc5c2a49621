import { useMemo, useState } from 'react';
import { QUALITY_KINDS, QUALITY_LIST_LIMIT } from '../../../../shared/contract/quality';
import { Accordion, Alert, Anchor, Badge, Button, Group, Select, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { QualityIssue, QualityIssueKind } from '../../../../shared/contract';
import { useQuery } from '../../api/hooks';
import { AreaSelect, useAreaOptions } from '../../components/AreaSelect';
import { isIsoDay } from '../../../../shared/domain/calendar';

export { QUALITY_KINDS };
const LIMIT = QUALITY_LIST_LIMIT;

/** Counts per kind of problem; also used on the printed report. */
export function QualityCounts({ counts, onPick, picked }: { counts: Record<QualityIssueKind, number>; onPick?: (k: QualityIssueKind | null) => void; picked?: QualityIssueKind | null }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder data-testid="quality-counts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('indicators.quality.kind')}</Table.Th>
          <Table.Th style={{ textAlign: 'right' }}>{t('indicators.quality.count')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {QUALITY_KINDS.map((k) => (
          <Table.Tr key={k} data-testid={`quality-count-${k}`} bg={picked === k ? 'var(--mantine-color-teal-light)' : undefined}>
            <Table.Td>
              {onPick ? (
                <UnstyledButton onClick={() => onPick(picked === k ? null : k)} style={{ textDecoration: 'underline dotted' }}>
                  {t(`indicators.quality.kinds.${k}`)}
                </UnstyledButton>
              ) : (
                t(`indicators.quality.kinds.${k}`)
              )}
            </Table.Td>
            <Table.Td style={{ textAlign: 'right' }}>
              {counts[k] > 0 ? <Badge color="orange" variant="light">{counts[k]}</Badge> : <Text span c="dimmed">0</Text>}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** What makes the numbers unreliable, per district, each problem linking to the record to fix. */
export function QualityTab({ asOf }: { asOf: string }) {
  const { t } = useTranslation();
  const districts = useQuery('areas.list', { level: 'district' });
  const districtOptions = useAreaOptions(districts.data);
  const [districtCode, setDistrictCode] = useState<string | null>(null);
  const [kind, setKind] = useState<QualityIssueKind | null>(null);
  const audit = useQuery('quality.audit', { asOf, districtCode: districtCode ?? undefined, limit: LIMIT }, isIsoDay(asOf));
  const issues = (audit.data?.issues ?? []).filter((i) => !kind || i.kind === kind);

  // Every district with a problem of the kinds shown, listed or not: a list cut at LIMIT per kind would
  // otherwise make the districts late in code order look clean. Headings carry the exact counts.
  const groups = useMemo(() => {
    const names = new Map((districts.data ?? []).map((d) => [d.code, d.name]));
    const map = new Map<string, { name: string; total: number; issues: QualityIssue[] }>();
    const group = (key: string) => {
      let g = map.get(key);
      if (!g) map.set(key, (g = { name: key ? (names.get(key) ?? key) : t('indicators.quality.noDistrict'), total: 0, issues: [] }));
      return g;
    };
    for (const k of QUALITY_KINDS) {
      if (kind && k !== kind) continue;
      for (const [key, n] of Object.entries(audit.data?.byDistrict[k] ?? {})) if (n > 0) group(key).total += n;
    }
    for (const issue of issues) {
      const g = group(issue.districtCode ?? '');
      if (issue.districtName) g.name = issue.districtName;
      g.issues.push(issue);
    }
    return [...map.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  }, [issues, kind, audit.data, districts.data, t]);
  const total = audit.data ? QUALITY_KINDS.reduce((n, k) => n + audit.data!.counts[k], 0) : 0;

  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('indicators.quality.note')}</Text>
      <Group align="flex-end">
        <AreaSelect
          label={t('indicators.quality.district')}
          placeholder={t('indicators.allDistricts')}
          clearable
          data={districtOptions}
          value={districtCode}
          onChange={setDistrictCode}
        />
        <Select
          label={t('indicators.quality.filterKind')}
          placeholder={t('common.all')}
          clearable
          data={QUALITY_KINDS.map((k) => ({ value: k, label: t(`indicators.quality.kinds.${k}`) }))}
          value={kind}
          onChange={(v) => setKind(v as QualityIssueKind | null)}
        />
      </Group>
      {audit.error && <Alert color="red">{audit.error.message}</Alert>}
      {audit.data && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <QualityCounts counts={audit.data.counts} onPick={setKind} picked={kind} />
          <Stack gap="xs">
            {total === 0 && <Alert color="green">{t('indicators.quality.none')}</Alert>}
            {QUALITY_KINDS.some((k) => audit.data!.counts[k] > LIMIT) && <Text size="xs" c="dimmed">{t('indicators.quality.capped', { limit: LIMIT })}</Text>}
          </Stack>
        </SimpleGrid>
      )}
      {groups.length > 0 && (
        <Accordion
          key={groups.map(([k]) => k).join(',')}
          multiple
          variant="separated"
          // Open everything when the list is short enough to read; a long list starts folded per district.
          defaultValue={issues.length <= 60 ? groups.map(([k]) => k || 'none') : []}
          data-testid="quality-list"
        >
          {groups.map(([code, g]) => (
            <Accordion.Item key={code || 'none'} value={code || 'none'} data-testid={`quality-district-${code || 'none'}`}>
              <Accordion.Control>
                {g.issues.length < g.total
                  ? t('indicators.quality.issuesInCut', { district: g.name, count: g.total, listed: g.issues.length })
                  : t('indicators.quality.issuesIn', { district: g.name, count: g.total })}
              </Accordion.Control>
              <Accordion.Panel>
                {g.issues.length < g.total && (
                  <Group gap="xs" mb="xs" data-testid="quality-cut-note">
                    <Text size="sm" c="dimmed">{t('indicators.quality.cutNote', { limit: LIMIT, left: g.total - g.issues.length })}</Text>
                    {code && (
                      <Button size="compact-sm" variant="light" onClick={() => setDistrictCode(code)}>
                        {t('indicators.quality.onlyThis', { district: g.name })}
                      </Button>
                    )}
                  </Group>
                )}
                {g.issues.length > 0 && (
                <Table striped layout="fixed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w="28%">{t('indicators.quality.kind')}</Table.Th>
                      <Table.Th>{t('indicators.quality.message')}</Table.Th>
                      <Table.Th w={110} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {g.issues.map((issue) => (
                      <Table.Tr key={`${issue.kind}-${issue.entityId}`}>
                        <Table.Td>{t(`indicators.quality.kinds.${issue.kind}`)}</Table.Td>
                        <Table.Td>{issue.message}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Anchor component={Link} to={issue.link}>{t('indicators.quality.open')}</Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                )}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}
