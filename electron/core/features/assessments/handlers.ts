import type { HandlerMap } from '../../app/handler';
import { createAssessment } from './service';

export const assessmentHandlers = {
  'assessments.create': createAssessment,
} satisfies Partial<HandlerMap>;
