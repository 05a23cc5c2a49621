import type { Permission } from '../domain/access';
import type { ChannelName } from './channels';

/** What an input field names, so the core can find the facility or district a request touches. */
export type TargetKind =
  | 'facility'
  | 'facilities'
  | 'bed'
  | 'room'
  | 'building'
  | 'outage'
  | 'elder'
  | 'admission'
  | 'leave'
  | 'application'
  | 'familyBed'
  | 'rating'
  | 'area'
  | 'target'
  | 'staff'
  | 'declaration'
  | 'capacityProject';

export interface ChannelAccess {
  /** 'public': answered without a session; 'signedIn': any account; otherwise the permission needed. */
  permission: Permission | 'public' | 'signedIn';
  /** Input fields that name what the request touches; each one given must lie in the caller's scope. */
  targets?: readonly (readonly [field: string, kind: TargetKind])[];
  /**
   * When no target field is given: 'list' — the handler filters its rows by the caller's scope in SQL;
   * 'all' — only a grant over the whole installation may (the request reaches every district);
   * 'none' (default) — the request touches nothing scoped (settings, accounts, the catalogue).
   */
  otherwise?: 'list' | 'all' | 'none';
}

const f = (field = 'facilityId') => [[field, 'facility']] as const;

/**
 * Every channel's permission and how its scope is found; the dispatcher checks both before the handler
 * runs. `satisfies Record<ChannelName, …>` makes a channel without a declaration a compile error.
 */
