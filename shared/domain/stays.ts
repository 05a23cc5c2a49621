// The stay vocabulary: keys stored in CHECK constraints, labels shown and imported. Both the stays'
// contract and the elders' (the elder page lists the stays) use it.

export const FEE_CLASSES = { free: '无偿', low: '低偿', standard: '普通' } as const;
export type FeeClass = keyof typeof FEE_CLASSES;
export const FEE_CLASS_KEYS = Object.keys(FEE_CLASSES) as [FeeClass, ...FeeClass[]];

export const DISCHARGE_REASONS = { voluntary: '自愿退住', transfer_out: '转院', death: '死亡', other: '其他' } as const;
export type DischargeReason = keyof typeof DISCHARGE_REASONS;
export const DISCHARGE_REASON_KEYS = Object.keys(DISCHARGE_REASONS) as [DischargeReason, ...DischargeReason[]];
