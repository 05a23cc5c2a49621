import type { HandlerMap } from '../../app/handler';
import { createArea, listAreas, renameArea, seedStreets } from './service';

export const areaHandlers = {
  'areas.list': listAreas,
  'areas.create': createArea,
  'areas.rename': renameArea,
  'areas.seedStreets': seedStreets,
} satisfies Partial<HandlerMap>;
