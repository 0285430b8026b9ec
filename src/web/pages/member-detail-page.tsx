import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client.js';
import { useMe } from '../auth/session.js';
import { ErrorAlert, PageSpinner } from '../components/feedback.js';
import { useDocumentTitle } from '../components/page-title.js';
import { NotFound } from '../components/result-pages.js';
import { useMember } from '../features/member/api.js';
import {
  MemberDeactivateModal,
  MemberFormModal,
  MemberTransferModal,
} from '../features/member/member-modals.js';
import { MemberProfile } from '../features/member/member-profile.js';
import { useOrgs } from '../features/org/api.js';
import { useI18n } from '../i18n/index.js';
import { canAt, partyRoots } from '../lib/access.js';

export function MemberDetailPage() {
  const { id } = useParams();
  const memberId = Number(id);
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const member = useMember(Number.isInteger(memberId) && memberId > 0 ? memberId : null);
  const party = useOrgs('party');
  const units = useOrgs('unit');
  const [dialog, setDialog] = useState<'edit' | 'transfer' | 'deactivate' | null>(null);
  useDocumentTitle(member.data ? t('member.detailTitle', { name: member.data.name }) : null);

  if (!Number.isInteger(memberId) || memberId <= 0) return <NotFound />;
  if (member.isPending) return <PageSpinner />;
  if (member.isError) {
    return member.error instanceof ApiError && member.error.status === 404 ? (
      <NotFound />
    ) : (
      <ErrorAlert error={member.error} onRetry={() => void member.refetch()} />
    );
  }
  const m = member.data;
  const orgs = [...(party.data ?? []), ...(units.data ?? [])];
  const scopeOrg = m.branchId ?? m.unitId;
  const canManage =
    m.active &&
    scopeOrg != null &&
    canAt(me.grants, 'member.manage', scopeOrg, orgs, partyRoots(party.data ?? []));

  return (
    <div className="kh-narrow" style={{ maxWidth: 960 }}>
      <div className="kh-toolbar">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
          {t('common.back')}
        </Button>
        <Typography.Title level={1} className="kh-visually-hidden">
          {t('member.detailTitle', { name: m.name })}
        </Typography.Title>
        <div className="kh-toolbar-spacer" />
        {canManage ? (
          <Space wrap>
            <Button onClick={() => setDialog('edit')}>{t('common.edit')}</Button>
            {m.isPartyMember ? (
              <Button onClick={() => setDialog('transfer')}>{t('member.transfer')}</Button>
            ) : null}
            <Button danger onClick={() => setDialog('deactivate')}>
              {t('member.deactivate')}
            </Button>
          </Space>
        ) : null}
      </div>
      <MemberProfile member={m} />
      {dialog === 'edit' ? (
        <MemberFormModal
          open
          member={m}
          onClose={() => setDialog(null)}
          onSaved={() => void message.success(t('common.saved'))}
        />
      ) : null}
      {dialog === 'transfer' ? <MemberTransferModal open member={m} onClose={() => setDialog(null)} /> : null}
      {dialog === 'deactivate' ? (
        <MemberDeactivateModal open member={m} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
