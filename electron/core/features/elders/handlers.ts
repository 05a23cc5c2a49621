import type { HandlerMap } from '../../app/handler';
import { countElders, createAssessment, createElder, getElder, listElders, loadWaitingRules, saveWaitingRules, shownTo, updateElder } from './service';
import { applyForWaitingList, listWaiting, withdrawApplication } from './waiting';
import { closeFamilyBed, countFamilyBeds, listFamilyBeds, openFamilyBed } from './familyBeds';

export const elderHandlers = {
  'elders.list': listElders,
  'elders.count': countElders,
  'elders.get': getElder,
  // The answer carries the ID number and phones: shown as the caller may see them, like elders.get.
  'elders.create': async (ctx, input) => shownTo(ctx, await createElder(ctx, input), true),
  'elders.update': async (ctx, input) => shownTo(ctx, await updateElder(ctx, input), true),
  'assessments.create': createAssessment,
  'waiting.apply': applyForWaitingList,
  'waiting.withdraw': withdrawApplication,
  'waiting.list': listWaiting,
  'waiting.rules': (ctx) => loadWaitingRules(ctx.db),
  'waiting.setRules': saveWaitingRules,
  'familyBeds.open': openFamilyBed,
  'familyBeds.close': closeFamilyBed,
  'familyBeds.list': listFamilyBeds,
  'familyBeds.count': countFamilyBeds,
} satisfies Partial<HandlerMap>;
