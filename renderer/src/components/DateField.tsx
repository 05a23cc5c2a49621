import type { FocusEvent } from 'react';
import { TextInput, type TextInputProps } from '@mantine/core';
import { typedDay } from '../../../shared/domain/calendar';

/**
 * A day typed as 年-月-日 whatever the browser's locale: a native date input shows mm/dd/yyyy on an
 * English system. On leaving the field, 2024/3/1, 2024年3月1日 or 20240301 become 2024-03-01 (through the
 * input's own change event, so the form's onChange sees it like a keystroke).
 */
export function DateField(props: Omit<TextInputProps, 'type'>) {
  const { onBlur, ...rest } = props;
  const normalise = (e: FocusEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const day = typedDay(input.value);
    if (day && day !== input.value) {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, day);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    onBlur?.(e);
  };
  return <TextInput placeholder="年-月-日" maxLength={12} autoComplete="off" {...rest} type="text" data-date-field onBlur={normalise} />;
}
