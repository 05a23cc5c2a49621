import { Button, Group, Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentRow } from '../../../../shared/contract';
import { ASSESSMENT_REASONS, type AssessmentReason } from '../../../../shared/contract/assessments';
import {
  ABILITY_LEVEL_DETAILS,
  ASSESSMENT_DOMAINS,
  ASSESSMENT_DOMAIN_KEYS,
  RISK_EVENT_KINDS,
  itemOptions,
  type AssessmentDomain,
  type AssessmentOutcome,
  type RiskEventKind,
} from '../../../../shared/domain/assessment';
import './assessmentPrint.css';

/** Scores as the form holds them: an item not yet rated is null. */
export type PartialScores = Record<AssessmentDomain, Record<string, number | null>>;

export interface PrintableAssessment {
  assessedOn: string;
  reason: AssessmentReason | null;
  assessor: string;
  scores: PartialScores;
  coma: boolean;
  dementia: boolean;
  mentalDisorder: boolean;
  riskEvents30d: Record<RiskEventKind, number>;
  /** Null while items are still unrated: no total or level is printed then. */
  outcome: AssessmentOutcome | null;
}

/** A saved assessment as the sheet prints it (its stored result, not a recomputation). */
export function printable(row: AssessmentRow | undefined): PrintableAssessment | null {
  if (!row) return null;
  const { assessedOn, reason, assessor, scores, coma, dementia, mentalDisorder, riskEvents30d } = row;
  const outcome = { domainScores: row.domainScores, total: row.total, preliminaryLevel: row.preliminaryLevel, finalLevel: row.finalLevel, adjustments: row.adjustments, riskEventCount: Object.values(riskEvents30d).reduce((n, v) => n + v, 0) };
  return { assessedOn, reason, assessor, scores: scores as unknown as PartialScores, coma, dementia, mentalDisorder, riskEvents30d, outcome };
}

const fullLabel = (key: string) => ABILITY_LEVEL_DETAILS.find((d) => d.key === key)?.fullLabel ?? key;

/**
 * The assessment on A4 paper for the file and the signatures. The ID number is printed as the page shows
 * it: masked unless the account has opened the full record (itself audited).
 */
