import { useMemo } from 'react';
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// Mantine writes every option of a Select into the page even while it is closed. Nationally the district
// list has about 2,900 entries: on the facility list that was ~5,800 elements and most of the first
// screen's render. Shown a hundred at a time and searchable, every district stays one typed word away,
// and a city's 16 districts are all shown as before.
export const AREA_OPTIONS_SHOWN = 100;

/** A Select over many areas (districts, or districts and streets): searchable, with a bounded option list. */
export function AreaSelect(props: SelectProps) {
  const { t } = useTranslation();
  return <Select searchable limit={AREA_OPTIONS_SHOWN} nothingFoundMessage={t('common.noData')} {...props} />;
}

/** Options for AreaSelect from area rows, computed once per list. */
export function useAreaOptions(areas: readonly { code: string; name: string }[] | undefined) {
  return useMemo(() => (areas ?? []).map((a) => ({ value: a.code, label: a.name })), [areas]);
}
