import { notifications } from '@mantine/notifications';
import { Anchor, Group, Text } from '@mantine/core';
import i18n from '../i18n';
import { ApiError } from '../api/client';
import { errorNotice } from '../../../shared/errorNotice';

// Red toasts still on screen; the next success clears them, so an old failure does not outlive its fix.
const openErrors = new Set<string>();

/**
 * A failure as a red toast: the message, then the code on a small line support can copy. `inlineFields`
 * are the fields the form already marks; then the toast is left out, so each error is said once.
 */
export function notifyError(error: unknown, inlineFields: string[] = []): void {
  const e = error instanceof ApiError ? error : { code: 'INTERNAL', message: String(error) };
  const n = errorNotice(e, inlineFields, inlineFields.length > 0);
  if (!n.toast) return;
  const id = `error-${Date.now()}-${openErrors.size}`;
  openErrors.add(id);
  notifications.show({
    id,
    color: 'red',
    title: i18n.t('common.error'),
    message: (
      <div>
        <Text size="sm" data-testid="error-message">{n.message}</Text>
        <Group gap="xs">
          <Text size="xs" c="dimmed" data-testid="error-detail" style={{ userSelect: 'text' }}>{n.detail}</Text>
          {/* The code's row in the manual's troubleshooting table: what to do about it. */}
          <Anchor size="xs" href={`#/help?code=${encodeURIComponent(e.code)}`} data-testid="error-help">{i18n.t('help.codeHelp')}</Anchor>
        </Group>
      </div>
    ),
    autoClose: 8000,
    onClose: () => openErrors.delete(id),
  });
}

function clearErrors(): void {
  for (const id of openErrors) notifications.hide(id);
  openErrors.clear();
}

export function notifyOk(message: string): void {
  clearErrors();
  notifications.show({ color: 'teal', message });
}

/** A form's failure: field problems beside their inputs, a toast only for what no field shows. */
export function notifyFormError(error: unknown, setErrors: (e: Record<string, string>) => void): void {
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  if (error instanceof ApiError) setErrors(fields);
  notifyError(error, Object.keys(fields));
}
