import type { HandlerMap } from '../../app/handler';
import { closeFamilyBed, countFamilyBeds, listFamilyBeds, openFamilyBed } from './service';

export const familyBedHandlers = {
  'familyBeds.open': openFamilyBed,
  'familyBeds.close': closeFamilyBed,
  'familyBeds.list': listFamilyBeds,
  'familyBeds.count': countFamilyBeds,
} satisfies Partial<HandlerMap>;
