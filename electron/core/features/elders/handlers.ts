import type { HandlerMap } from '../../app/handler';
import { WAITING_RULES_SETTING } from '../../../../shared/contract';
import { createAssessment, createElder, getElder, listElders, loadWaitingRules, updateElder } from './service';
import { applyForWaitingList, listWaiting, withdrawApplication } from './waiting';
import { closeFamilyBed, countFamilyBeds, listFamilyBeds, openFamilyBed } from './familyBeds';

export const elderHandlers = {
  'elders.list': listElders,
  'elders.get': getElder,
  'elders.create': createElder,
  'elders.update': updateElder,
  'assessments.create': createAssessment,
  'waiting.apply': applyForWaitingList,
  'waiting.withdraw': withdrawApplication,
  'waiting.list': listWaiting,
  'waiting.rules': async (ctx) => ({ ...(await loadWaitingRules(ctx.db)), settingKey: WAITING_RULES_SETTING }),
  'familyBeds.open': openFamilyBed,
  'familyBeds.close': closeFamilyBed,
  'familyBeds.list': listFamilyBeds,
  'familyBeds.count': countFamilyBeds,
} satisfies Partial<HandlerMap>;
