import type { HandlerMap } from '../../app/handler';
import {
  addTraining,
  createStaff,
  getStaff,
  listStaff,
  loadStaffingRule,
  saveStaffingRule,
  staffingRatio,
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
} satisfies Partial<HandlerMap>;
