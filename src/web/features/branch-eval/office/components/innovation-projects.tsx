import { App, Button, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../../../components/feedback.js';
import { useI18n } from '../../../../i18n/index.js';
import { parsePointsText, points2 } from '../../../../lib/points.js';
import {
  type BranchMonthView,
  useAwardProjectInnovation,
  useInnovationCandidates,
  useWithdrawProjectInnovation,
} from '../api.js';

type Indicator = BranchMonthView['indicators'][number];

/**
 * The excellent projects cited for an innovation indicator (SPEC §4 "Feeds branch evaluation"),
 * and, while the office verifies, the picker that awards points citing another of the branch's
 * excellent projects (each project once) or withdraws a citation. `onChanged` gets the branch's
 * month as the server stored it, so the award field shows the new total.
 */
export function InnovationProjects({
  ind,
  branchId,
  month,
  editable,
  onChanged,
}: {
  ind: Indicator;
  branchId: number;
  month: string;
  editable: boolean;
  onChanged: (view: BranchMonthView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const candidates = useInnovationCandidates(branchId, editable);
  const award = useAwardProjectInnovation();
  const withdraw = useWithdrawProjectInnovation();
  const [projectId, setProjectId] = useState<number | null>(null);
  const [points, setPoints] = useState('');
  const open = (candidates.data?.items ?? []).filter((p) => p.cited === null);
  const parsed = parsePointsText(points);
  if (!editable && ind.projects.length === 0) return null;

  const submit = () => {
    if (projectId === null || parsed === null || parsed <= 0) return;
    award
      .mutateAsync({ branchId, month, code: ind.code, projectId, points: parsed })
      .then((view) => {
        setProjectId(null);
        setPoints('');
        onChanged(view);
      })
      .catch((e: unknown) => void message.error(errorText(e, locale, t)));
  };

  return (
    <div className="kh-be-projects">
      <div className="kh-be-label">{t('be.office.projects.title')}</div>
      {ind.projects.length === 0 ? <div className="kh-be-muted">{t('be.office.projects.none')}</div> : null}
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {ind.projects.map((p) => (
          <li key={p.projectId}>
            <Link to={`/projects/${p.projectId}`}>{p.title}</Link>{' '}
            <Typography.Text type="secondary">
              {t('be.office.projects.points', { points: points2(p.points), year: p.year })}
            </Typography.Text>
            {editable ? (
              <Button
                type="link"
                size="small"
                loading={withdraw.isPending}
                onClick={() =>
                  withdraw
                    .mutateAsync({ branchId, month, projectId: p.projectId })
                    .then(onChanged)
                    .catch((e: unknown) => void message.error(errorText(e, locale, t)))
                }
              >
                {t('be.office.projects.withdraw')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <Space.Compact style={{ marginTop: 4 }}>
          <Select
            size="small"
            style={{ minWidth: 220 }}
            aria-label={t('be.office.projects.pick')}
            placeholder={
              open.length === 0 ? t('be.office.projects.noCandidates') : t('be.office.projects.pick')
            }
            disabled={open.length === 0}
            loading={candidates.isPending}
            value={projectId}
            onChange={setProjectId}
            options={open.map((p) => ({ value: p.projectId, label: `${p.year} · ${p.title}` }))}
          />
          <Input
            size="small"
            style={{ width: 90 }}
            inputMode="decimal"
            aria-label={t('be.office.projects.pointsLabel')}
            placeholder={t('be.office.projects.pointsLabel')}
            value={points}
            onChange={(e) => setPoints(e.target.value)}
          />
          <Button
            size="small"
            type="primary"
            disabled={projectId === null || parsed === null || parsed <= 0}
            loading={award.isPending}
            onClick={submit}
          >
            {t('be.office.projects.award')}
          </Button>
        </Space.Compact>
      ) : null}
    </div>
  );
}
