import { memo, useMemo, useState } from 'react';
import { Button, Card, Group, Modal, NumberInput, Pagination, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { SEARCH_DEBOUNCE_MS, useQuery } from '../../api/hooks';
import { AreaSelect } from '../../components/AreaSelect';
import { notifyError, notifyFormError, notifyOk } from '../../components/notify';
import { ImportDialog } from '../imports/ImportDialog';
import type { PopulationRow } from '../../../../shared/contract';

const COUNT_FIELDS = ['resident', 'registered', 'resident60', 'registered60', 'resident65', 'resident80'] as const;
type CountField = (typeof COUNT_FIELDS)[number];

// Nationally there are thousands of area-years (two for each of ~2,900 areas): drawn at once they took
// two seconds. A page of them, searchable by name or code, keeps every one reachable; a city fits on one.
const PAGE = 50;
const NO_ROWS: PopulationRow[] = [];

/** Memoised on its rows, so typing in the search box does not redraw the page of figures. */
const PopulationRows = memo(function PopulationRows({ rows }: { rows: PopulationRow[] }) {
  const { t } = useTranslation();
  const show = (n: number | null) => (n === null ? <Text span c="dimmed">{t('common.unknown')}</Text> : n.toLocaleString('zh-CN'));
  return (
    <Table.Tbody>
      {rows.map((p) => (
        <Table.Tr key={p.id}>
          <Table.Td>{p.areaName}</Table.Td>
          <Table.Td>{p.year}</Table.Td>
          {COUNT_FIELDS.map((f) => <Table.Td key={f}>{show(p[f])}</Table.Td>)}
          <Table.Td>{p.source ?? ''}</Table.Td>
        </Table.Tr>
      ))}
    </Table.Tbody>
  );
});

export function AreasPage() {
  const { t } = useTranslation();
  const [district, setDistrict] = useState<string | null>(null);
  const [areaOpen, setAreaOpen] = useState(false);
  const [popOpen, setPopOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [renaming, setRenaming] = useState<{ code: string; oldName: string } | null>(null);
  const areas = useQuery('areas.list', {});
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [page, setPage] = useState(1);
  const population = useQuery('population.page', { areaCode: district ?? undefined, search: debounced || undefined, offset: (page - 1) * PAGE, limit: PAGE });
  const total = population.data?.total ?? 0;
  const districtOptions = useMemo(
    () => (areas.data ?? []).filter((a) => a.level === 'district').map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
    [areas.data],
  );
  const below = (areas.data ?? []).filter((a) => district && a.code.startsWith(district) && a.level !== 'district');

  const areaForm = useForm({ initialValues: { code: '', name: '' } });
  const renameForm = useForm({ initialValues: { name: '' } });
  const startRename = (code: string, name: string) => {
    renameForm.setValues({ name });
    renameForm.clearErrors();
    setRenaming({ code, oldName: name });
  };
  const saveRename = renameForm.onSubmit(async (v) => {
    if (!renaming) return;
    try {
      const done = await call('areas.rename', { code: renaming.code, name: v.name });
      notifyOk(t('areas.renamed', { from: renaming.oldName, to: done.name }));
      setRenaming(null);
      areas.reload();
      population.reload();
    } catch (e) {
      notifyFormError(e, renameForm.setErrors);
    }
  });
  const popForm = useForm<{ areaCode: string; year: number | string; source: string } & Record<CountField, number | string>>({
    initialValues: { areaCode: '', year: new Date().getFullYear() - 1, source: '', resident: '', registered: '', resident60: '', registered60: '', resident65: '', resident80: '' },
  });

  const saveArea = areaForm.onSubmit(async (v) => {
    try {
      await call('areas.create', v);
      notifyOk(t('common.saved'));
      setAreaOpen(false);
      areaForm.reset();
      areas.reload();
    } catch (e) {
      notifyFormError(e, areaForm.setErrors);
    }
  });

  const savePopulation = popForm.onSubmit(async (v) => {
    const count = (x: number | string) => (x === '' ? null : Number(x));
    try {
      await call('population.upsert', {
        areaCode: v.areaCode,
        year: Number(v.year),
        resident: count(v.resident),
        registered: count(v.registered),
        resident60: count(v.resident60),
        registered60: count(v.registered60),
        resident65: count(v.resident65),
        resident80: count(v.resident80),
        source: v.source || null,
      });
      notifyOk(t('common.saved'));
      setPopOpen(false);
      population.reload();
    } catch (e) {
      notifyFormError(e, popForm.setErrors);
    }
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('areas.title')}</Title>
        <Group>
          <Button variant="light" onClick={() => setImportOpen(true)}>{t('areas.importPopulation')}</Button>
          <Button variant="light" onClick={() => setPopOpen(true)}>{t('areas.addPopulation')}</Button>
          <Button
            variant="light"
            data-testid="seed-streets"
            onClick={() =>
              call('areas.seedStreets', { districtCode: district ?? undefined }).then((r) => {
                notifyOk(t('areas.seeded', r));
                areas.reload();
              }, notifyError)
            }
          >
            {district ? t('areas.seedDistrict') : t('areas.seedAll')}
          </Button>
          <Button onClick={() => setAreaOpen(true)}>{t('areas.addStreet')}</Button>
        </Group>
      </Group>
      <Group align="flex-end">
        <AreaSelect label={t('areas.districts')} placeholder={t('common.all')} clearable w={240} data={districtOptions} value={district} onChange={(v) => { setDistrict(v); setPage(1); }} />
        <TextInput
          label={t('areas.search')}
          placeholder={t('areas.searchPlaceholder')}
          w={240}
          value={search}
          onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }}
        />
      </Group>
      {district && (
        <Card withBorder>
          <Title order={4} mb="xs">{t('areas.streets')}</Title>
          {below.length === 0 ? <Text c="dimmed">{t('common.noData')}</Text> : (
            <Table withTableBorder>
              <Table.Tbody>
                {below.map((a) => (
                  <Table.Tr key={a.code}>
                    <Table.Td>{a.code}</Table.Td>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td w={90}>
                      <Button size="xs" variant="subtle" aria-label={t('areas.renameOf', { name: a.name })} onClick={() => startRename(a.code, a.name)}>{t('areas.rename')}</Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      )}
      <Card withBorder>
        <Title order={4} mb="xs">{t('areas.population')}</Title>
        <Table striped withTableBorder data-testid="population-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('areas.name')}</Table.Th>
              <Table.Th>{t('areas.year')}</Table.Th>
              {COUNT_FIELDS.map((f) => <Table.Th key={f}>{t(`areas.${f}`)}</Table.Th>)}
              <Table.Th>{t('areas.source')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <PopulationRows rows={population.data?.rows ?? NO_ROWS} />
        </Table>
        {population.data && total === 0 && <Text c="dimmed">{t('common.noData')}</Text>}
        {total > PAGE && (
          <Group justify="space-between" mt="sm">
            <Text size="sm" c="dimmed" data-testid="population-total">{t('common.total', { count: total })}</Text>
            <Pagination data-testid="population-pages" total={Math.ceil(total / PAGE)} value={page} onChange={setPage} />
          </Group>
        )}
      </Card>
      <Modal opened={areaOpen} onClose={() => setAreaOpen(false)} title={t('areas.addStreet')}>
        <form onSubmit={saveArea}>
          <Stack>
            <TextInput label={t('areas.code')} description="9 位（街道/乡镇）或 12 位（社区/村）" required {...areaForm.getInputProps('code')} />
            <TextInput label={t('areas.name')} required {...areaForm.getInputProps('name')} />
            <Group justify="flex-end"><Button type="submit">{t('common.save')}</Button></Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title={renaming ? t('areas.renameTitle', { name: renaming.oldName, code: renaming.code }) : ''}>
        <form onSubmit={saveRename}>
          <Stack>
            <TextInput label={t('areas.newName')} description={t('areas.renameHint')} required {...renameForm.getInputProps('name')} />
            <Group justify="flex-end"><Button type="submit">{t('common.save')}</Button></Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={popOpen} onClose={() => setPopOpen(false)} title={t('areas.addPopulation')} size="lg">
        <form onSubmit={savePopulation}>
          <Stack>
            <SimpleGrid cols={2}>
              <Select label={t('areas.area')} searchable required data={(areas.data ?? []).filter((a) => a.level !== 'city').map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }))} {...popForm.getInputProps('areaCode')} />
              <NumberInput label={t('areas.year')} required min={1949} max={2100} {...popForm.getInputProps('year')} />
              {COUNT_FIELDS.map((f) => (
                <NumberInput key={f} label={t(`areas.${f}`)} min={0} allowDecimal={false} thousandSeparator="," {...popForm.getInputProps(f)} />
              ))}
            </SimpleGrid>
            <TextInput label={t('areas.source')} {...popForm.getInputProps('source')} />
            <Text size="xs" c="dimmed">{t('areas.emptyMeansUnknown')}</Text>
            <Group justify="flex-end"><Button type="submit">{t('common.save')}</Button></Group>
          </Stack>
        </form>
      </Modal>
      <ImportDialog kind="population" title={t('areas.population')} opened={importOpen} onClose={() => setImportOpen(false)} onDone={population.reload} />
    </Stack>
  );
}
