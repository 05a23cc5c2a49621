import { useRef, useState, type FocusEvent } from 'react';
import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { useMergedRef } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { typedDay } from '../../../shared/domain/calendar';

/** Sets the input's value through its own change event, so the form's onChange sees it like a keystroke. */
function setInputValue(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A calendar icon drawn inline: no icon font or image request for one glyph. */
function CalendarIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M3 10h18M8 3v4M16 3v4" />
    </svg>
  );
}

/**
 * A day typed or picked as 年-月-日 whatever the browser's locale: a native date input shows mm/dd/yyyy on
 * an English system. On leaving the field, 2024/3/1, 2024年3月1日 or 20240301 become 2024-03-01; the
 * calendar beside it (Mantine's, in Chinese, weeks from Monday) opens on the day typed and writes the day
 * picked into the same field.
 */
export function DateField(props: Omit<TextInputProps, 'type'>) {
  const { t } = useTranslation();
  const { onBlur, ref, disabled, readOnly, ...rest } = props;
  const input = useRef<HTMLInputElement>(null);
  const merged = useMergedRef(input, ref);
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  const normalise = (e: FocusEvent<HTMLInputElement>) => {
    const day = typedDay(e.currentTarget.value);
    if (day && day !== e.currentTarget.value) setInputValue(e.currentTarget, day);
    onBlur?.(e);
  };
  const toggle = () => {
    if (!open) setShown(typedDay(input.current?.value ?? ''));
    setOpen(!open);
  };
  const pick = (day: string | null) => {
    if (day && input.current) setInputValue(input.current, day);
    setOpen(false);
    input.current?.focus();
  };
  const picker = (
    <Popover opened={open} onChange={setOpen} position="bottom-end" shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <ActionIcon variant="subtle" color="gray" onClick={toggle} disabled={disabled || readOnly} aria-label={t('common.pickDate')} data-testid="date-pick">
          <CalendarIcon />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown data-testid="date-picker">
        <DatePicker value={shown} defaultDate={shown ?? undefined} onChange={pick} locale="zh-cn" firstDayOfWeek={1} monthLabelFormat="YYYY年M月" yearLabelFormat="YYYY年" />
      </Popover.Dropdown>
    </Popover>
  );
  return (
    <TextInput
      placeholder={t('common.dayPlaceholder')}
      maxLength={12}
      autoComplete="off"
      {...rest}
      ref={merged}
      disabled={disabled}
      readOnly={readOnly}
      type="text"
      data-date-field
      onBlur={normalise}
      rightSection={picker}
      rightSectionPointerEvents="all"
    />
  );
}
