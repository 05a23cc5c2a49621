import type { HandlerMap } from '../../app/handler';
import { decodeFile, errorReportFile, kindInfo, runImport, templateFile } from '../../import/framework';
import { IMPORT_SPECS, importSpec } from '../../import/registry';

export const importHandlers = {
  'imports.kinds': async () => IMPORT_SPECS.map(kindInfo),
  'imports.template': async (_ctx, input) => templateFile(importSpec(input.kind), input.format),
  'imports.preview': async (ctx, input) =>
    runImport(ctx, importSpec(input.kind), { fileName: input.file.fileName, bytes: decodeFile(input.file) }, { dryRun: true, options: input.options }),
  'imports.start': async (ctx, input) => {
    const spec = importSpec(input.kind);
    const bytes = decodeFile(input.file);
    const jobId = ctx.jobs.start(spec.kind, (progress) =>
      runImport(ctx, spec, { fileName: input.file.fileName, bytes }, { dryRun: input.dryRun, onProgress: progress, options: input.options }),
    );
    return { jobId };
  },
  'imports.errorReport': async (ctx, input) => {
    const spec = importSpec(input.kind);
    const bytes = decodeFile(input.file);
    const report = await runImport(ctx, spec, { fileName: input.file.fileName, bytes }, { dryRun: true, options: input.options });
    return errorReportFile(input.file.fileName, bytes, report);
  },
} satisfies Partial<HandlerMap>;
