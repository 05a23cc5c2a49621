/**
 * How a failure is told to the user. The sentence is the core's Chinese message alone; the code goes on a
 * separate details line that support can copy, so no message ends in "（VALIDATION）". When a form already
 * shows the problem beside its inputs, no toast repeats it: one message per error.
 */
export interface ErrorNotice {
  /** False when every problem is already shown inline by the form. */
  toast: boolean;
  message: string;
  /** The small details line: the code, for support. */
  detail: string;
}

export function errorNotice(error: { code: string; message: string }, inlineFields: string[], formShowsInline: boolean): ErrorNotice {
  const detail = `错误代码：${error.code}`;
  const message = error.message.trim() || '操作未完成';
  return { toast: !(formShowsInline && inlineFields.length > 0), message, detail };
}
