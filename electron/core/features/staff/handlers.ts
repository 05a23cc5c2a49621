import type { HandlerMap } from '../../app/handler';
import {
  addTraining,
  createStaff,
  getStaff,
  listStaff,
  loadStaffingRule,
  saveStaffingRule,
  setTekunNeed,
  staffingRatio,
  tekunList,
  tekunNeeds,
  updateStaff,
} from './service';
import { loadSubsidySettings, saveSubsidySettings, subsidyExport, subsidySheet } from './subsidy';

export const staffHandlers = {
  'staff.list': listStaff,
  'staff.get': getStaff,
  'staff.create': createStaff,
  'staff.update': updateStaff,
  'staff.addTraining': addTraining,
  'staff.ratio': staffingRatio,
  'staff.rule.get': (ctx) => loadStaffingRule(ctx.db),
  'staff.rule.set': saveStaffingRule,
  'tekun.setNeed': setTekunNeed,
  'tekun.needs': tekunNeeds,
  'tekun.list': tekunList,
  'subsidy.settings.get': (ctx) => loadSubsidySettings(ctx.db),
  'subsidy.settings.set': saveSubsidySettings,
  'subsidy.sheet': subsidySheet,
  'subsidy.export': subsidyExport,
} satisfies Partial<HandlerMap>;
