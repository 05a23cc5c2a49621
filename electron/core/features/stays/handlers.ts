import type { HandlerMap } from '../../app/handler';
import { admit, bedHistory, discharge, endLeave, freeBeds, occupancy, residents, startLeave, transfer } from './service';

export const stayHandlers = {
  'stays.admit': admit,
  'stays.transfer': transfer,
  'stays.startLeave': startLeave,
  'stays.endLeave': endLeave,
  'stays.discharge': discharge,
  'stays.freeBeds': freeBeds,
  'stays.residents': residents,
  'stays.occupancy': occupancy,
  'stays.bedHistory': bedHistory,
} satisfies Partial<HandlerMap>;
