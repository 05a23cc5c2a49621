import type { HandlerMap } from '../../app/handler';
import { createFacility, getFacility, listFacilities, setFacilityStatus, updateFacility } from './service';

export const facilityHandlers = {
  'facilities.list': listFacilities,
  'facilities.get': getFacility,
  'facilities.create': createFacility,
  'facilities.update': updateFacility,
  'facilities.setStatus': setFacilityStatus,
} satisfies Partial<HandlerMap>;
