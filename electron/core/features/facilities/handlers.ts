import type { HandlerMap } from '../../app/handler';
import { createFacility, getFacility, listFacilities, setFacilityStatus, updateFacility } from './service';
import { createArea, listAreas, listPopulation, renameArea, seedStreets, upsertPopulation } from '../areas/service';

export const registryHandlers = {
  'areas.list': listAreas,
  'areas.create': createArea,
  'areas.rename': renameArea,
  'areas.seedStreets': seedStreets,
  'population.list': listPopulation,
  'population.upsert': upsertPopulation,
  'facilities.list': listFacilities,
  'facilities.get': getFacility,
  'facilities.create': createFacility,
  'facilities.update': updateFacility,
  'facilities.setStatus': setFacilityStatus,
} satisfies Partial<HandlerMap>;
