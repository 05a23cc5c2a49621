import { useMemo, useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { FacilityKind } from '../../../../shared/domain/facility';
import { todayIn } from '../../../../shared/domain/calendar';
import { SEARCH_DEBOUNCE_MS, useQuery } from '../../api/hooks';

/** Today in Beijing (UTC+8), whatever the machine's zone: the core's own "today" (todayIn). */
export function beijingToday(): string {
  return todayIn(new Date());
}

/** Facility picker that searches the paged list instead of loading every facility. */
export function FacilitySelect({ value, onChange, label, kinds, required, w }: { value: string | null; onChange: (id: string | null, name: string | null) => void; label?: string; kinds?: readonly FacilityKind[]; required?: boolean; w?: number }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const list = useQuery('facilities.list', { search: debounced && debounced !== picked?.label ? debounced : undefined, limit: 50 });
  const data = useMemo(() => {
    const rows = (list.data?.rows ?? []).filter((f) => !kinds || kinds.includes(f.kind)).map((f) => ({ value: f.id, label: f.name }));
    if (picked && value === picked.value && !rows.some((r) => r.value === picked.value)) rows.unshift(picked);
    return rows;
  }, [list.data, kinds, picked, value]);
  return (
    <Select
      label={label ?? t('elders.facility')}
      placeholder={t('elders.facilityPlaceholder')}
      searchable
      required={required}
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={(id, option) => {
        setPicked(id && option ? { value: id, label: option.label } : null);
        onChange(id, option?.label ?? null);
      }}
      w={w ?? 320}
      nothingFoundMessage={t('common.noData')}
      // The facility is often preselected (remembered): choosing it again keeps it rather than clearing it.
      allowDeselect={false}
    />
  );
}
