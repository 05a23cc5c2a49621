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
} satisfies Partial<HandlerMap>;
