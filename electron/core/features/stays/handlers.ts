import type { HandlerMap } from '../../app/handler';
import { admit, bedHistory, cancelAdmission, discharge, endLeave, freeBeds, occupancy, reopenAdmission, residents, startLeave, transfer } from './service';

export const stayHandlers = {
  'stays.admit': admit,
  'stays.reopen': reopenAdmission,
  'stays.cancel': cancelAdmission,
  'stays.transfer': transfer,
  'stays.startLeave': startLeave,
  'stays.endLeave': endLeave,
  'stays.discharge': discharge,
  'stays.freeBeds': freeBeds,
  'stays.residents': residents,
  'stays.occupancy': occupancy,
  'stays.bedHistory': bedHistory,
} satisfies Partial<HandlerMap>;
