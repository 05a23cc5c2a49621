import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { notifyError, notifyOk } from './notify';

/**
 * One save from a form: busy while it runs; on success a notification and `onDone`; on failure the core's
 * field errors kept for the inputs (`errors`, by field path) and the message in a notification.
 * `run` resolves to whether it succeeded; its message may be made from what the work returned.
 */
export function useAction(onDone: () => void) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run = async <T>(work: () => Promise<T>, message: string | ((result: T) => string) = t('common.saved')): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    try {
      const result = await work();
      notifyOk(typeof message === 'function' ? message(result) : message);
      onDone();
      return true;
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.fieldErrors());
      notifyError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run };
}