export const CHANNEL_ACCESS = {
  'system.info': { permission: 'public' },
  'auth.setup': { permission: 'public' },
  'auth.login': { permission: 'public' },
  'auth.logout': { permission: 'public' },
  'auth.me': { permission: 'public' },
  'auth.changePassword': { permission: 'signedIn' },
  'accounts.list': { permission: 'accounts' },
  'accounts.create': { permission: 'accounts' },
  'accounts.setGrants': { permission: 'accounts' },
  'accounts.resetPassword': { permission: 'accounts' },
  'accounts.setDisabled': { permission: 'accounts' },
  'accounts.policy': { permission: 'accounts' },
  'accounts.setPolicy': { permission: 'accounts' },
  'lan.set': { permission: 'settings' },
  'audit.verify': { permission: 'auditLog' },
  'audit.export': { permission: 'auditLog' },
  'audit.list': { permission: 'auditLog' },

  'areas.list': { permission: 'registry.read' },
  'areas.create': { permission: 'registry.write', otherwise: 'all' },
  'areas.rename': { permission: 'registry.write', otherwise: 'all' },
  'population.list': { permission: 'registry.read', otherwise: 'list' },
  'population.page': { permission: 'registry.read', otherwise: 'list' },
  'population.upsert': { permission: 'registry.write', targets: [['areaCode', 'area']] },
  'facilities.list': { permission: 'registry.read', targets: [['districtCode', 'area']], otherwise: 'list' },
  'facilities.get': { permission: 'registry.read', targets: f('id') },
  'facilities.create': { permission: 'registry.write', targets: [['areaCode', 'area']] },
  'facilities.update': { permission: 'registry.write', targets: [['id', 'facility'], ['areaCode', 'area']] },
  'facilities.setStatus': { permission: 'registry.write', targets: f('id') },

  'imports.kinds': { permission: 'signedIn' },
  'imports.template': { permission: 'signedIn' },
  // A file's rows may name any facility or district: imports are for grants over the whole installation.
  'imports.preview': { permission: 'bulk.personal', otherwise: 'all' },
  'imports.start': { permission: 'bulk.personal', otherwise: 'all' },
  'imports.errorReport': { permission: 'bulk.personal', otherwise: 'all' },
  'jobs.get': { permission: 'bulk.personal', otherwise: 'all' },

  'settings.get': { permission: 'signedIn' },
  'settings.set': { permission: 'settings' },
  'backup.saveTo': { permission: 'backup' },
  'backup.download': { permission: 'backup' },

  'ratings.create': { permission: 'ratings.write', targets: f() },
  'ratings.revoke': { permission: 'ratings.write', targets: [['id', 'rating']] },
  'ratings.check': { permission: 'ratings.read', targets: f() },
  'ratings.forFacility': { permission: 'ratings.read', targets: f() },
  'ratings.overview': { permission: 'ratings.read', otherwise: 'all' },
  'ratings.expiring': { permission: 'ratings.read', targets: [['districtCode', 'area']], otherwise: 'all' },
  'ratings.expired': { permission: 'ratings.read', targets: [['districtCode', 'area']], otherwise: 'all' },

  'beds.createBuilding': { permission: 'beds.write', targets: f() },
  'beds.createRoom': { permission: 'beds.write', targets: [['buildingId', 'building']] },
  'beds.updateRoom': { permission: 'beds.write', targets: [['id', 'room']] },
  'beds.create': { permission: 'beds.write', targets: [['roomId', 'room']] },
  'beds.bulkCreate': { permission: 'beds.write', targets: f() },
  'beds.get': { permission: 'beds.read', targets: [['id', 'bed']] },
  'beds.retire': { permission: 'beds.write', targets: [['id', 'bed']] },
  'beds.setAttributes': { permission: 'beds.write', targets: [['id', 'bed']] },
  'beds.addOutage': { permission: 'beds.write', targets: [['bedId', 'bed']] },
  'beds.endOutage': { permission: 'beds.write', targets: [['outageId', 'outage']] },
  'beds.counts': { permission: 'beds.read', targets: [['facilityId', 'facility'], ['areaCode', 'area']], otherwise: 'all' },
  'beds.board': { permission: 'beds.read', targets: f() },
  'beds.summary': { permission: 'beds.read', targets: [['districtCode', 'area']], otherwise: 'list' },

  'elders.list': { permission: 'elders.read', otherwise: 'list' },
  'elders.count': { permission: 'elders.read', otherwise: 'list' },
  'elders.get': { permission: 'elders.read', targets: [['id', 'elder']] },
  'elders.create': { permission: 'elders.write', otherwise: 'list' },
  'elders.update': { permission: 'elders.write', targets: [['id', 'elder']] },
  'assessments.create': { permission: 'elders.write', targets: [['elderId', 'elder']] },
  'waiting.apply': { permission: 'elders.write', targets: [['facilityId', 'facility'], ['elderId', 'elder']] },
  'waiting.withdraw': { permission: 'elders.write', targets: [['id', 'application']] },
  'waiting.list': { permission: 'elders.read', targets: f() },
  'waiting.rules': { permission: 'signedIn' },
  'waiting.setRules': { permission: 'settings' },
  'familyBeds.open': { permission: 'elders.write', targets: [['providerFacilityId', 'facility'], ['elderId', 'elder']] },
  'familyBeds.close': { permission: 'elders.write', targets: [['id', 'familyBed']] },
  'familyBeds.list': { permission: 'elders.read', targets: [['providerFacilityId', 'facility'], ['areaCode', 'area']], otherwise: 'list' },
  'familyBeds.count': { permission: 'elders.read', targets: [['providerFacilityId', 'facility'], ['areaCode', 'area']], otherwise: 'all' },

  'stays.admit': { permission: 'elders.write', targets: [['bedId', 'bed'], ['elderId', 'elder']] },
  'stays.transfer': { permission: 'elders.write', targets: [['admissionId', 'admission'], ['toBedId', 'bed']] },
  'stays.startLeave': { permission: 'elders.write', targets: [['admissionId', 'admission']] },
  'stays.endLeave': { permission: 'elders.write', targets: [['leaveId', 'leave']] },
  'stays.discharge': { permission: 'elders.write', targets: [['admissionId', 'admission']] },
  'stays.reopen': { permission: 'elders.write', targets: [['admissionId', 'admission']] },
  'stays.cancel': { permission: 'elders.write', targets: [['admissionId', 'admission']] },
  'stays.freeBeds': { permission: 'beds.read', targets: f() },
  'stays.residents': { permission: 'elders.read', targets: f() },
  'stays.occupancy': { permission: 'beds.read', targets: [['facilityId', 'facility'], ['areaCode', 'area']], otherwise: 'all' },
  'stays.bedHistory': { permission: 'elders.read', targets: [['bedId', 'bed']] },

  // Narrowed to the caller's districts (a facility grant reaches none of them: no rows).
  'indicators.report': { permission: 'indicators.read', otherwise: 'list' },
  'indicators.definitions': { permission: 'signedIn' },
  'indicators.drill': { permission: 'indicators.read', targets: [['areaCode', 'area']] },
  'indicators.drillPage': { permission: 'indicators.read', targets: [['areaCode', 'area']] },
  'indicators.trend': { permission: 'indicators.read', targets: [['areaCode', 'area']] },
  'indicators.checkpoints': { permission: 'indicators.read', otherwise: 'all' },
  // Counts every district of the city at once on the connection: maintenance, for the whole installation.
  'indicators.precount': { permission: 'settings', otherwise: 'all' },
  'indicators.options.get': { permission: 'signedIn' },
  'indicators.options.set': { permission: 'settings' },
  'targets.list': { permission: 'indicators.read', otherwise: 'list' },
  'targets.create': { permission: 'targets.write', targets: [['areaCode', 'area']] },
  'targets.update': { permission: 'targets.write', targets: [['id', 'target'], ['areaCode', 'area']] },
  'targets.delete': { permission: 'targets.write', targets: [['id', 'target']] },
  'quality.audit': { permission: 'indicators.read', targets: [['districtCode', 'area']], otherwise: 'all' },
  'exports.indicators': { permission: 'exports', otherwise: 'all' },

  'staff.list': { permission: 'staff.read', targets: f(), otherwise: 'all' },
  'staff.get': { permission: 'staff.read', targets: [['id', 'staff']] },
  'staff.create': { permission: 'staff.write', targets: f() },
  'staff.update': { permission: 'staff.write', targets: [['id', 'staff'], ['facilityId', 'facility']] },
  'staff.addTraining': { permission: 'staff.write', targets: [['staffId', 'staff']] },
  'staff.ratio': { permission: 'staff.read', targets: f() },
  'staff.rule.get': { permission: 'signedIn' },
  'staff.rule.set': { permission: 'settings' },
  'tekun.setNeed': { permission: 'elders.write', targets: [['elderId', 'elder']] },
  'tekun.needs': { permission: 'elders.read', targets: [['elderId', 'elder']] },
  'tekun.list': { permission: 'indicators.read', targets: [['areaCode', 'area']], otherwise: 'all' },
  'planning.projects': { permission: 'indicators.read', targets: [['districtCode', 'area']], otherwise: 'all' },
  'planning.saveProject': { permission: 'targets.write', targets: [['id', 'capacityProject'], ['districtCode', 'area'], ['facilityId', 'facility']] },
  'planning.populations': { permission: 'indicators.read', targets: [['areaCode', 'area']], otherwise: 'all' },
  'planning.savePopulation': { permission: 'targets.write', targets: [['areaCode', 'area']] },
  'planning.project': { permission: 'indicators.read', targets: [['districtCode', 'area']], otherwise: 'all' },
  'subsidy.settings.get': { permission: 'signedIn' },
  'subsidy.settings.set': { permission: 'settings' },
  // Each resident's bed-days and categories (ID numbers masked): the facility's own records.
  'subsidy.sheet': { permission: 'elders.read', targets: f() },
  'subsidy.export': { permission: 'exports', targets: f() },
  'declarations.list': { permission: 'registry.read', targets: f() },
  'declarations.save': { permission: 'registry.write', targets: f() },
  'declarations.remove': { permission: 'registry.write', targets: [['id', 'declaration']] },
  'areas.seedStreets': { permission: 'registry.write', targets: [['districtCode', 'area']], otherwise: 'all' },

  'exchange.export': { permission: 'bulk.personal', targets: [['facilityIds', 'facilities']] },
  'exchange.preview': { permission: 'bulk.personal', otherwise: 'all' },
  'exchange.apply': { permission: 'bulk.personal', otherwise: 'all' },
} as const satisfies Record<ChannelName, ChannelAccess>;
