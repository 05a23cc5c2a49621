import { notifications } from '@mantine/notifications';
import i18n from '../i18n';
import { ApiError } from '../api/client';

export function notifyError(error: unknown): void {
  const message = error instanceof ApiError ? `${error.message}（${error.code}）` : String(error);
  notifications.show({ color: 'red', title: i18n.t('common.error'), message, autoClose: 8000 });
}

export function notifyOk(message: string): void {
  notifications.show({ color: 'teal', message });
}
