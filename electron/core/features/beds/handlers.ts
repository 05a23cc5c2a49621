import type { HandlerMap } from '../../app/handler';
import {
  addOutage,
  bedBoard,
  bedCounts,
  bedSummary,
  bulkCreateBeds,
  createBed,
  createBuilding,
  createRoom,
  endOutage,
  getBed,
  retireBed,
  setBedAttributes,
  updateRoom,
} from './service';

export const bedHandlers = {
  'beds.createBuilding': createBuilding,
  'beds.createRoom': createRoom,
  'beds.updateRoom': updateRoom,
  'beds.create': createBed,
  'beds.bulkCreate': bulkCreateBeds,
  'beds.get': getBed,
  'beds.retire': retireBed,
  'beds.setAttributes': setBedAttributes,
  'beds.addOutage': addOutage,
  'beds.endOutage': endOutage,
  'beds.counts': bedCounts,
  'beds.board': bedBoard,
  'beds.summary': bedSummary,
} satisfies Partial<HandlerMap>;
