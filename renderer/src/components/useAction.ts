import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { notifyError, notifyOk } from './notify';

/**
 * Runs a save: busy while it runs; on failure the core's field errors kept for the inputs (by field path)
 * and, when no field carries it, the message in a notification. Resolves to the work's result, or undefined when it failed. Forms
 * that go on with the saved value (navigate to it, show its level) use this; useAction builds on it.
 */
export async function submitWith<T>(setErrors: (e: Record<string, string>) => void, setBusy: (b: boolean) => void, work: () => Promise<T>): Promise<T | undefined> {
  setBusy(true);
  try {
    return await work();
  } catch (e) {
    const fields = e instanceof ApiError ? e.fieldErrors() : {};
    setErrors(fields);
    // Field problems are shown beside their inputs; the toast is only for the rest.
    notifyError(e, Object.keys(fields));
    return undefined;
  } finally {
    setBusy(false);
  }
}

/**
 * One save from a form, as submitWith, plus on success a notification and `onDone`; earlier field
 * errors are cleared first. `run` resolves to whether it succeeded; its message may be made from what
 * the work returned.
 */
export function useAction(onDone: () => void) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run = async <T>(work: () => Promise<T>, message: string | ((result: T) => string) = t('common.saved')): Promise<boolean> => {
    setErrors({});
    // Wrapped, so a work that resolves to undefined still counts as done.
    const done = await submitWith(setErrors, setBusy, async () => ({ result: await work() }));
    if (!done) return false;
    notifyOk(typeof message === 'function' ? message(done.result) : message);
    onDone();
    return true;
  };
  return { errors, setErrors, busy, run };
}