function Sheet({ elder, a }: { elder: { name: string; idNumber: string }; a: PrintableAssessment }) {
  const { t } = useTranslation();
  const risk = (Object.keys(RISK_EVENT_KINDS) as RiskEventKind[]).filter((k) => a.riskEvents30d[k] > 0);
  const flags = [a.coma && t('elders.assessments.coma'), a.dementia && t('elders.assessments.dementia'), a.mentalDisorder && t('elders.assessments.mentalDisorder')].filter(Boolean);
  return (
    <div className="assessment-sheet" data-testid="assessment-sheet">
      <h1>{t('elders.assessments.printTitle')}</h1>
      <p className="assessment-sheet-sub">{t('elders.assessments.printStandard')}</p>
      <table className="assessment-sheet-head">
        <tbody>
          <tr>
            <th>{t('elders.name')}</th>
            <td data-testid="print-name">{elder.name}</td>
            <th>{t('elders.idNumber')}</th>
            <td data-testid="print-id-number">{elder.idNumber}</td>
          </tr>
          <tr>
            <th>{t('elders.assessments.assessedOn')}</th>
            <td>{a.assessedOn}</td>
            <th>{t('elders.assessments.reason')}</th>
            <td>{a.reason ? ASSESSMENT_REASONS[a.reason] : ''}</td>
          </tr>
          <tr>
            <th>{t('elders.assessments.assessor')}</th>
            <td colSpan={3}>{a.assessor}</td>
          </tr>
        </tbody>
      </table>
      {ASSESSMENT_DOMAIN_KEYS.map((d) => {
        const domain = ASSESSMENT_DOMAINS[d];
        const given = a.scores[d];
        const sum = Object.values(given).reduce<number>((s, v) => s + (v ?? 0), 0);
        return (
          <table key={d} className="assessment-sheet-domain" data-testid={`print-domain-${d}`}>
            <thead>
              <tr>
                <th colSpan={3}>{domain.code} {domain.label}</th>
              </tr>
              <tr>
                <th>{t('elders.assessments.printItem')}</th>
                <th>{t('elders.assessments.printChoice')}</th>
                <th>{t('elders.assessments.printScore')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(domain.items).map(([key, item]) => {
                const score = given[key] ?? null;
                const chosen = score === null ? null : itemOptions(d, key).find((o) => o.score === score);
                return (
                  <tr key={key} data-testid={`print-item-${key}`}>
                    <td className="assessment-sheet-item">{item.code} {item.label}</td>
                    <td>{chosen ? chosen.description : t('elders.assessments.printNotRated')}</td>
                    <td className="assessment-sheet-score">{score ?? ''}</td>
                  </tr>
                );
              })}
              <tr className="assessment-sheet-subtotal">
                <td colSpan={2}>{t('elders.assessments.printDomainTotal', { label: domain.label })}</td>
                <td className="assessment-sheet-score" data-testid={`print-subtotal-${d}`}>{sum}/{domain.max}</td>
              </tr>
            </tbody>
          </table>
        );
      })}
      <table className="assessment-sheet-head assessment-sheet-result">
        <tbody>
          <tr>
            <th>{t('elders.assessments.total')}</th>
            <td data-testid="print-total">{a.outcome ? `${a.outcome.total}/90` : t('elders.assessments.levelPending')}</td>
            <th>{t('elders.assessments.preliminary')}</th>
            <td data-testid="print-preliminary">{a.outcome ? fullLabel(a.outcome.preliminaryLevel) : t('elders.assessments.levelPending')}</td>
          </tr>
          <tr>
            <th>{t('elders.assessments.printRisk')}</th>
            <td colSpan={3}>{risk.map((k) => `${RISK_EVENT_KINDS[k]} ${a.riskEvents30d[k]} 次`).join('、') || t('elders.assessments.printNone')}</td>
          </tr>
          <tr>
            <th>{t('elders.assessments.adjustments')}</th>
            <td colSpan={3} data-testid="print-adjustments">
              {/* Scored: the rules that applied, in the standard's words. Not yet: what was ticked, so far. */}
              {a.outcome
                ? a.outcome.adjustments.length > 0
                  ? a.outcome.adjustments.map((x) => <div key={x.kind}>{x.reason}</div>)
                  : t('elders.assessments.printNone')
                : flags.join('；') || t('elders.assessments.printNone')}
            </td>
          </tr>
          <tr>
            <th>{t('elders.assessments.final')}</th>
            <td colSpan={3} data-testid="print-final">{a.outcome ? fullLabel(a.outcome.finalLevel) : t('elders.assessments.levelPending')}</td>
          </tr>
        </tbody>
      </table>
      <div className="assessment-sheet-signatures" data-testid="print-signatures">
        <span>{t('elders.assessments.printSigAssessor1')}：<i /></span>
        <span>{t('elders.assessments.printSigAssessor2')}：<i /></span>
        <span>{t('elders.assessments.printSigElder')}：<i /></span>
        <span>{t('elders.assessments.printSigDate')}：<i /></span>
      </div>
    </div>
  );
}

/** Full-screen preview of the sheet; 打印 hands it to the print dialog, where only the sheet is printed. */
export function AssessmentPrint({ opened, onClose, elder, assessment }: { opened: boolean; onClose: () => void; elder: { name: string; idNumber: string }; assessment: PrintableAssessment | null }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened && assessment !== null}
      onClose={onClose}
      fullScreen
      withCloseButton={false}
      // Its own node under <body>, apart from the form's modal, so the print rules can keep only this one.
      portalProps={{ reuseTargetNode: false }}
      classNames={{ root: 'assessment-print-root', inner: 'assessment-print-inner', content: 'assessment-print-content', body: 'assessment-print-body', overlay: 'assessment-print-hidden' }}
      aria-label={t('elders.assessments.printTitle')}
    >
      <Group justify="flex-end" className="assessment-print-hidden" mb="sm">
        <Button variant="default" onClick={onClose}>{t('elders.assessments.printClose')}</Button>
        <Button onClick={() => window.print()} data-autofocus>{t('elders.assessments.print')}</Button>
      </Group>
      {assessment && <Sheet elder={elder} a={assessment} />}
    </Modal>
  );
}
